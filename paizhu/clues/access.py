"""Who sees and who acts on clues, cases and screening meetings (registered from CluesConfig.ready)."""

from django.db.models import Q
from django.urls import reverse

from paizhu import access
from paizhu.access.handled import HandledMatter, register_recusable
from paizhu.access.handled import register as register_handled
from paizhu.access.matters import ALL_GROUPS_ROLES, MatterFields, matter_policy
from paizhu.access.policy import Policy
from paizhu.access.recusal import excluding_conflicts
from paizhu.core.roles import GROUP_ROLES, Role

from .models import Case, Clue, ScreeningMeeting
from .workflows import CLOSED_STATES

_CLUE_FIELDS = MatterFields(
    unit="unit",
    day="received_on",
    group="group",
    subjects="subjects",
    office_roles=frozenset({Role.CASE_MANAGEMENT}),
    handlers="handlers",
)
access.register(Clue, matter_policy(_CLUE_FIELDS, audit_read="clue.viewed"))

_CASE_FIELDS = MatterFields(
    unit="clue__unit",
    day="clue__received_on",
    group="clue__group",
    subjects="clue__subjects",
    office_roles=frozenset({Role.CASE_MANAGEMENT}),
    handlers="clue__handlers",
)
_case_matters = matter_policy(_CASE_FIELDS, audit_read="case.viewed")


def _cases(user, grant, qs, action):
    # 审理室 sees a case once it is sent to review, and only then (审查与审理分离).
    if grant.role == Role.CASE_REVIEW:
        sent = qs.filter(sent_to_review_on__isnull=False)
        return excluding_conflicts(user, sent, unit_path="clue__unit", subjects_path="clue__subjects")
    return _case_matters.scope(user, grant, qs, action)


access.register(Case, Policy(_cases, audit_read="case.viewed", actions=_case_matters.actions))
register_recusable(Case)  # self-recusal from the case page


# --- clue screening meetings (集体排查) ---
# A meeting names the clues it discussed, so it is scoped like them: the commission's leaders, the
# dispatch office and 案管 see every meeting; a group's staff see their group's; nobody else any.
# Each clue of a meeting is still shown only to those who may see the clue (recusal).


def _screening_meetings(user, grant, qs, action):
    if grant.role in ALL_GROUPS_ROLES or grant.role == Role.CASE_MANAGEMENT:
        return qs
    if grant.role in GROUP_ROLES:
        return qs.filter(group_id=grant.group_id)
    return qs.none()


access.register(ScreeningMeeting, Policy(_screening_meetings, audit_read="screening.viewed"))


register_handled(
    HandledMatter(
        Clue,
        "handlers",
        "unit",
        "subjects",
        lambda c: reverse("clues:detail", args=[c.pk]),
        "问题线索",
        still_open=~Q(status__in=CLOSED_STATES),
    )
)
