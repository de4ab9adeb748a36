from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "paizhu.core"
    label = "core"
    verbose_name = "基础设施"

    def ready(self):
        from . import checks, demo  # noqa: F401 - checks registers the deployment checks

        demo.register("paizhu.core.demo_calendar", order=30, base=True)
