"""Who opens an integrity file, and what they see of it (registered from IntegrityConfig.ready).

Read top to bottom:
- a file exists for a cadre at 副科级 and above (`FILE_RANKS`);
- whoever is conflicted with the cadre — the cadre themselves, a declared relative, former colleague or
  interested party, or anyone who declared the cadre's unit as a former unit — sees nothing of the file, and
  cannot ask for it (recusal, `access.recusal.conflicts_of`);
- the file is *held* ("view": every section, clue outcomes with their serials) by 委领导, 派驻机构管理部门 and
  案件监督管理室 (which keeps the central ledger every clue outcome comes from) for every cadre, and by a
  group's staff for the cadres of the units the group covers now;
- anyone else with a business role — the cadre's own unit (党组书记, 联络员: before a promotion), another group,
  信访室, 案件审理室 (its need is the cases sent to it for review, not the cadres' files) — may *request* it
  ("request"; a unit only for its own cadres), and once the request is approved reads the summary sheet
  ("summary": the conclusions — penalties, first-form measures, integrity opinions — with no clue serial,
  source or summary) until the approval expires;
- the 三员 see nothing.
"""

from django.db.models import Q, QuerySet

from paizhu import access
from paizhu.access.matters import ALL_GROUPS_ROLES
from paizhu.access.policy import Policy
from paizhu.access.recusal import conflicts_of
from paizhu.core.calendar import shanghai_today
from paizhu.core.roles import COMMISSION_ROLES, GROUP_ROLES, UNIT_ROLES, Role
from paizhu.org.access import visible_unit_ids
from paizhu.org.models import IntegrityRecord

from .models import FILE_RANKS, CadreFile, FileRequest, PersonalMattersNote

HOLDING_COMMISSION = ALL_GROUPS_ROLES | {Role.CASE_MANAGEMENT}
REQUESTING_ROLES = COMMISSION_ROLES | GROUP_ROLES | UNIT_ROLES
VIEW, SUMMARY, REQUEST, NOTE = "view", "summary", "request", "note"


def _paths(path: str) -> tuple[str, str, str]:
    """(rank, person id, unit id) of the cadre at `path` from the scoped model ("" for the file itself)."""
    if not path:
        return "rank", "pk", "unit_id"
    return f"{path}__rank", f"{path}_id", f"{path}__unit_id"


def files(user, grant, qs: QuerySet, path: str = "") -> QuerySet:
    """Rows about cadres who have a file and with whom the user is not conflicted."""
    rank, pk, unit = _paths(path)
    conflicts = conflicts_of(user)
    return (
        qs.filter(**{f"{rank}__in": FILE_RANKS})
        .exclude(**{f"{pk}__in": conflicts.person_ids})
        .exclude(**{f"{unit}__in": conflicts.unit_ids})
    )


def held(grant, qs: QuerySet, path: str = "") -> QuerySet:
    """The rows of the files the grant holds: the commission's holders all, a group its units' cadres now."""
    _, _, unit = _paths(path)
    if grant.role in HOLDING_COMMISSION:
        return qs
    if grant.role in GROUP_ROLES:
        return qs.filter(**{f"{unit}__in": visible_unit_ids(grant)})
    return qs.none()


def granted(user, grant, path: str = "") -> Q:
    """Cadres whose file the user may read on an approved request, in the role that asked, until it expires."""
    _, pk, _ = _paths(path)
    open_requests = FileRequest.objects.filter(
        requested_by=user,
        requester_role=grant.role,
        status=FileRequest.Status.APPROVED,
        valid_until__gte=shanghai_today(),
    )
    return Q(**{f"{pk}__in": open_requests.values("person_id")})


def _summary(user, grant, qs: QuerySet, path: str = "") -> QuerySet:
    _, _, unit = _paths(path)
    if grant.role in HOLDING_COMMISSION:
        return qs
    if grant.role in GROUP_ROLES:
        return qs.filter(Q(**{f"{unit}__in": visible_unit_ids(grant)}) | granted(user, grant, path))
    if grant.role in REQUESTING_ROLES:
        return qs.filter(granted(user, grant, path))
    return qs.none()


def _requestable(grant, qs: QuerySet) -> QuerySet:
    if grant.role in UNIT_ROLES:
        return qs.filter(unit_id=grant.unit_id)
    if grant.role in GROUP_ROLES:
        return qs.exclude(unit_id__in=visible_unit_ids(grant))
    if grant.role in COMMISSION_ROLES - HOLDING_COMMISSION:
        return qs
    return qs.none()


def _cadre_files(user, grant, qs, action):
    qs = files(user, grant, qs)
    if action == VIEW:
        return held(grant, qs)
    if action == SUMMARY:
        return _summary(user, grant, qs)
    if action == REQUEST:
        return _requestable(grant, qs.filter(is_active=True))
    if action == NOTE:
        return held(grant, qs) if grant.role in GROUP_ROLES else qs.none()
    return qs.none()


def _records(user, grant, qs, action):
    """A file's entries: all of them to who holds it; on the summary sheet the conclusions — the integrity opinions
    given, and the entries naming measures (a clue closed with nothing found names none)."""
    qs = files(user, grant, qs, "person")
    if action == VIEW:
        return held(grant, qs, "person")
    conclusions = Q(kind=IntegrityRecord.Kind.INTEGRITY_OPINION) | ~Q(measures=[])
    return _summary(user, grant, qs, "person").filter(conclusions)


def _requests(user, grant, qs, action):
    if grant.role not in REQUESTING_ROLES:
        return qs.none()
    qs = files(user, grant, qs, "person")
    own = qs.filter(requested_by=user, requester_role=grant.role)
    if grant.role in ALL_GROUPS_ROLES:
        return qs
    if grant.role in GROUP_ROLES:
        return qs.filter(Q(group_id=grant.group_id) | Q(pk__in=own.values("pk")))
    return own


def _notes(user, grant, qs, action):
    return held(grant, files(user, grant, qs, "person"), "person")


access.register(
    CadreFile,
    Policy(_cadre_files, audit_read="integrity.viewed", actions=frozenset({VIEW, SUMMARY, REQUEST, NOTE})),
)
access.register(IntegrityRecord, Policy(_records, actions=frozenset({VIEW, SUMMARY})))
access.register(FileRequest, Policy(_requests, audit_read="integrity.request_viewed"))
access.register(PersonalMattersNote, Policy(_notes))
