from django.apps import AppConfig


class CluesConfig(AppConfig):
    name = "paizhu.clues"
    label = "clues"
    verbose_name = "问题线索"

    def ready(self):
        from . import registry

        registry.register_navigation_and_todos()
