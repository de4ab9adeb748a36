from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only SM3 chain and its writer; it imports nothing above core (the pages are `paizhu.auditor`)."""

    name = "paizhu.audit"
    label = "audit"
    verbose_name = "审计日志"
