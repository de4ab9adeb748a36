from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "paizhu.audit"
    label = "audit"
    verbose_name = "审计日志"
