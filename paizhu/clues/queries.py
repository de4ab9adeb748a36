"""Reads shared by pages, API, commands and to-dos — every one scoped through `paizhu.access`."""

import dataclasses
import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse

from paizhu import access
from paizhu.accounts.models import User
from paizhu.core import search
from paizhu.core.calendar import shanghai_today
from paizhu.core.joined import joined, split
from paizhu.core.params import id_value
from paizhu.core.roles import Role
from paizhu.core.sorting import Sorting, date_range
from paizhu.core.todos import Todo
from paizhu.org.models import Person
from paizhu.workflow import reminders

from .models import Case, Clue, ScreeningMeeting
from .workflows import CLOSED_STATES, CaseStatus, ClueStatus

TODO_LIMIT = 20


def clues(user, action: str = "view") -> QuerySet:
    return access.scope(user, Clue, action)


def open_clues(user) -> QuerySet:
    return clues(user).exclude(status__in=CLOSED_STATES).exclude(due_on__isnull=True)


def soon_date(today: datetime.date | None = None) -> datetime.date:
    return reminders.soon_date(today)


def overdue(qs: QuerySet, today: datetime.date | None = None) -> QuerySet:
    return qs.filter(due_on__lt=today or shanghai_today())


def due_soon(qs: QuerySet, today: datetime.date | None = None) -> QuerySet:
    today = today or shanghai_today()
    return qs.filter(due_on__gte=today, due_on__lte=soon_date(today))


@dataclass(frozen=True)
class ClueFilters:
    group: str = ""
    unit: str = ""
    status: str = ""
    method: str = ""
    source: str = ""
    person: str = ""
    q: str = ""
    overdue: bool = False
    soon: bool = False
    mine: bool = False
    received_from: str = ""  # 受理日期 from … to (ISO dates, checked)
    received_to: str = ""

    @classmethod
    def from_params(cls, params) -> "ClueFilters":
        def text(name):
            return (params.get(name) or "").strip()[:50]

        def record_id(name, *special):
            # A malformed id (abc, -1, beyond int64) is a 400 in Chinese, never a database error.
            value = (params.get(name) or "").strip()
            return value if value in special else str(id_value(value, name) or "")

        start, end = date_range(params)
        return cls(
            received_from=start.isoformat() if start else "",
            received_to=end.isoformat() if end else "",
            group=record_id("group", "office"),
            unit=record_id("unit"),
            status=text("status"),
            method=text("method"),
            source=text("source"),
            person=text("person"),
            q=text("q"),
            overdue=params.get("overdue") == "1",
            soon=params.get("soon") == "1",
            mine=params.get("mine") == "1",
        )

    def as_params(self) -> dict[str, str]:
        """The filters that are set, as URL parameters (for links and audit details)."""
        names = {"received_from": "from", "received_to": "to"}
        return {
            names.get(name, name): "1" if value is True else value
            for name, value in dataclasses.asdict(self).items()
            if value not in ("", False)
        }


def describe_filters(filters: ClueFilters) -> str:
    """The filters in words, printed on exports."""
    from paizhu.org.models import DispatchGroup, Unit

    from .models import Method, Source

    parts = []
    if filters.group == "office":
        parts.append("承办：委机关承办")
    elif filters.group.isdigit():
        group = DispatchGroup.objects.filter(pk=int(filters.group)).first()
        parts.append(f"承办：{group.short_name if group else filters.group}")
    if filters.unit.isdigit():
        unit = Unit.objects.filter(pk=int(filters.unit)).first()
        parts.append(f"涉及单位：{unit.name if unit else filters.unit}")
    for label, value, choices in (
        ("状态", filters.status, ClueStatus),
        ("处置方式", filters.method, Method),
        ("来源", filters.source, Source),
    ):
        if value:
            parts.append(f"{label}：{choices(value).label if value in choices.values else value}")
    if filters.received_from or filters.received_to:
        parts.append(f"受理日期：{filters.received_from or '不限'} 至 {filters.received_to or '不限'}")
    if filters.person:
        parts.append(f"被反映人：{filters.person}")
    if filters.q:
        parts.append(f"关键字：{filters.q}")
    parts += [
        text
        for flag, text in ((filters.overdue, "已逾期"), (filters.soon, "即将到期"), (filters.mine, "我承办的"))
        if flag
    ]
    return "；".join(parts) or "全部"


def _subject_matches(text: str) -> QuerySet:
    return Clue.subjects.through.objects.filter(person__name__contains=text).values("clue_id")


def filter_clues(user, filters: ClueFilters, action: str = "view") -> QuerySet:
    qs = clues(user, action)
    if filters.group.isdigit():
        qs = qs.filter(group_id=int(filters.group))
    elif filters.group == "office":
        qs = qs.filter(group__isnull=True)
    if filters.unit.isdigit():
        qs = qs.filter(unit_id=int(filters.unit))
    if filters.received_from:
        qs = qs.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_on__lte=filters.received_to)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.method:
        qs = qs.filter(method=filters.method)
    if filters.source:
        qs = qs.filter(source_kind=filters.source)
    if filters.person:
        qs = qs.filter(pk__in=_subject_matches(filters.person))
    if filters.q:
        qs = search.matching(qs, filters.q)
    if filters.overdue:
        qs = overdue(qs.exclude(status__in=CLOSED_STATES))
    if filters.soon:
        qs = due_soon(qs.exclude(status__in=CLOSED_STATES))
    if filters.mine:
        qs = qs.filter(handlers=user)
    return qs


