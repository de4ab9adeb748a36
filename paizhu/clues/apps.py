from django.apps import AppConfig


class CluesConfig(AppConfig):
    name = "paizhu.clues"
    label = "clues"
    verbose_name = "问题线索"

    def ready(self):
        from paizhu.audit import events

        from .audit_events import AUDIT_EVENTS

        events.register(AUDIT_EVENTS)
        from . import (
            access,  # noqa: F401 - registers the app's access policies
            registry,
        )

        registry.register_navigation_and_todos()
        from paizhu.workflow import reminders

        from . import approvals, documents, services

        approvals.register()
        documents.register()
        reminders.register("clues", "clues.Clue", services.due_reminders)
        from paizhu.core import generators

        generators.register("clues", "paizhu.clues.gen", order=20, label="问题线索")  # paizhu gen
        self.register_kernel_entries()

    def register_kernel_entries(self):
        """What clues plug into core: their search document, serial kinds, demo loader and API router."""
        from paizhu.core import demo, numbering, routers, search

        from .search import DOCUMENT

        search.register(DOCUMENT)
        numbering.register("XS", "问题线索")
        numbering.register("AJ", "案件")
        demo.register("paizhu.clues.demo", order=50)
        routers.register("/clues/", "paizhu.clues.api")
