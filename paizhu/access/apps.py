from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "paizhu.access"
    label = "access"
    verbose_name = "访问控制"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from paizhu.core import todos
        from paizhu.core.navigation import NavItem, register
        from paizhu.core.roles import COMMISSION_ROLES, GROUP_ROLES, Role
        from paizhu.org.models import Coverage

        from . import policies  # noqa: F401 - registers every model's policy
        from .matters import forget_coverage

        post_save.connect(forget_coverage, sender=Coverage, dispatch_uid="access-coverage-saved")
        post_delete.connect(forget_coverage, sender=Coverage, dispatch_uid="access-coverage-deleted")
        from .handled import reassignment_todos

        register(
            NavItem("个人事项", "回避申报", "access:relations", COMMISSION_ROLES | GROUP_ROLES, icon="person-slash")
        )
        todos.register(
            todos.TodoProvider(
                "回避改派", frozenset({Role.GROUP_LEADER}), reassignment_todos, "没有因回避需要改派的事项。"
            )
        )
