from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "paizhu.integrity"
    label = "integrity"
    verbose_name = "廉政档案"

    def ready(self):
        from paizhu.audit import events
        from paizhu.core import demo, numbering

        from . import access, approvals, registry  # noqa: F401 - access registers the file's policies
        from .audit_events import AUDIT_EVENTS

        events.register(AUDIT_EVENTS)
        numbering.register("DA", "查阅廉政档案申请")
        approvals.register()
        registry.register_navigation_and_pickers()
        demo.register("paizhu.integrity.demo", order=90)
