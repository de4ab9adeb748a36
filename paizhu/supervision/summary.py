"""The commission's weekly or monthly work summary (工作统计): each group's supervision by kind and unit.

Computed from the records alone (nothing is typed twice): the activities held in the period, counted per
group and kind and per unit the record concerns (a record naming two units counts at each; the group's
total counts it once), their findings, and the reports and clues the group handled. Read through the
`summarize` action of the log's policies (委领导 and 派驻机构管理部门 only) and `access.scope` for the
reports and clues. The anomaly flags look back from the period's end (`limits.anomaly`).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Count

from paizhu import access
from paizhu.clues.models import Clue
from paizhu.core.calendar import add_months
from paizhu.core.params import BadRequest
from paizhu.intake.models import Report
from paizhu.org.models import DispatchGroup, Unit

from .limits import anomaly
from .models import Activity, Finding, Kind

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True)
class Period:
    kind: str  # "week" or "month"
    start: datetime.date
    end: datetime.date

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        start = datetime.date(year, month, 1)
        return cls("month", start, add_months(start, 1) - datetime.timedelta(days=1))

    @classmethod
    def week(cls, year: int, week: int) -> "Period":
        start = datetime.date.fromisocalendar(year, week, 1)
        return cls("week", start, start + datetime.timedelta(days=6))

    @classmethod
    def from_params(cls, params, today: datetime.date) -> "Period":
        """`week=2026-W47` or `month=2026-11` (the input types' own formats); the current month by default."""
        week, month = (params.get("week") or "").strip(), (params.get("month") or "").strip()
        try:
            if week:
                found = _WEEK.match(week)
                if found is None:
                    raise ValueError
                return cls.week(int(found[1]), int(found[2]))
            if month:
                found = _MONTH.match(month)
                if found is None:
                    raise ValueError
                return cls.month(int(found[1]), int(found[2]))
        except ValueError:
            name = "week" if week else "month"
            raise BadRequest(f"参数“{name}”不是有效的{'周' if week else '月份'}。", field=name) from None
        return cls.month(today.year, today.month)

    @property
    def param(self) -> tuple[str, str]:
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return "week", f"{year}-W{week:02d}"
        return "month", f"{self.start:%Y-%m}"

    @property
    def query(self) -> str:
        name, value = self.param
        return f"?{name}={value}"

    @property
    def label(self) -> str:
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}年第{week}周（{self.start.month}月{self.start.day}日—{self.end.month}月{self.end.day}日）"
        return f"{self.start.year}年{self.start.month}月"

    @property
    def short_label(self) -> str:
        """The label in a list of periods of one kind."""
        if self.kind == "week":
            return self.label
        return f"{self.start.year}年{self.start.month}月"

    def choices(self, today: datetime.date, count: int) -> list["Period"]:
        """The `count` periods of this kind up to the current one, and this one, newest first."""
        current = (
            Period.week(*today.isocalendar()[:2]) if self.kind == "week" else Period.month(today.year, today.month)
        )
        periods = {current.shifted(-n) for n in range(count)} | {self}
        return sorted(periods, key=lambda p: p.start, reverse=True)

    def shifted(self, n: int) -> "Period":
        if self.kind == "week":
            start = self.start + datetime.timedelta(weeks=n)
            return Period("week", start, start + datetime.timedelta(days=6))
        start = add_months(self.start, n)
        return Period.month(start.year, start.month)


@dataclass
class UnitRow:
    unit: Unit
    by_kind: dict[str, int] = field(default_factory=dict)
    findings: int = 0
    cells: list[int] = field(default_factory=list)  # by_kind in the summary's columns

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass
class GroupRow:
    group: DispatchGroup
    by_kind: dict[str, int] = field(default_factory=dict)  # records, each once
    findings: int = 0
    reports: int = 0
    clues: int = 0
    units: list[UnitRow] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    cells: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass
class Summary:
    period: Period
    groups: list[GroupRow]
    kinds: list[tuple[str, str]]  # the kinds with any record in the period, in the model's order

    @property
    def flags(self) -> list[tuple[DispatchGroup, str]]:
        return [(row.group, flag) for row in self.groups for flag in row.flags]


def _between(start: datetime.date, end: datetime.date, path: str) -> dict:
    return {f"{path}__gte": start, f"{path}__lte": end}


