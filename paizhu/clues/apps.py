from django.apps import AppConfig


class CluesConfig(AppConfig):
    name = "paizhu.clues"
    label = "clues"
    verbose_name = "问题线索"

    def ready(self):
        from . import (
            access,  # noqa: F401 - registers the app's access policies
            registry,
        )

        registry.register_navigation_and_todos()
        from paizhu.workflow import reminders

        from . import approvals, services

        approvals.register()
        reminders.register("clues", "clues.Clue", services.due_reminders)
        from paizhu.core import generators

        generators.register("clues", "paizhu.clues.gen", order=20, label="问题线索")  # paizhu gen
