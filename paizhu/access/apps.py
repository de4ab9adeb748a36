from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "paizhu.access"
    label = "access"
    verbose_name = "访问控制"

    def ready(self):
        from paizhu.accounts.roles import COMMISSION_ROLES, GROUP_ROLES
        from paizhu.core.navigation import NavItem, register

        from . import policies  # noqa: F401 - registers every model's policy

        register(
            NavItem("个人事项", "回避申报", "access:relations", COMMISSION_ROLES | GROUP_ROLES, icon="person-slash")
        )
