"""Reads of 信访举报 shared by pages, exports and the API — always scoped through `paizhu.access`."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse

from paizhu import access
from paizhu.core import navigation, search
from paizhu.core.calendar import shanghai_today
from paizhu.core.params import id_value
from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.core.sorting import Sorting, date_range
from paizhu.core.todos import Todo

from . import services, similarity
from .models import Channel, IdentityRevealRequest, Report, deadlines_owed

IDENTITY_FIELDS = ("reporter_name", "reporter_unit", "reporter_contact", "reporter_id_number", "reporter_address")
# Who works with reports (list, due lists, export); the rows each sees are still `access.scope`'s answer.
STAFF_ROLES = frozenset({Role.PETITION_OFFICE, Role.COMMISSION_LEADER, Role.DISPATCH_MANAGEMENT}) | GROUP_ROLES
FILTERS = ("stage", "routing", "channel", "group", "real", "due", "q")
DUE_CHOICES = [("open", "有待办期限"), ("overdue", "已逾期")]


def reports(user, action: str = "view") -> QuerySet:
    """The reports the user may see, ready for a list (no per-row queries).

    Pages never load — nor decrypt — the reporter's identity; only `services.reveal_identity` does.
    """
    return (
        access.scope(user, Report, action)
        .select_related("unit", "group", "proposed_group", "handler")
        .defer(*IDENTITY_FIELDS)
    )


# The list's orders: plain non-null columns, so its pages stay seek pages (core.sorting).
SORTING = Sorting({"received": ("received_on", "id"), "serial": ("serial",)}, default="-received")


def filtered(user, params, action: str = "view") -> tuple[QuerySet, dict]:
    qs = reports(user, action)
    filters = {k: (params.get(k) or "").strip() for k in FILTERS}
    start, end = date_range(params)
    filters["from"], filters["to"] = (start.isoformat() if start else ""), (end.isoformat() if end else "")
    if start:
        qs = qs.filter(received_on__gte=start)
    if end:
        qs = qs.filter(received_on__lte=end)
    if filters["stage"] in Report.Stage.values:
        qs = qs.filter(stage=filters["stage"])
    if filters["routing"] in Report.Routing.values:
        qs = qs.filter(routing=filters["routing"])
    if filters["channel"] in Channel.values:
        qs = qs.filter(channel=filters["channel"])
    if filters["group"] == "commission":
        qs = qs.filter(group__isnull=True)
    elif filters["group"]:
        qs = qs.filter(group_id=id_value(filters["group"], "group"))  # malformed → 400, never a 500
    if filters["real"] in {"1", "0"}:
        qs = qs.filter(is_real_name=filters["real"] == "1")
    if filters["due"] == "open":
        qs = qs.filter(deadlines_owed())
    elif filters["due"] == "overdue":
        qs = qs.filter(deadlines_owed(shanghai_today()))
    if filters["q"]:
        qs = search.matching(qs, filters["q"])
    return qs, filters


def describe_filters(filters: dict, groups: dict[int, str]) -> str:
    """The filters in words, for the export's header and its audit entry."""
    labels = {
        "stage": ("办理阶段", dict(Report.Stage.choices)),
        "routing": ("分办状态", dict(Report.Routing.choices)),
        "channel": ("来源渠道", dict(Channel.choices)),
        "group": ("承办单位", {"commission": "委机关", **{str(pk): name for pk, name in groups.items()}}),
        "real": ("实名", {"1": "实名", "0": "匿名"}),
        "due": ("期限", dict(DUE_CHOICES)),
    }
    parts = [f"{label}：{names[filters[key]]}" for key, (label, names) in labels.items() if filters.get(key) in names]
    if filters.get("from") or filters.get("to"):
        parts.append(f"收到日期：{filters.get('from') or '不限'} 至 {filters.get('to') or '不限'}")
    if filters.get("q"):
        parts.append(f"关键字：{filters['q']}")
    return "；".join(parts) or "全部"


def has_identity(report: Report) -> bool:
    return (
        Report.objects.filter(pk=report.pk)
        .filter(Q(reporter_name__isnull=False) | Q(reporter_unit__isnull=False) | Q(reporter_contact__isnull=False))
        .exists()
    )


def detail(user, pk: int) -> Report:
    """One report for reading; the read is audited by `access.fetch`."""
    return access.fetch(user, reports(user).prefetch_related("subjects__unit", "named__unit"), pk)


@dataclass(frozen=True)
class Similar:
    report: Report
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def visible_originals(user, rows) -> set[int]:
    """Of the originals the rows are repeats of, those the user may see (recusal included): a repeat's
    twin the user may not know of is shown as neither serial nor id. Rows are reports or their `values()`."""
    original_ids = {r["duplicate_of_id"] if isinstance(r, dict) else r.duplicate_of_id for r in rows} - {None}
    if not original_ids:
        return set()
    return set(access.scope(user, Report).filter(pk__in=original_ids).values_list("pk", flat=True))