# The ledger's orders: plain non-null columns, so its pages stay seek pages (core.sorting).
LEDGER_SORTING = Sorting({"received": ("received_on", "id"), "serial": ("serial",)}, default="-received")


CASE_SORTING = Sorting({"filed": ("filed_on", "id"), "serial": ("serial",)}, default="-filed")


def filter_cases(user, params) -> tuple[QuerySet, dict[str, str]]:
    """The case list's filters (状态, 立案日期 from … to, 被审查调查人), as the page shows them back."""
    qs = access.scope(user, Case)
    start, end = date_range(params)
    filters = {
        "status": (params.get("status") or "").strip()[:30],
        "person": (params.get("person") or "").strip()[:50],
        "from": start.isoformat() if start else "",
        "to": end.isoformat() if end else "",
    }
    if filters["status"] in CaseStatus.values:
        qs = qs.filter(status=filters["status"])
    if start:
        qs = qs.filter(filed_on__gte=start)
    if end:
        qs = qs.filter(filed_on__lte=end)
    if filters["person"]:
        qs = qs.filter(clue_id__in=_subject_matches(filters["person"]))
    return qs, filters


def for_case_list(qs: QuerySet) -> QuerySet:
    return qs.select_related("clue", "clue__unit", "clue__group").prefetch_related(
        Prefetch("clue__subjects", queryset=Person.objects.only("id", "name", "is_leadership_member"))
    )


def for_list(qs: QuerySet) -> QuerySet:
    """What a list row shows, in a fixed number of queries."""
    return qs.select_related("unit", "group").prefetch_related(
        Prefetch("subjects", queryset=Person.objects.only("id", "name", "is_leadership_member", "management_level"))
    )


class ListedSubject(NamedTuple):
    name: str
    is_leadership_member: bool


# The subject's columns the ledger shows, and those of the roster's order (`Person.Meta.ordering`).
_LEDGER_SUBJECT = (
    "person__unit_id",
    "person__is_main_leader",
    "person__is_leadership_member",
    "person_id",
    "person__name",
)


def for_ledger(qs: QuerySet) -> QuerySet:
    """What a ledger row shows, the subjects in the row's own statement (an aggregated subquery per row of the
    page, `core.joined`) instead of a second query: one statement per page. `with_subjects` reads them."""
    rows = Clue.subjects.through.objects.filter(clue_id=OuterRef("pk"))
    return qs.select_related("unit", "group").annotate(subject_rows=joined(rows, "clue_id", *_LEDGER_SUBJECT))


def _yes(text: str) -> bool:
    return text in ("1", "true")  # a boolean as text: SQLite, PostgreSQL


def with_subjects(rows) -> None:
    """Set `listed_subjects` on each row of `for_ledger`: (name, is leadership member), in the roster's order."""
    for row in rows:
        subjects = []
        for unit, main, leader, pk, name in split(row.subject_rows, len(_LEDGER_SUBJECT)):
            key = (unit == "", int(unit or 0), not _yes(main), not _yes(leader), int(pk))
            subjects.append((key, ListedSubject(name, _yes(leader))))
        row.listed_subjects = [subject for _, subject in sorted(subjects)]


def for_detail(qs: QuerySet) -> QuerySet:
    return qs.select_related("unit", "group", "created_by").prefetch_related(
        Prefetch("subjects", queryset=Person.objects.select_related("unit")),
        Prefetch("handlers", queryset=User.objects.only("id", "username", "full_name")),
    )


def _subject_types() -> list[int]:
    return [ContentType.objects.get_for_model(m).pk for m in (Clue, Case)]


ACTION_STATES = (
    ClueStatus.ASSIGNED,
    ClueStatus.INQUIRY,
    ClueStatus.INQUIRY_REPLY,
    ClueStatus.INQUIRY_CONCLUDING,
    ClueStatus.VERIFYING,
    ClueStatus.PARKED,
    ClueStatus.IN_CASE,
)