def summarize(user, period: Period) -> Summary:
    """The summary of `period` for `user` (empty for anyone the `summarize` action gives nothing)."""
    acts = access.scope(user, Activity, "summarize").filter(**_between(period.start, period.end, "held_on"))
    findings = access.scope(user, Finding, "summarize").filter(
        **_between(period.start, period.end, "activity__held_on")
    )
    rows = {g.pk: GroupRow(g) for g in access.scope(user, DispatchGroup).filter(is_active=True).order_by("id")}
    for r in acts.values("group_id", "kind").annotate(n=Count("id")):
        if r["group_id"] in rows:
            rows[r["group_id"]].by_kind[r["kind"]] = r["n"]
    for r in findings.values("activity__group_id").annotate(n=Count("id")):
        if r["activity__group_id"] in rows:
            rows[r["activity__group_id"]].findings = r["n"]
    per_unit: dict[tuple[int, int], dict[str, int]] = {}
    through = Activity.units.through.objects.filter(activity__in=acts)
    for r in through.values("activity__group_id", "unit_id", "activity__kind").annotate(n=Count("id")):
        per_unit.setdefault((r["activity__group_id"], r["unit_id"]), {})[r["activity__kind"]] = r["n"]
    unit_findings = {
        (r["activity__group_id"], r["activity__units"]): r["n"]
        for r in findings.values("activity__group_id", "activity__units").annotate(n=Count("id"))
    }
    units = access.scope(user, Unit).in_bulk({unit for _, unit in per_unit})
    for (group_id, unit_id), by_kind in sorted(per_unit.items()):
        if group_id in rows and unit_id in units:
            rows[group_id].units.append(UnitRow(units[unit_id], by_kind, unit_findings.get((group_id, unit_id), 0)))
    for model, attr in ((Report, "reports"), (Clue, "clues")):
        counted = access.scope(user, model).filter(
            group__in=list(rows), **_between(period.start, period.end, "received_on")
        )
        for r in counted.values("group_id").annotate(n=Count("id")):
            setattr(rows[r["group_id"]], attr, r["n"])
    _flag_silent_units(user, period, rows)
    _flag_few_clues(user, period, rows)
    present = {kind for row in rows.values() for kind in row.by_kind}
    kinds = [(k, label) for k, label in Kind.choices if k in present]
    for row in rows.values():
        for counted in (row, *row.units):
            counted.cells = [counted.by_kind.get(k, 0) for k, _ in kinds]
    return Summary(period, list(rows.values()), kinds)


def _since(period: Period, months: int) -> datetime.date:
    return add_months(period.end, -months) + datetime.timedelta(days=1)


def _flag_silent_units(user, period: Period, rows: dict[int, GroupRow]) -> None:
    """有监督、无问题发现: a unit with records of the group in the last N months and no finding among them."""
    months = anomaly("silent_months")
    since = _since(period, months)
    acts = access.scope(user, Activity, "summarize").filter(
        group__in=list(rows), **_between(since, period.end, "held_on")
    )
    seen = {
        (r["activity__group_id"], r["unit_id"]): r["n"]
        for r in Activity.units.through.objects.filter(activity__in=acts)
        .values("activity__group_id", "unit_id")
        .annotate(n=Count("id"))
    }
    found = set(
        access.scope(user, Finding, "summarize")
        .filter(activity__in=acts)
        .values_list("activity__group_id", "activity__units")
    )
    silent = [key for key in seen if key not in found]
    names = dict(access.scope(user, Unit).filter(pk__in={unit for _, unit in silent}).values_list("pk", "name"))
    for group_id, unit_id in sorted(silent):
        if unit_id in names:
            rows[group_id].flags.append(
                f"近{months}个月在{names[unit_id]}开展日常监督 {seen[group_id, unit_id]} 次，未发现问题"
            )


def _flag_few_clues(user, period: Period, rows: dict[int, GroupRow]) -> None:
    """受理举报多、登记线索少: many reports handled by the group in the last N months, few clues registered."""
    months, least, percent = anomaly("clue_months"), anomaly("min_reports"), anomaly("min_clue_percent")
    since = _since(period, months)
    counts: dict[int, list[int]] = {pk: [0, 0] for pk in rows}
    for i, model in enumerate((Report, Clue)):
        window = access.scope(user, model).filter(group__in=list(rows), **_between(since, period.end, "received_on"))
        for r in window.values("group_id").annotate(n=Count("id")):
            counts[r["group_id"]][i] = r["n"]
    for group_id, (reports, clues) in counts.items():
        if reports >= least and clues * 100 < reports * percent:
            rows[group_id].flags.append(
                f"近{months}个月受理信访举报 {reports} 件，登记问题线索 {clues} 件（不足{percent}%）"
            )
