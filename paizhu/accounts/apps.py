from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "paizhu.accounts"
    label = "accounts"
    verbose_name = "账户与角色"

    def ready(self):
        from paizhu.core.navigation import NavItem, register

        from .roles import Role

        register(NavItem("工作台", "我的待办", "home", frozenset(Role.values), icon="inbox", order=0))
