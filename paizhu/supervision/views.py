"""The thin HTTP layer of the supervision log: reads through `queries`/`access`, writes through `services`."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from paizhu import access
from paizhu.access.reads import record_listing, record_page, request_channel
from paizhu.accounts.stepup import require_recent_otp
from paizhu.audit.services import record as audit
from paizhu.clues.models import Clue
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.listing import paginate
from paizhu.core.params import int_param
from paizhu.core.roles import GROUP_ROLES
from paizhu.core.sorting import sort_links
from paizhu.org.models import DispatchGroup, Person, Unit
from paizhu.responsibility.queries import filings_of
from paizhu.workflow import attachments

from . import exports, forms, queries, services, summary
from .kinds import SPECS
from .models import Activity, Finding, Kind
from .workflows import FindingStatus

SECTION = ("日常监督", None)


def _crumbs(*extra):
    return [("日常监督", reverse("supervision:list")), *extra]


def _may_record(user) -> bool:
    return user.acting_role in GROUP_ROLES


@login_required
def activity_list(request):
    access.require_section(request.user, Activity)
    filters = queries.Filters.from_params(request.GET)
    sort = queries.SORTING.key(request.GET)
    qs = queries.for_list(queries.filtered(request.user, filters)).order_by(*queries.SORTING.order(sort))
    listing = paginate(request, qs)
    record_page(request, Activity, listing, filters.as_params())
    person = Person.objects.filter(pk=int(filters.person)).first() if filters.person else None
    context = {
        "page_title": "日常监督记录",
        "breadcrumbs": [SECTION, ("监督记录", None)],
        "filters": filters,
        "person": person,
        "sort_links": sort_links(request.GET, queries.SORTING, sort),
        "groups": access.filter_choices(request.user, DispatchGroup.objects.filter(is_active=True)),
        "units": access.filter_choices(request.user, Unit.objects.order_by("id")),
        "kinds": Kind.choices,
        "may_record": _may_record(request.user),
        "show_group": request.user.acting_role not in GROUP_ROLES,
        "may_export": exports.may_export(request.user),
        "export_url": reverse("supervision:export") + (f"?{request.GET.urlencode()}" if request.GET else ""),
        **listing,
    }
    return render(request, "supervision/list.html", context)


@login_required
def export(request):
    """The filtered log as .xlsx; the second factor is asked again first (exports leave the building)."""
    if not exports.may_export(request.user):
        raise NotFound()
    require_recent_otp(request)
    filters = queries.Filters.from_params(request.GET)
    try:
        filename, content = exports.export_log(request.user, filters)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("supervision:list") + (f"?{request.GET.urlencode()}" if request.GET else ""))
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
def choose_kind(request):
    if not _may_record(request.user):
        raise NotFound()
    return render(
        request,
        "supervision/choose.html",
        {
            "page_title": "登记监督记录",
            "breadcrumbs": _crumbs(("登记", None)),
            "specs": SPECS.values(),
        },
    )


def _uploads_error(form, exc: DomainError) -> None:
    field = {"uploads": "photos"}.get(exc.field or "", exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def record(request, kind: str):
    if not _may_record(request.user) or kind not in SPECS:
        raise NotFound()
    units, colleagues = queries.last_used(request.user)
    initial = {"held_on": shanghai_today(), "units": units, "participants": colleagues}
    form = forms.ActivityForm(
        request.POST or None, request.FILES or None, kind=kind, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.record_activity(
                request.user, kind, form.activity_input(), photos=form.cleaned_data.get("photos") or []
            )
        except DomainError as exc:
            _uploads_error(form, exc)
        else:
            messages.success(request, f"已登记{activity.get_kind_display()} {activity.serial}。")
            return redirect(reverse("supervision:detail", args=[activity.pk]) + f"?saved={kind}")
    spec = SPECS[kind]
    return render(
        request,
        "supervision/form.html",
        {
            "page_title": f"登记{spec.label}",
            "breadcrumbs": _crumbs(("登记", reverse("supervision:new")), (spec.label, None)),
            "form": form,
            "spec": spec,
            "draft_key": f"supervision:new:{kind}:{request.user.pk}",
            "submit_label": "保存",
            "cancel_url": reverse("supervision:new"),
        },
    )


@login_required
def detail(request, pk: int):
    activity = access.fetch(request.user, queries.for_detail(Activity.objects.all()), pk)
    findings = queries.findings_of(request.user, activity)
    linked = Finding.objects.filter(activity=activity, clue__isnull=False).values("clue_id")
    visible = set(access.scope(request.user, Clue).filter(pk__in=linked).values_list("pk", flat=True))
    may_dispose = {f.pk for f in queries.pending_findings(request.user).filter(activity=activity)}
    for f in findings:
        f.may_dispose = f.pk in may_dispose
        f.clue_visible = f.clue_id in visible
    saved = request.GET.get("saved", "")
    context = {
        "page_title": f"{activity.get_kind_display()} {activity.serial}",
        "breadcrumbs": _crumbs((activity.serial, None)),
        "activity": activity,
        "spec": SPECS[activity.kind],
        "findings": findings,
        "may_edit": services.may_edit(request.user, activity),
        "events": activity.events.all(),
        "attachments": attachments.section(request.user, activity, empty="可在此上传会议材料、调阅资料照片等。"),
        "clear_draft": f"supervision:new:{saved}:{request.user.pk}" if saved in SPECS else "",
        "answered": list(access.scope(request.user, Finding).filter(talk=activity).select_related("activity")),
        # 列席会议: the unit's 三重一大 filings for the meeting's day, to tell a decision taken without one
        "filings": list(filings_of(request.user, activity.unit, on=activity.held_on).order_by("id"))
        if activity.kind == Kind.MEETING
        else None,
    }
    return render(request, "supervision/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    qs = queries.for_detail(Activity.objects.all())
    activity = (
        access.fetch(request.user, qs, pk, "act")
        if request.method == "GET"
        else access.get_for_act(request.user, qs, pk)
    )
    if not services.may_edit(request.user, activity):
        raise NotFound()
    form = forms.ActivityForm(
        request.POST or None,
        kind=activity.kind,
        user=request.user,
        instance=activity,
        initial=forms.initial_for(activity),
    )
    url = reverse("supervision:detail", args=[activity.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_activity(request.user, activity, form.activity_input(), version=form.cleaned_data["version"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已保存修改。")
            return redirect(url)
    spec = SPECS[activity.kind]
    return render(
        request,
        "supervision/form.html",
        {
            "page_title": f"修改{spec.label} {activity.serial}",
            "breadcrumbs": _crumbs((activity.serial, url), ("修改", None)),
            "form": form,
            "spec": spec,
            "draft_key": "",
            "submit_label": "保存修改",
            "cancel_url": url,
        },
    )


@dataclass(frozen=True)
class Disposal:
    label: str
    form: type
    action: str = "act"  # the access action the step needs (the acting matrix posts every one)


DISPOSALS = {
    "clue": Disposal("登记为问题线索", forms.ClueDisposalForm),
    "talk": Disposal("提醒谈话或谈话警示", forms.TalkDisposalForm),
    "rectification": Disposal("提出整改要求", forms.RectificationForm),
    "drop": Disposal("不予处理", forms.DropForm),
}


def _dispose(request, step: str, finding: Finding, form) -> str:
    """Run the disposal `step` with the form's data; the message said after it."""
    data = form.cleaned_data
    if step == "clue":
        clue = services.dispose_as_clue(
            request.user,
            finding,
            version=data["version"],
            summary=data["summary"],
            subjects=list(data["subjects"]),
            categories=data["categories"],
        )
        return f"已登记问题线索 {clue.serial}。"
    if step == "talk":
        talk = services.dispose_as_talk(
            request.user, finding, version=data["version"], kind=data["kind"], data=form.activity_input()
        )
        return f"已登记{talk.get_kind_display()} {talk.serial}，并记入廉政档案。"
    if step == "rectification":
        demand = services.dispose_as_rectification(
            request.user,
            finding,
            version=data["version"],
            kind=data["kind"],
            problems=data["problems"],
            items=form.item_lines(),
            causes=data["causes"],
            measures=data["measures"],
            reply_workdays=data["reply_workdays"],
        )
        return f"已起草{demand.get_kind_display()} {demand.serial}，请在整改督办中完善后报批。"
    services.drop(request.user, finding, version=data["version"], reason=data["reason"])
    return "已作不予处理。"


