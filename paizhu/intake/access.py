"""Who sees and who acts on reports and forwarding records (registered from IntakeConfig.ready)."""

from django.db.models import Q
from django.urls import reverse

from paizhu import access
from paizhu.access.handled import HandledMatter
from paizhu.access.handled import register as register_handled
from paizhu.access.matters import ALL_GROUPS_ROLES, MatterFields, matter_policy
from paizhu.access.policy import Policy
from paizhu.core.roles import GROUP_ROLES, Role

from .models import ForwardingRecord, Report

access.register(
    Report,
    matter_policy(
        MatterFields(
            unit="unit",
            day="received_on",
            group="group",
            subjects="subjects",
            office_roles=frozenset({Role.PETITION_OFFICE}),
            handlers="handler",
            typed_subjects="named",
        ),
        audit_read="report.viewed",
    ),
)


# A forwarding record holds no content, only where a report went: the petition office, the
# commission's leaders and the dispatch office see all of them; a group sees those its staff recorded.


def _forwarding_records(user, grant, qs, action):
    if grant.role in ALL_GROUPS_ROLES or grant.role == Role.PETITION_OFFICE:
        return qs
    if grant.role in GROUP_ROLES:
        return qs.filter(group_id=grant.group_id)
    return qs.none()


access.register(ForwardingRecord, Policy(_forwarding_records))


register_handled(
    HandledMatter(
        Report,
        "handler",
        "unit",
        "subjects",
        lambda r: reverse("intake:detail", args=[r.pk]),
        "信访举报",
        typed_subjects="named",
        still_open=~Q(stage__in=[Report.Stage.CLOSED, Report.Stage.TRANSFERRED, Report.Stage.DUPLICATE]),
    )
)
