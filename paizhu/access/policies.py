"""Every model's policy, read top to bottom: who sees what. Loaded by AccessConfig.ready()."""

from django.db.models import Q
from django.urls import reverse

from paizhu.accounts.models import RoleGrant, User
from paizhu.accounts.roles import COMMISSION_ROLES, GROUP_ROLES, UNIT_ROLES, Role
from paizhu.audit.models import AuditEntry
from paizhu.clues.models import Case, Clue, ScreeningMeeting
from paizhu.clues.workflows import CLOSED_STATES
from paizhu.intake.models import ForwardingRecord, Report
from paizhu.org.models import Coverage, DispatchedStaff, DispatchGroup, IntegrityRecord, Person, Unit

from .handled import HandledMatter, register_recusable
from .handled import register as register_handled
from .matters import ALL_GROUPS_ROLES, MatterFields, matter_policy
from .policy import Policy, register, visible_unit_ids
from .recusal import conflicts_of, excluding_conflicts

BUSINESS_ROLES = COMMISSION_ROLES | GROUP_ROLES | UNIT_ROLES


def _org_units(user, grant, qs, action):
    if grant.role not in BUSINESS_ROLES:
        return qs.none()
    unit_ids = visible_unit_ids(grant)
    return qs if unit_ids is None else qs.filter(pk__in=unit_ids)


def _org_groups(user, grant, qs, action):
    if grant.role in COMMISSION_ROLES:
        return qs
    if grant.role in GROUP_ROLES:
        return qs.filter(pk=grant.group_id)
    return qs.none()


# The org chart is changed ("manage") by 派驻机构管理部门 alone: coverage (监督关系调整), dispatched
# staff and the roster. The 系统管理员 holds no business data (三员分立), so not even the roster.
ORG_MANAGERS = frozenset({Role.DISPATCH_MANAGEMENT})


def _org_coverages(user, grant, qs, action):
    if action == "manage":
        return qs if grant.role in ORG_MANAGERS else qs.none()
    if grant.role in COMMISSION_ROLES:
        return qs
    if grant.role in GROUP_ROLES:
        return qs.filter(group_id=grant.group_id)
    return qs.none()


def _org_people(user, grant, qs, action):
    if action == "manage":
        return qs if grant.role in ORG_MANAGERS else qs.none()
    if action == "declare":
        # Whom a user may name in a recusal declaration: staff of the commission and the groups, any
        # active cadre (a relative may work in any unit), found only by a bounded search (/recusal/).
        return qs.filter(is_active=True) if grant.role in COMMISSION_ROLES | GROUP_ROLES else qs.none()
    if grant.role not in BUSINESS_ROLES:
        return qs.none()
    unit_ids = visible_unit_ids(grant)
    return qs if unit_ids is None else qs.filter(unit_id__in=unit_ids)


def _dispatched_staff(user, grant, qs, action):
    if action == "manage":
        return qs if grant.role in ORG_MANAGERS else qs.none()
    if grant.role in COMMISSION_ROLES:
        return qs
    if grant.role in GROUP_ROLES:
        return qs.filter(group_id=grant.group_id)
    return qs.none()


def _role_grants(user, grant, qs, action):
    # The security administrator manages grants; the auditor sees them; nobody else.
    if grant.role == Role.SECURITY_ADMIN:
        return qs if action == "view" else qs.filter(~Q(user=user))
    if grant.role == Role.SECURITY_AUDITOR and action == "view":
        return qs
    return qs.none()


def _users(user, grant, qs, action):
    # The system administrator keeps accounts; the security roles see them to grant and audit.
    if grant.role == Role.SYSTEM_ADMIN:
        return qs
    if grant.role in {Role.SECURITY_ADMIN, Role.SECURITY_AUDITOR} and action == "view":
        return qs
    return qs.none()


def _audit_entries(user, grant, qs, action):
    if grant.role == Role.SECURITY_AUDITOR:
        return qs
    return qs.none()


register(Unit, Policy(_org_units))
register(DispatchGroup, Policy(_org_groups))
register(Coverage, Policy(_org_coverages, actions=frozenset({"view", "manage"})))
register(Person, Policy(_org_people, actions=frozenset({"view", "manage", "declare"})))
register(DispatchedStaff, Policy(_dispatched_staff, actions=frozenset({"view", "manage"})))
register(RoleGrant, Policy(_role_grants, actions=frozenset({"view", "manage"})))
register(User, Policy(_users, actions=frozenset({"view", "manage"})))
register(AuditEntry, Policy(_audit_entries, audit_read="audit.viewed", actions=frozenset({"view", "export"})))


# --- intake ---


register(
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


register(ForwardingRecord, Policy(_forwarding_records))


# --- clues ---


_CLUE_FIELDS = MatterFields(
    unit="unit",
    day="received_on",
    group="group",
    subjects="subjects",
    office_roles=frozenset({Role.CASE_MANAGEMENT}),
    handlers="handlers",
)
register(Clue, matter_policy(_CLUE_FIELDS, audit_read="clue.viewed"))

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


register(Case, Policy(_cases, audit_read="case.viewed", actions=_case_matters.actions))
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


register(ScreeningMeeting, Policy(_screening_meetings, audit_read="screening.viewed"))


# --- integrity files (廉政档案) ---
# Written when a clue or case about the person concludes. The commission's leaders, the dispatch
# office and 案管 see every file; a group sees the files of the units it covers; the person's own
# unit never does; whoever is conflicted with the person sees nothing of their file.


def _integrity_records(user, grant, qs, action):
    if grant.role in ALL_GROUPS_ROLES or grant.role == Role.CASE_MANAGEMENT:
        visible = qs
    elif grant.role in GROUP_ROLES:
        visible = qs.filter(person__unit_id__in=visible_unit_ids(grant))
    else:
        return qs.none()
    conflicts = conflicts_of(user)
    return visible.exclude(person_id__in=conflicts.person_ids).exclude(person__unit_id__in=conflicts.unit_ids)


register(IntegrityRecord, Policy(_integrity_records, audit_read="integrity.viewed"))


# --- matters with handlers: a conflicted handler prompts the group leader to reassign ---


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