@login_required
@require_http_methods(["GET", "POST"])
def dispose(request, pk: int, step: str):
    if step not in DISPOSALS:
        raise NotFound()
    qs = Finding.objects.select_related("activity", "activity__unit")
    finding = (
        access.fetch(request.user, qs, pk, "act")
        if request.method == "GET"
        else access.get_for_act(request.user, qs, pk)
    )
    if not services.may_dispose(request.user, finding):
        raise DomainError("该问题已处置，或您不是本组组长。")
    label, form_class = DISPOSALS[step].label, DISPOSALS[step].form
    initial = {
        "version": finding.version,
        "summary": finding.text,
        "problems": finding.text,
        "items": finding.text,
        "held_on": shanghai_today(),
    }
    form = form_class(request.POST or None, initial=initial, finding=finding, user=request.user)
    url = reverse("supervision:detail", args=[finding.activity_id]) + f"#finding-{finding.pk}"
    if request.method == "POST" and form.is_valid():
        try:
            message = _dispose(request, step, finding, form)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, message)
            return redirect(url)
    return render(
        request,
        "supervision/dispose.html",
        {
            "page_title": f"{label} · {finding.activity.serial}",
            "breadcrumbs": _crumbs((finding.activity.serial, url), (label, None)),
            "form": form,
            "finding": finding,
            "submit_label": label,
            "cancel_url": url,
        },
    )


