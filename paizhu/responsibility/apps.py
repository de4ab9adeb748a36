from django.apps import AppConfig


class ResponsibilityConfig(AppConfig):
    name = "paizhu.responsibility"
    label = "responsibility"
    verbose_name = "主体责任"

    def ready(self):
        from paizhu.audit import events
        from paizhu.core import demo

        from . import access, integrity_file, registry  # noqa: F401 - access registers the app's policies
        from .audit_events import AUDIT_EVENTS

        events.register(AUDIT_EVENTS)
        registry.register_navigation_and_todos()
        integrity_file.register()
        demo.register("paizhu.responsibility.demo", order=80)
        from paizhu.core import numbering
        from paizhu.org import picking
        from paizhu.workflow import reminders

        from .services import appointments, filings, risks

        picking.register("unit_cadre", "本单位干部", appointments.own_people)

        numbering.register("BB", "“三重一大”事项报备")
        numbering.register("XR", "干部选任")
        reminders.register("responsibility", "responsibility.Filing", filings.filing_reminders)
        reminders.register("responsibility.opinions", "responsibility.IntegrityOpinion", appointments.opinion_reminders)
        reminders.register("responsibility.risks", "responsibility.RiskPoint", risks.risk_reminders)
        from paizhu.core import routers

        routers.register("/responsibility/", "paizhu.responsibility.api")
