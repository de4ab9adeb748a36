from django.apps import AppConfig


class AuditorConfig(AppConfig):
    """The security auditor's pages over the audit trail (`paizhu.audit`, the writer, sits at the bottom)."""

    name = "paizhu.auditor"
    label = "auditor"
    verbose_name = "安全审计"

    def ready(self):
        from paizhu.core import generators
        from paizhu.core.navigation import NavItem, register
        from paizhu.core.roles import Role

        from . import access  # noqa: F401 - registers the audit trail's access policy

        register(
            NavItem("安全审计", "审计日志", "audit:entries", frozenset({Role.SECURITY_AUDITOR}), icon="journal-text")
        )
        generators.register("audit", "paizhu.auditor.gen", order=90, label="审计记录")  # paizhu gen
