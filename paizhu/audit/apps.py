from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "paizhu.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from paizhu.accounts.roles import Role
        from paizhu.core.navigation import NavItem, register

        register(
            NavItem("安全审计", "审计日志", "audit:entries", frozenset({Role.SECURITY_AUDITOR}), icon="journal-text")
        )
