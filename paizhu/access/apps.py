from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "paizhu.access"
    label = "access"
    verbose_name = "访问控制"

    def ready(self):
        from paizhu.core import todos
        from paizhu.core.roles import Role

        from .handled import reassignment_todos

        todos.register(
            todos.TodoProvider(
                "回避改派", frozenset({Role.GROUP_LEADER}), reassignment_todos, "没有因回避需要改派的事项。"
            )
        )