def my_work(user) -> QuerySet:
    """Clues waiting for the user's own next step: those they handle in a working state; for a group leader
    also the group's clues still without a handler, for 案管 the clues to assign.

    A UNION ALL of branches that each have an index to start from — the user's rows of the handlers table,
    (group, status), status — instead of the group's whole ledger joined to its handlers and made DISTINCT.
    A clue leaves 待提出处置意见 (ASSIGNED) only by a step its handler takes, so only ASSIGNED clues can be
    without one.
    """
    grant = user.acting_grant
    qs = clues(user, "act").order_by()
    if grant.role != Role.CASE_MANAGEMENT:
        qs = qs.exclude(status=ClueStatus.PARKED, due_on__gt=soon_date())
    handled = Clue.handlers.through.objects.filter(user=user).values("clue_id")
    branches = [qs.filter(status__in=ACTION_STATES, pk__in=handled)]
    if grant.role == Role.CASE_MANAGEMENT:
        branches.append(qs.filter(status=ClueStatus.REGISTERED))
    elif grant.role == Role.GROUP_LEADER:
        # The ids from (group, status, id) and the handlers table alone (index-only), rows only for those found.
        handler_named = Clue.handlers.through.objects.filter(clue=OuterRef("pk"))
        unassigned = Clue.objects.filter(~Exists(handler_named), group_id=grant.group_id, status=ClueStatus.ASSIGNED)
        branches.append(qs.filter(pk__in=unassigned.values("pk")))
    first, *others = branches
    return first.union(*others, all=True) if others else first


def handling_todos(user) -> list[Todo]:
    rows = my_work(user).order_by("due_on")[:TODO_LIMIT]
    return [
        Todo(
            kind="线索办理",
            title=f"{row.get_status_display()}：{row.summary[:30]}",
            url=reverse("clues:detail", args=[row.pk]),
            due=row.due_on,
            serial=row.serial,
        )
        for row in rows
    ]


def deadline_work(user) -> QuerySet:
    """Open clues the user acts on whose deadline is passed or near: the 即将到期/已逾期 card and the 期限预警
    badge (a handler's own, a group leader's group's, 案管's clues held by the commission)."""
    return clues(user, "act").exclude(status__in=CLOSED_STATES).filter(due_on__isnull=False, due_on__lte=soon_date())


def _matter_words(clue: Clue) -> str:
    """Who, where and by whom: 被反映人（涉及单位）· 承办组 — from the list's select and prefetch."""
    names = "、".join(p.name for p in clue.subjects.all()) or "未列被反映人"
    group = clue.group.short_name if clue.group_id else (clue.office or "委机关承办")
    return f"{names}（{clue.unit.name}）· {group}"


def deadline_todos(user) -> list[Todo]:
    today = shanghai_today()
    return [
        Todo(
            kind="期限预警",
            title=f"{'已逾期' if row.due_on < today else '即将到期'}·{row.due_label}：{_matter_words(row)}",
            url=reverse("clues:detail", args=[row.pk]),
            due=row.due_on,
            serial=row.serial,
        )
        for row in for_list(deadline_work(user)).order_by("due_on", "id")[:TODO_LIMIT]
    ]


def review_work(user) -> QuerySet:
    return access.scope(user, Case).filter(
        status__in=(CaseStatus.REVIEW_PENDING, CaseStatus.IN_REVIEW, CaseStatus.SUBMITTED, CaseStatus.APPEALED)
    )


def review_todos(user) -> list[Todo]:
    qs = review_work(user)
    return [
        Todo(
            kind="案件审理",
            title=f"{row.get_status_display()}：{_matter_words(row.clue)}",
            url=reverse("clues:case", args=[row.pk]),
            due=row.current_due,
            serial=row.serial,
        )
        for row in qs.select_related("clue__unit", "clue__group")
        .prefetch_related(Prefetch("clue__subjects", queryset=Person.objects.only("id", "name")))
        .order_by("sent_to_review_on")[:TODO_LIMIT]
    ]


@dataclass(frozen=True)
class DeadlineRow:
    name: str
    overdue: int
    soon: int
    open: int


def deadline_summary(user, by: str) -> list[DeadlineRow]:
    """Counts of open, due-soon and overdue clues per group (`by="group"`) or per handler (`by="handler"`).

    Plain counts, no DISTINCT: a clue is one row per group (a foreign key) and one row per handler (the
    handlers table holds a pair once), and DISTINCT would sort every open clue before counting."""

    today = shanghai_today()
    qs = open_clues(user)
    key = {"group": "group__short_name", "handler": "handlers__full_name"}[by]
    rows = (
        qs.values(key)
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=soon_date(today))),
        )
        .order_by("-overdue", "-soon", key)
    )
    fallback = "委机关承办" if by == "group" else "未指定承办人"
    return [DeadlineRow(r[key] or fallback, r["overdue"], r["soon"], r["open"]) for r in rows]


def unread_notifications(user) -> QuerySet:
    """The user's unread reminders about clues and cases they may still see (a recusal hides them too)."""
    return reminders.unread(user).filter(content_type__in=_subject_types())


def my_notifications(user, limit: int = 20) -> list:
    return list(unread_notifications(user).order_by("-created_at")[:limit])


def screening_meetings(user) -> QuerySet:
    """The 集体排查 meetings the user may see, each counting only the clues the user may see (recusal)."""
    visible = clues(user).values("pk")
    return (
        access.scope(user, ScreeningMeeting)
        .select_related("group")
        .annotate(clue_count=Count("items", filter=Q(items__clue__in=visible)))
    )
