from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "paizhu.rectification"
    label = "rectification"
    verbose_name = "整改督办"

    def ready(self):
        from paizhu.audit import events
        from paizhu.core import demo, numbering
        from paizhu.workflow import reminders

        from . import (
            access,  # noqa: F401 - registers the app's access policies
            approvals,
            documents,
            registry,
            services,
        )
        from .audit_events import AUDIT_EVENTS

        events.register(AUDIT_EVENTS)
        numbering.register("ZG", "整改建议")
        approvals.register()
        documents.register()
        registry.register_navigation_and_todos()
        reminders.register("rectification", "rectification.Item", services.due_reminders)
        reminders.register("rectification_milestones", "rectification.Item", services.milestone_reminders)
        demo.register("paizhu.rectification.demo", order=70)
        from paizhu.core import routers

        routers.register("/rectification/", "paizhu.rectification.api")
