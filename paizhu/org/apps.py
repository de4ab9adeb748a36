from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "paizhu.org"
    label = "org"
    verbose_name = "组织机构"

    def ready(self):
        from paizhu.core.navigation import NavItem, register
        from paizhu.core.roles import COMMISSION_ROLES, GROUP_ROLES, UNIT_ROLES

        from . import access  # noqa: F401 - registers the app's access policies
        from .access import ORG_MANAGERS

        register(NavItem("组织机构", "派驻机构", "org:groups", COMMISSION_ROLES | GROUP_ROLES, icon="diagram-3"))
        register(NavItem("组织机构", "监督关系调整", "org:coverages", ORG_MANAGERS, icon="arrow-left-right"))
        register(NavItem("组织机构", "派驻干部", "org:staff", COMMISSION_ROLES | GROUP_ROLES, icon="person-badge"))
        register(
            NavItem("组织机构", "干部名册", "org:people", COMMISSION_ROLES | GROUP_ROLES | UNIT_ROLES, icon="people")
        )
        register(
            NavItem("个人事项", "回避申报", "recusal:relations", COMMISSION_ROLES | GROUP_ROLES, icon="person-slash")
        )
        from paizhu.core import demo, routers

        demo.register("paizhu.org.demo", order=10, base=True)
        routers.register("/org/", "paizhu.org.api")