@login_required
def unit_timeline(request, pk: int):
    """本年度在该单位做了什么: every record about the unit in a year, month by month."""
    access.require_section(request.user, Activity)
    unit = access.fetch(request.user, Unit, pk)
    today = shanghai_today()
    year = int_param(request.GET, "year", default=today.year, minimum=2000, maximum=today.year)
    rows = list(queries.unit_year(request.user, unit.pk, year))
    record_listing(
        request.user,
        Activity,
        [r.pk for r in rows],
        filters={"unit": unit.pk, "year": year},
        channel=request_channel(request),
        total=len(rows),
    )
    months: dict[int, list] = {}
    by_kind: dict[str, int] = {}
    findings = pending = 0
    for row in rows:
        months.setdefault(row.held_on.month, []).append(row)
        by_kind[row.get_kind_display()] = by_kind.get(row.get_kind_display(), 0) + 1
        row_findings = list(row.findings.all())
        findings += len(row_findings)
        pending += sum(1 for f in row_findings if f.status == FindingStatus.PENDING)
    return render(
        request,
        "supervision/unit.html",
        {
            "page_title": f"{unit.name} · {year}年日常监督",
            "breadcrumbs": _crumbs((unit.name, None)),
            "unit": unit,
            "year": year,
            "years": range(today.year, today.year - 3, -1),
            "months": sorted(months.items()),
            "by_kind": sorted(by_kind.items(), key=lambda kv: -kv[1]),
            "total": len(rows),
            "findings": findings,
            "pending": pending,
            "list_url": reverse("supervision:list")
            + f"?unit={unit.pk}&from={datetime.date(year, 1, 1)}&to={datetime.date(year, 12, 31)}",
        },
    )


@login_required
def work_summary(request):
    """工作统计: each group's supervision in a week or a month, for 委领导 and 派驻机构管理部门."""
    access.require_section(request.user, Activity, "summarize")
    today = shanghai_today()
    period = summary.Period.from_params(request.GET, today)
    result = summary.summarize(request.user, period)
    name, value = period.param
    audit(
        request.user,
        "supervision.summary_viewed",
        None,
        {name: value, "from": period.start.isoformat(), "to": period.end.isoformat(), "flags": len(result.flags)},
    )
    this_week = summary.Period.week(*today.isocalendar()[:2])
    links = {
        "previous": period.shifted(-1).query,
        "next": period.shifted(1).query if period.end < today else "",
        "week": this_week.query,
        "month": summary.Period.month(today.year, today.month).query,
    }
    return render(
        request,
        "supervision/summary.html",
        {
            "page_title": f"日常监督工作统计 · {period.label}",
            "breadcrumbs": _crumbs(("工作统计", None)),
            "summary": result,
            "period": period,
            "param": value,
            "choices": [(p.param[1], p.short_label) for p in period.choices(today, 26 if name == "week" else 24)],
            "links": links,
            "list_from": period.start.isoformat(),
            "list_to": period.end.isoformat(),
        },
    )
