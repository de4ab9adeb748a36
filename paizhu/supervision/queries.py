"""Reads shared by the pages, the summary and the to-dos — every one scoped through `paizhu.access`."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from paizhu import access
from paizhu.core.calendar import shanghai_today
from paizhu.core.params import BadRequest, id_value
from paizhu.core.sorting import Sorting, date_range
from paizhu.core.todos import Todo
from paizhu.org.models import Coverage, Person, Unit

from .models import Activity, Finding, Kind
from .workflows import FindingStatus

TODO_LIMIT = 20

# The log's orders: plain non-null columns, so its pages stay seek pages (core.sorting).
SORTING = Sorting({"held": ("held_on", "id"), "serial": ("serial",)}, default="-held")


@dataclass(frozen=True)
class Filters:
    group: str = ""
    unit: str = ""
    person: str = ""  # a roster id
    kind: str = ""
    start: str = ""  # 日期 from … to (ISO dates, checked)
    end: str = ""
    findings: str = ""  # "pending": with findings awaiting disposal; "any": with findings
    mine: bool = False

    @classmethod
    def from_params(cls, params) -> "Filters":
        def record_id(name):
            return str(id_value((params.get(name) or "").strip(), name) or "")

        kind = (params.get("kind") or "").strip()
        if kind and kind not in Kind.values:
            raise BadRequest("参数“kind”不是可用的监督工作类别。", field="kind")
        findings = (params.get("findings") or "").strip()
        if findings not in ("", "pending", "any"):
            raise BadRequest("参数“findings”无效。", field="findings")
        start, end = date_range(params)
        return cls(
            group=record_id("group"),
            unit=record_id("unit"),
            person=record_id("person"),
            kind=kind,
            start=start.isoformat() if start else "",
            end=end.isoformat() if end else "",
            findings=findings,
            mine=params.get("mine") == "1",
        )

    def as_params(self) -> dict[str, str]:
        names = {"start": "from", "end": "to"}
        return {
            names.get(name, name): "1" if value is True else value
            for name, value in dataclasses.asdict(self).items()
            if value not in ("", False)
        }


def activities(user, action: str = "view") -> QuerySet:
    return access.scope(user, Activity, action)


def filtered(user, filters: Filters, action: str = "view") -> QuerySet:
    qs = activities(user, action)
    if filters.group:
        qs = qs.filter(group_id=int(filters.group))
    if filters.unit:
        qs = qs.filter(pk__in=Activity.units.through.objects.filter(unit_id=int(filters.unit)).values("activity_id"))
    if filters.person:
        qs = qs.filter(
            pk__in=Activity.persons.through.objects.filter(person_id=int(filters.person)).values("activity_id")
        )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.start:
        qs = qs.filter(held_on__gte=filters.start)
    if filters.end:
        qs = qs.filter(held_on__lte=filters.end)
    if filters.findings == "pending":
        qs = qs.filter(pk__in=Finding.objects.filter(status=FindingStatus.PENDING).values("activity_id"))
    elif filters.findings == "any":
        qs = qs.filter(pk__in=Finding.objects.values("activity_id"))
    if filters.mine:
        qs = qs.filter(pk__in=Activity.participants.through.objects.filter(user=user).values("activity_id"))
    return qs


def for_list(qs: QuerySet) -> QuerySet:
    return qs.select_related("group", "unit", "author").prefetch_related(
        "units", Prefetch("persons", queryset=Person.objects.only("id", "name", "post")), "findings"
    )


def for_detail(qs: QuerySet) -> QuerySet:
    return qs.select_related("group", "unit", "author", "report").prefetch_related("units", "persons", "participants")


def findings_of(user, activity: Activity) -> list[Finding]:
    """The record's findings with what each became (the clue shown only to who may see it)."""
    return list(
        access.scope(user, Finding).filter(activity=activity).select_related("clue", "talk", "demand", "disposed_by")
    )


def pending_findings(user) -> QuerySet:
    """Findings awaiting the leader's disposal, of the records the user may act on as 组长."""
    return access.scope(user, Finding, "act").filter(status=FindingStatus.PENDING)


def disposal_todos(user) -> list[Todo]:
    rows = pending_findings(user).select_related("activity", "activity__unit").order_by("activity__held_on", "id")
    return [
        Todo(
            "问题发现待处置",
            f"{f.activity.unit.name}：{f.text[:40]}",
            f"/supervision/{f.activity_id}/#finding-{f.pk}",
            serial=f.activity.serial,
        )
        for f in rows[:TODO_LIMIT]
    ]


def last_used(user) -> tuple[list[int], list[int]]:
    """The units and colleagues of the user's latest record: a new record starts with them."""
    latest = activities(user, "act").filter(author=user).order_by("-created_at", "-id").first()
    if latest is None:
        return [], []
    units = list(latest.units.values_list("pk", flat=True))
    colleagues = [pk for pk in latest.participants.values_list("pk", flat=True) if pk != user.pk]
    return units, colleagues


def unit_year(user, unit_id: int, year: int) -> QuerySet:
    """本年度在该单位做了什么: the records that concern the unit in `year`, oldest first."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    qs = activities(user).filter(
        pk__in=Activity.units.through.objects.filter(unit_id=unit_id).values("activity_id"),
        held_on__gte=start,
        held_on__lte=end,
    )
    return for_list(qs).prefetch_related("participants").order_by("held_on", "id")


def group_units(group_id: int, since: datetime.date) -> QuerySet[Unit]:
    """The units the group covers now or covered since `since` (a record may be entered late)."""
    rows = Coverage.objects.filter(group_id=group_id).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=since))
    return Unit.objects.filter(pk__in=rows.values("unit_id")).order_by("id")


def group_people(user) -> QuerySet[Person]:
    """Whom a record of the user's group may name (picker purpose `supervised`): the active cadres of the units
    the group covers now or covered since the start of last year, as the user may see them."""
    grant = getattr(user, "acting_grant", None)
    if grant is None or grant.group_id is None:
        return Person.objects.none()
    units = group_units(grant.group_id, datetime.date(shanghai_today().year - 1, 1, 1))
    return access.scope(user, Person).filter(unit__in=units, is_active=True)
