from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "paizhu.intake"
    label = "intake"
    verbose_name = "信访举报"

    def ready(self):
        from paizhu.audit import events

        from .audit_events import AUDIT_EVENTS

        events.register(AUDIT_EVENTS)
        from paizhu.core import todos
        from paizhu.core.navigation import NavItem, register
        from paizhu.core.roles import GROUP_ROLES, Role

        from . import (
            access,  # noqa: F401 - registers the app's access policies
            queries,
        )

        staff = queries.STAFF_ROLES
        registering = frozenset({Role.PETITION_OFFICE}) | GROUP_ROLES
        register(NavItem("信访举报", "举报列表", "intake:list", staff, icon="envelope-paper", order=10))
        register(NavItem("信访举报", "登记举报", "intake:register", registering, icon="pencil-square", order=20))
        notices = todos.TodoProvider(
            "告知与期限", staff, queries.notice_todos, "暂无待办的告知事项。", total=queries.notice_work
        )
        register(
            NavItem(
                "信访举报",
                "告知与期限",
                "intake:due",
                staff,
                icon="alarm",
                order=30,
                badge=lambda user: todos.badge(notices, user),
            )
        )
        register(NavItem("信访举报", "转送记录", "intake:forwarding", registering, icon="send", order=40))
        register(
            NavItem(
                "信访举报",
                "身份查看审批",
                "intake:identity_requests",
                frozenset({Role.COMMISSION_LEADER}),
                icon="person-lock",
                order=50,
                badge=queries.pending_identity_badge,
            )
        )
        todos.register(notices)
        todos.register(
            todos.TodoProvider(
                "待确认分办",
                frozenset({Role.PETITION_OFFICE}),
                queries.routing_todos,
                "暂无待确认的分办意见。",
                total=queries.routing_work,
            )
        )
        from paizhu.core import generators

        generators.register("intake", "paizhu.intake.gen", order=10, label="信访举报")  # paizhu gen
        self.register_kernel_entries()

    def register_kernel_entries(self):
        """What intake plugs into core: its search document, serial kind, demo loader and API router."""
        from paizhu.core import demo, numbering, routers, search

        from .search import DOCUMENT

        search.register(DOCUMENT)
        numbering.register("XF", "信访举报")
        demo.register("paizhu.intake.demo", order=40)
        routers.register("/intake/", "paizhu.intake.api")
