from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "paizhu.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from paizhu.core.navigation import NavItem, register
        from paizhu.core.roles import Role

        register(
            NavItem("安全审计", "审计日志", "audit:entries", frozenset({Role.SECURITY_AUDITOR}), icon="journal-text")
        )
        from paizhu.core import generators

        generators.register("audit", "paizhu.audit.gen", order=90, label="审计记录")  # paizhu gen