def similar(user, report: Report, limit: int = 8) -> list[Similar]:
    """Likely repeats among the reports this user may see, with the estimated Jaccard similarity."""
    sig_row = getattr(report, "signature", None)
    if sig_row is None:
        return []
    sig = similarity.Signature.from_bytes(sig_row.minhash)
    scope = reports(user).filter(received_on__lte=report.received_on)
    return [Similar(r, s) for r, s in services.similar_to(sig, scope, exclude_pk=report.pk, limit=limit)]


def about_same_people(user, report: Report, limit: int = 10) -> QuerySet:
    """Other reports about the same cadres: chosen from the list, or typed with the same name (and unit)."""
    subject_ids, names = set(), set()
    for person in report.subjects.all():
        subject_ids.add(person.pk)
        names.add(person.name)
    names.update(n.name for n in report.named.all())
    if not names:
        return Report.objects.none()
    # A typed name only matches within the same unit: common names recur across the city.
    same_unit = {"unit": report.unit} if report.unit_id else {}
    condition = (
        Q(subjects__in=subject_ids) | Q(named__name__in=names, **same_unit) | Q(subjects__name__in=names, **same_unit)
    )
    ids = reports(user).filter(condition).exclude(pk=report.pk).values("pk")
    return reports(user).filter(pk__in=ids).order_by("-received_on")[:limit]


def due(user) -> dict[str, QuerySet]:
    """The feedback and closing deadlines still open, earliest first."""
    base = reports(user)
    return {
        "acceptance": base.filter(is_real_name=True, acceptance_notified_on__isnull=True)
        .exclude(routing__in=[Report.Routing.DUPLICATE, Report.Routing.TRANSFERRED])
        .order_by("acceptance_due", "id"),
        "result": base.filter(is_real_name=True, closed_on__isnull=False, result_notified_on__isnull=True)
        .exclude(routing__in=[Report.Routing.DUPLICATE, Report.Routing.TRANSFERRED])
        .order_by("result_due", "id"),
        "closing": base.filter(close_due__isnull=False, closed_on__isnull=True).order_by("close_due"),
    }


def identity_requests(user) -> QuerySet:
    if user.acting_role != Role.COMMISSION_LEADER:
        return IdentityRevealRequest.objects.none()
    visible = reports(user).values("pk")
    return IdentityRevealRequest.objects.filter(report__in=visible).select_related("report", "requested_by")


def pending_identity_badge(user) -> str | None:
    return navigation.badge_count(identity_requests(user).filter(status=IdentityRevealRequest.Status.PENDING))


# A notice is owed to a real-name reporter, never for a repeat or a report transferred elsewhere.
_NOTICE = ~Q(routing__in=[Report.Routing.DUPLICATE, Report.Routing.TRANSFERRED]) & Q(is_real_name=True)


def routing_work(user) -> QuerySet:
    """信访室: the groups' routing proposals waiting for its confirmation (待确认分办)."""
    if user.acting_role != Role.PETITION_OFFICE:
        return Report.objects.none()
    return reports(user, "act").filter(routing=Report.Routing.PROPOSED)


# The two notices a handler owes (受理告知, 结果反馈), each with the notice condition inside its arm: so written,
# the database proves the partial index of owed deadlines (models.deadlines_owed) covers the query.
_ACCEPTANCE_OWED = _NOTICE & Q(acceptance_due__isnull=False, acceptance_notified_on__isnull=True)
_RESULT_OWED = _NOTICE & Q(closed_on__isnull=False, result_due__isnull=False, result_notified_on__isnull=True)


def notice_work(user) -> QuerySet:
    """The reports owing a notice from the user: the 告知与期限 card and its badge, as the due lists show them —
    read through the partial index of owed deadlines, so a handler's long history is never read to find them.
    One row, one to-do: a report owing both notices owes the acceptance notice first."""
    base = reports(user, "act")
    mine = base.filter(handler=user) if user.acting_role != Role.PETITION_OFFICE else base
    return mine.filter(_ACCEPTANCE_OWED | _RESULT_OWED)


def routing_todos(user) -> list[Todo]:
    return [
        Todo("待确认分办", f"待确认分办：{r.facts[:24]}", reverse("intake:detail", args=[r.pk]), None, r.serial)
        for r in routing_work(user).order_by("received_on")[:20]
    ]


def notice_todos(user) -> list[Todo]:
    owed = notice_work(user)
    acceptance = list(owed.filter(_ACCEPTANCE_OWED).order_by("acceptance_due")[:20])
    items = [
        Todo("受理告知", f"受理告知：{r.facts[:24]}", reverse("intake:detail", args=[r.pk]), r.acceptance_due, r.serial)
        for r in acceptance
    ]
    items += [
        Todo("结果反馈", f"结果反馈：{r.facts[:24]}", reverse("intake:detail", args=[r.pk]), r.result_due, r.serial)
        for r in owed.filter(_RESULT_OWED).exclude(_ACCEPTANCE_OWED).order_by("result_due")[:20]
    ]
    return items
