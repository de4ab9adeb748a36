from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "paizhu.supervision"
    label = "supervision"
    verbose_name = "日常监督"

    def ready(self):
        from paizhu.audit import events

        from .audit_events import AUDIT_EVENTS

        events.register(AUDIT_EVENTS)
        from . import (
            access,  # noqa: F401 - registers the app's access policies
            registry,
        )

        registry.register_navigation_and_todos()
        from paizhu.core import demo, numbering

        numbering.register("JD", "日常监督记录")
        demo.register("paizhu.supervision.demo", order=60)
        from paizhu.core import routers

        routers.register("/supervision/", "paizhu.supervision.api")
