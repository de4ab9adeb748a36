from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "paizhu.accounts"
    label = "accounts"
    verbose_name = "账户与角色"
    default = True

    def ready(self):
        from paizhu.core.navigation import NavItem, register
        from paizhu.core.roles import Role

        from . import (
            access,  # noqa: F401 - registers the app's access policies
            signals,
        )

        signals.connect()
        everyone = frozenset(Role.values)
        register(NavItem("工作台", "我的待办", "home", everyone, icon="inbox", order=0))
        register(
            NavItem("系统管理", "用户管理", "accounts:users", frozenset({Role.SYSTEM_ADMIN}), icon="people", order=10)
        )
        register(
            NavItem(
                "系统管理",
                "角色授权",
                "accounts:grants",
                frozenset({Role.SECURITY_ADMIN, Role.SECURITY_AUDITOR}),
                icon="person-badge",
                order=20,
            )
        )
        register(
            NavItem(
                "系统管理",
                "接口令牌",
                "accounts:tokens",
                frozenset({Role.SECURITY_ADMIN, Role.SECURITY_AUDITOR}),
                icon="key-fill",
                order=25,
            )
        )
        register(NavItem("系统管理", "系统配置", "admin:index", frozenset({Role.SYSTEM_ADMIN}), icon="gear", order=30))
        register(NavItem("个人事项", "修改密码", "accounts:password_change", everyone, icon="key", order=190))
        from paizhu.core import demo

        demo.register("paizhu.accounts.demo", order=20, base=True)


class PaizhuAdminConfig(admin_apps.AdminConfig):
    """Replaces "django.contrib.admin" in INSTALLED_APPS: the default site is the system administrator's."""

    default = False
    default_site = "paizhu.accounts.admin.SystemAdminSite"
