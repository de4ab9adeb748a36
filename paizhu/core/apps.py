from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "paizhu.core"
    label = "core"
    verbose_name = "基础设施"

    def ready(self):
        from . import search  # noqa: F401 - connects re-indexing when a cadre or unit is renamed
