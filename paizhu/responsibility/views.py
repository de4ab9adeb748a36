"""Pages of the responsibility module: thin over `services` and `queries`; buttons from the services' predicates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from paizhu import access
from paizhu.access.reads import record_listing, request_channel
from paizhu.accounts.stepup import require_recent_otp
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.listing import paginate
from paizhu.core.params import id_param, int_param
from paizhu.core.sorting import date_range
from paizhu.org.models import IntegrityRecord, Unit
from paizhu.workflow import attachments
from paizhu.workflow.steps import FormStep, declare, find, offered, submitted, target

from . import queries
from .forms import (
    ActivityForm,
    AnswerForm,
    AppointmentCheckForm,
    AppointmentForm,
    AppointmentStepForm,
    AppointmentStopForm,
    ConcludeForm,
    FilingForm,
    ItemForm,
    ListForm,
    MinutesForm,
    OpinionAnswerForm,
    OpinionRequestForm,
    ProgressForm,
    ReportBodyForm,
    ReportCommentForm,
    ReportForm,
    ReportSubmitForm,
    RiskForm,
    RiskRetireForm,
    RiskReviewForm,
    SignForm,
    SubmitForm,
)
from .models import (
    Activity,
    Appointment,
    DualReport,
    Filing,
    IntegrityOpinion,
    ListItem,
    ResponsibilityList,
    RiskPoint,
    Signature,
)
from .services import activities as activity_services
from .services import appointments as appointment_services
from .services import filings as filing_services
from .services import lists as services
from .services import reports as report_services
from .services import risks as risk_services
from .services.risks import RiskInput

REVIEW = "review"

SECTION = ("主体责任", None)
LISTS = ("主体责任清单", "/responsibility/")


def _own_unit(request) -> Unit | None:
    grant = request.user.acting_grant
    if grant is not None and services.may_write_for(request.user, grant.unit_id):
        return grant.unit
    return None


@login_required
def lists(request):
    access.require_section(request.user, ResponsibilityList)
    qs = queries.with_signatures(queries.lists(request.user))
    units = access.scope(request.user, Unit).order_by("id")
    unit_id = id_param(request, "unit")
    year = int_param(request, "year", minimum=2000, maximum=2100)
    status = request.GET.get("status", "")
    if status and status not in ResponsibilityList.Status.values:
        status = ""
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    own = _own_unit(request)
    this_year = shanghai_today().year
    context = {
        "page_title": "主体责任清单",
        "breadcrumbs": [SECTION, ("主体责任清单", None)],
        "units": units if own is None else [],
        "statuses": ResponsibilityList.Status.choices,
        "filters": {"unit": str(unit_id or ""), "year": str(year or ""), "status": status},
        "own_unit": own,
        "this_year": this_year,
        **paginate(request, qs.order_by("unit_id", "-year", "level", "person_id", "id")),
    }
    for row in context["page"]:
        row.waiting = services.pending(row) if row.status == ResponsibilityList.Status.SIGNING else []
    return render(request, "responsibility/lists.html", context)


@login_required
def new_list(request):
    unit = _own_unit(request)
    if unit is None:
        raise NotFound()
    form = ListForm(request.POST or None, unit=unit, initial={"year": shanghai_today().year})
    response = submitted(
        request,
        form,
        lambda data: services.create_list(
            request.user,
            unit=unit,
            year=data["year"],
            level=data["level"],
            person=data["person"],
            area=data["area"],
        ),
        success=lambda made: f"已新建：{made.title}。请逐项填写责任内容。",
        done=lambda made: reverse("responsibility:list", args=[made.pk]),
    )
    if response:
        return response
    return _form_page(request, form, title="新建主体责任清单", parent=LISTS, submit_label="新建")


@login_required
@require_POST
def copy_last_year(request):
    unit = _own_unit(request)
    if unit is None:
        raise NotFound()
    year = int_param(request.POST, "year", minimum=2000, maximum=2100) or shanghai_today().year
    try:
        created = services.copy_last_year(request.user, unit, year)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已沿用{year - 1}年度清单 {len(created)} 份，请根据今年的任务修改后提交签字背书。")
    return redirect(f"{reverse('responsibility:lists')}?year={year}")


def _list_for_page(request, pk: int) -> ResponsibilityList:
    qs = queries.with_signatures(queries.lists(request.user)).prefetch_related("items")
    return access.fetch(request.user, qs, pk)


@login_required
def detail(request, pk: int):
    rlist = _list_for_page(request, pk)
    today = shanghai_today()
    items = list(rlist.items.all())
    for item in items:
        item.colour, item.light_text = item.light(today)
    may_edit = access.may(request.user, "act", rlist)
    signatures = services.current_signatures(rlist)
    history = [s for s in rlist.signatures.all() if s.void]
    context = {
        "page_title": rlist.title,
        "breadcrumbs": [SECTION, LISTS, (rlist.title, None)],
        "rlist": rlist,
        "duties": [i for i in items if i.kind == ListItem.Kind.DUTY],
        "triggers": [i for i in items if i.kind == ListItem.Kind.TRIGGER],
        "signatures": signatures,
        "history": history,
        "next_signature": services.next_signature(rlist),
        "may_edit": may_edit,
        "may_submit": may_edit and rlist.status == ResponsibilityList.Status.DRAFT and bool(items),
        "may_sign": services.may_sign(request.user, rlist),
        "sign_form": SignForm(initial={"version": rlist.version}),
        "attachments": attachments.section(request.user, rlist, empty="尚无佐证材料。"),
        "events": rlist.events.all(),
        "steps": Signature.Step,
    }
    return render(request, "responsibility/detail.html", context)


def _actable(request, pk: int) -> ResponsibilityList:
    return access.get_for_act(request.user, ResponsibilityList.objects.select_related("unit", "person"), pk)


@login_required
def item_form(request, pk: int, item: int | None = None):
    rlist = _actable(request, pk)
    row = None
    if item is not None:
        row = rlist.items.filter(pk=item).first()
        if row is None:
            raise NotFound()
    initial = {"version": rlist.version}
    if row is not None:
        initial.update(kind=row.kind, task=row.task, measures=row.measures, due_on=row.due_on, evidence=row.evidence)
    form = ItemForm(request.POST or None, initial=initial)
    response = submitted(
        request,
        form,
        lambda data: services.save_item(
            request.user,
            rlist,
            version=data["version"],
            item_id=row.pk if row else None,
            kind=data["kind"],
            task=data["task"],
            measures=data["measures"],
            due_on=data["due_on"],
            evidence=data["evidence"],
        ),
        success=lambda made: f"已保存事项：{made.task[:30]}。",
        done=reverse("responsibility:list", args=[rlist.pk]),
    )
    if response:
        return response
    warning = ""
    if rlist.status != ResponsibilityList.Status.DRAFT:
        warning = f"本清单第{rlist.revision}版已提交签字背书。保存修改将生成第{rlist.revision + 1}版，已有签字作废，须重新签字。"
    return _form_page(
        request,
        form,
        title="修改事项" if row else "新增事项",
        parent=(rlist.title, reverse("responsibility:list", args=[rlist.pk])),
        submit_label="保存",
        intro=warning,
        confirm=warning,
    )


@login_required
@require_POST
def item_remove(request, pk: int, item: int):
    rlist = _actable(request, pk)
    version = int_param(request.POST, "version", minimum=1)
    try:
        services.remove_item(request.user, rlist, version=version, item_id=item)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已删除该事项。")
    return redirect("responsibility:list", rlist.pk)


@login_required
def progress(request, pk: int, item: int):
    rlist = _actable(request, pk)
    row = rlist.items.filter(pk=item, kind=ListItem.Kind.DUTY).first()
    if row is None:
        raise NotFound()
    form = ProgressForm(
        request.POST or None, initial={"version": rlist.version, "progress": row.progress, "done_on": row.done_on}
    )
    response = submitted(
        request,
        form,
        lambda data: services.report_progress(
            request.user,
            rlist,
            version=data["version"],
            item_id=row.pk,
            progress=data["progress"],
            done_on=data["done_on"],
        ),
        success=f"已填报进度：{row.task[:30]}。",
        done=reverse("responsibility:list", args=[rlist.pk]),
    )
    if response:
        return response
    return _form_page(
        request,
        form,
        title="填报进度",
        parent=(rlist.title, reverse("responsibility:list", args=[rlist.pk])),
        submit_label="保存",
        intro=f"事项：{row.task}（完成时限 {row.due_on:%Y-%m-%d}）。填报进度不改变已签字的清单内容。",
    )


@login_required
def submit(request, pk: int):
    rlist = _actable(request, pk)
    form = SubmitForm(
        request.POST or None, initial={"version": rlist.version}, signers=services.signer_choices(rlist.unit_id)
    )
    response = submitted(
        request,
        form,
        lambda data: services.start_signing(
            request.user,
            rlist,
            version=data["version"],
            signers={step.value: data[f"step_{step.value}"] for step in Signature.Step},
        ),
        success="已提交签字背书，清单内容已锁定，等待承办人签字。",
        done=reverse("responsibility:list", args=[rlist.pk]),
    )
    if response:
        return response
    return _form_page(
        request,
        form,
        title="提交签字背书",
        parent=(rlist.title, reverse("responsibility:list", args=[rlist.pk])),
        submit_label="提交签字",
        intro="按“承办人 → 内设部门负责人 → 分管领导 → 主要领导”的顺序指定签字人，每人须本人登录签字并签署意见。提交后清单内容锁定；此后修改将生成新版本，须重新签字。",
        confirm="提交后清单内容将锁定并依次送签，确定提交吗？",
    )


@login_required
@require_POST
def sign(request, pk: int):
    rlist = _actable(request, pk)
    require_recent_otp(request)  # a signature is the signer's own act: the second factor again (not in demo mode)
    form = SignForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("responsibility:list", rlist.pk)
    try:
        done = services.sign(
            request.user, rlist, version=form.cleaned_data["version"], opinion=form.cleaned_data["opinion"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if done.status == ResponsibilityList.Status.SIGNED:
            messages.success(request, "已签字。签字背书已全部完成，清单已锁定。")
        else:
            messages.success(request, "已签字，清单转下一环节签字。")
    return redirect("responsibility:list", rlist.pk)


def _form_page(request, form, *, title, parent, submit_label, intro="", confirm="", section=LISTS, **extra):
    return render(
        request,
        "responsibility/form.html",
        {
            "page_title": title,
            "breadcrumbs": [SECTION, section, parent, (title, None)]
            if parent != section
            else [SECTION, section, (title, None)],
            "form": form,
            "submit_label": submit_label,
            "cancel_url": parent[1],
            "intro": intro,
            "confirm": confirm,
            **extra,
        },
    )


# --- 三重一大 filings ---

FILINGS = ("“三重一大”报备", "/responsibility/filings/")


@login_required
def filings(request):
    access.require_section(request.user, Filing)
    qs = queries.filings(request.user)
    units = access.scope(request.user, Unit).order_by("id")
    unit_id = id_param(request, "unit")
    category = request.GET.get("category", "")
    status = request.GET.get("status", "")
    late = request.GET.get("late") == "1"
    if category not in Filing.Category.values:
        category = ""
    if status not in Filing.Status.values:
        status = ""
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if category:
        qs = qs.filter(category=category)
    if status:
        qs = qs.filter(status=status)
    if late:
        qs = qs.filter(is_late=True)
    own = _own_unit(request)
    context = {
        "page_title": "“三重一大”事项报备",
        "breadcrumbs": [SECTION, ("“三重一大”报备", None)],
        "units": units if own is None else [],
        "categories": Filing.Category.choices,
        "statuses": Filing.Status.choices,
        "filters": {"unit": str(unit_id or ""), "category": category, "status": status, "late": late},
        "own_unit": own,
        **paginate(request, qs.order_by("-meeting_on", "-id")),
    }
    return render(request, "responsibility/filings.html", context)


def _filed(filing: Filing) -> str:
    late = "。注意：报备时间晚于会前1个工作日，已标记为逾期报备" if filing.is_late else ""
    return f"已报备：{filing.serial} {filing.title}{late}。"


@login_required
def new_filing(request):
    unit = _own_unit(request)
    if unit is None:
        raise NotFound()
    form = FilingForm(request.POST or None, request.FILES or None)
    response = submitted(
        request,
        form,
        lambda data: filing_services.file_matter(
            request.user,
            unit=unit,
            category=data["category"],
            title=data["title"],
            agenda=data["agenda"],
            meeting_kind=data["meeting_kind"],
            meeting_on=data["meeting_on"],
            amount=data["amount"],
            uploads=data["uploads"],
        ),
        success=_filed,
        done=lambda made: reverse("responsibility:filing", args=[made.pk]),
    )
    if response:
        return response
    threshold = filing_services.funds_threshold()
    return _form_page(
        request,
        form,
        title="报备“三重一大”事项",
        parent=FILINGS,
        section=FILINGS,
        submit_label="报备",
        intro=(
            "重大事项决策、重要干部任免、重大项目安排和大额度资金使用（"
            f"{threshold:,.0f}元及以上）应至少在会议召开1个工作日前报备，并附会议议题材料；派驻纪检监察组将决定是否列席。"
        ),
    )


@login_required
def filing(request, pk: int):
    item = access.fetch(request.user, queries.filings(request.user).select_related("filed_by"), pk)
    may_act = access.may(request.user, "act", item)
    may_review = filing_services.may_review(request.user, item)
    steps = []
    if may_review and item.status == Filing.Status.FILED:
        steps.append(("answer", "回复报备（是否列席）", "reply"))
    if may_act and item.status in (Filing.Status.FILED, Filing.Status.ANSWERED):
        steps.append(("minutes", "报送会议纪要", "file-earmark-text"))
    if may_review and item.status == Filing.Status.HELD:
        steps.append(("conclude", "会后督查", "clipboard-check"))
    context = {
        "page_title": item.title,
        "breadcrumbs": [SECTION, FILINGS, (item.serial, None)],
        "filing": item,
        "steps": steps,
        "attachments": attachments.section(request.user, item, empty="尚无议题材料或会议纪要。"),
        "events": item.events.all(),
    }
    return render(request, "responsibility/filing.html", context)


FILING_STEPS = declare(
    FormStep(
        name="answer",
        label="回复报备",
        action=filing_services.REVIEW,
        form=AnswerForm,
        run=lambda user, item, data: filing_services.answer(
            user,
            item,
            version=data["version"],
            attend=data["attend"],
            attendees=data["attendees"],
            opinion=data["opinion"],
        ),
    ),
    FormStep(
        name="minutes",
        label="报送会议纪要",
        form=MinutesForm,
        run=lambda user, item, data: filing_services.report_minutes(
            user,
            item,
            version=data["version"],
            held_on=data["held_on"],
            decision=data["decision"],
            uploads=data["uploads"],
        ),
    ),
    FormStep(
        name="conclude",
        label="会后督查",
        action=filing_services.REVIEW,
        form=ConcludeForm,
        run=lambda user, item, data: filing_services.conclude(
            user,
            item,
            version=data["version"],
            collective=data["collective"],
            last_speaker=data["last_speaker"],
            opinion=data["opinion"],
        ),
    ),
)


@login_required
def filing_step(request, pk: int, step: str):
    spec = find(FILING_STEPS, step)
    item = target(request, spec, queries.filings(request.user, spec.action), pk)
    form = spec.form(request.POST or None, request.FILES or None, initial={"version": item.version})
    response = submitted(
        request,
        form,
        lambda data: spec.run(request.user, item, data),
        success=lambda made: f"已{spec.label}：{made.serial}。",
        done=reverse("responsibility:filing", args=[item.pk]),
    )
    if response:
        return response
    intro = f"{item.unit.name} · {item.get_category_display()} · {item.title}（会议日期 {item.meeting_on:%Y-%m-%d}）"
    return _form_page(
        request,
        form,
        title=spec.label,
        parent=(item.serial, reverse("responsibility:filing", args=[item.pk])),
        submit_label=spec.label,
        intro=intro,
        section=FILINGS,
    )


# --- 履责记实 ---

LOG = ("履责记实", "/responsibility/log/")


@login_required
def activities(request):
    access.require_section(request.user, Activity)
    qs = access.scope(request.user, Activity).select_related("unit", "item__responsibility_list")
    units = access.scope(request.user, Unit).order_by("id")
    unit_id = id_param(request, "unit")
    kind = request.GET.get("kind", "")
    if kind not in Activity.Kind.values:
        kind = ""
    start, end = date_range(request)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if kind:
        qs = qs.filter(kind=kind)
    if start:
        qs = qs.filter(occurred_on__gte=start)
    if end:
        qs = qs.filter(occurred_on__lte=end)
    own = _own_unit(request)
    context = {
        "page_title": "履责记实",
        "breadcrumbs": [SECTION, ("履责记实", None)],
        "units": units if own is None else [],
        "kinds": Activity.Kind.choices,
        "filters": {
            "unit": str(unit_id or ""),
            "kind": kind,
            "from": request.GET.get("from", ""),
            "to": request.GET.get("to", ""),
        },
        "own_unit": own,
        **paginate(request, qs.order_by("-occurred_on", "-id")),
    }
    return render(request, "responsibility/activities.html", context)


@login_required
def new_activity(request):
    unit = _own_unit(request)
    if unit is None:
        raise NotFound()
    today = shanghai_today()
    form = ActivityForm(
        request.POST or None, request.FILES or None, unit=unit, year=today.year, initial={"occurred_on": today}
    )
    response = submitted(
        request,
        form,
        lambda data: activity_services.record_activity(
            request.user,
            unit=unit,
            occurred_on=data["occurred_on"],
            kind=data["kind"],
            title=data["title"],
            content=data["content"],
            participants=data["participants"],
            item=data["item"],
            uploads=data["uploads"],
        ),
        success=lambda made: f"已记录：{made.title}。",
        done=lambda made: reverse("responsibility:activity", args=[made.pk]),
    )
    if response:
        return response
    return _form_page(
        request,
        form,
        title="填写履责记实",
        parent=LOG,
        submit_label="保存",
        intro="记录本单位落实主体责任的实际工作（会议、谈话、检查、教育等），附会议记录、签到表、照片等材料；派驻纪检监察组可以查阅。",
        section=LOG,
    )


@login_required
def activity(request, pk: int):
    row = access.fetch(
        request.user,
        access.scope(request.user, Activity).select_related("unit", "recorded_by", "item__responsibility_list__person"),
        pk,
    )
    context = {
        "page_title": row.title,
        "breadcrumbs": [SECTION, LOG, (row.title[:20], None)],
        "activity": row,
        "attachments": attachments.section(request.user, row, empty="尚无记实材料。"),
    }
    return render(request, "responsibility/activity.html", context)


# --- 双报告 ---

REPORTS = ("双报告", "/responsibility/reports/")


@login_required
def reports(request):
    access.require_section(request.user, DualReport)
    qs = access.scope(request.user, DualReport).select_related("unit")
    units = list(access.scope(request.user, Unit).order_by("id"))
    unit_id = id_param(request, "unit")
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    shown_units = [u for u in units if not unit_id or u.pk == unit_id]
    own = _own_unit(request)
    context = {
        "page_title": "双报告",
        "breadcrumbs": [SECTION, ("双报告", None)],
        "units": units if own is None else [],
        "filters": {"unit": str(unit_id or "")},
        "own_unit": own,
        "missing": report_services.missing(shown_units),
        **paginate(request, qs.order_by("-year", "-period", "unit_id")),
    }
    return render(request, "responsibility/reports.html", context)


@login_required
def new_report(request):
    unit = _own_unit(request)
    if unit is None:
        raise NotFound()
    today = shanghai_today()
    period = DualReport.Period.FIRST_HALF if today.month <= 7 else DualReport.Period.ANNUAL
    form = ReportForm(request.POST or None, initial={"year": today.year, "period": period})
    response = submitted(
        request,
        form,
        lambda data: report_services.draft_report(request.user, unit=unit, year=data["year"], period=data["period"]),
        success="已依据清单进度和履责记实生成初稿，请修改完善后报送。",
        done=lambda made: reverse("responsibility:report", args=[made.pk]),
    )
    if response:
        return response
    return _form_page(
        request,
        form,
        title="起草双报告",
        parent=REPORTS,
        section=REPORTS,
        submit_label="生成初稿",
        intro="向上级党委和纪委监委报告履行全面从严治党主体责任情况。初稿依据本单位主体责任清单的进度和履责记实生成。",
    )


@login_required
def report(request, pk: int):
    row = access.fetch(request.user, access.scope(request.user, DualReport).select_related("unit", "drafted_by"), pk)
    steps = []
    if access.may(request.user, "act", row) and row.status == DualReport.Status.DRAFT:
        steps = [("edit", "修改正文", "pencil"), ("submit", "报送", "send")]
    if access.may(request.user, "review", row) and row.status == DualReport.Status.SUBMITTED:
        steps = [("comment", "审阅", "chat-left-text")]
    overdue = row.status == DualReport.Status.DRAFT and row.due_on < shanghai_today()
    context = {
        "page_title": row.title,
        "breadcrumbs": [SECTION, REPORTS, (row.title, None)],
        "report": row,
        "steps": steps,
        "overdue": overdue,
        "events": row.events.all(),
    }
    return render(request, "responsibility/report.html", context)


REPORT_STEPS = declare(
    FormStep(
        name="edit",
        label="修改正文",
        form=ReportBodyForm,
        run=lambda user, row, data: report_services.edit_report(user, row, version=data["version"], body=data["body"]),
    ),
    FormStep(
        name="submit",
        label="报送",
        form=ReportSubmitForm,
        run=lambda user, row, data: report_services.submit_report(user, row, version=data["version"]),
        confirm="报送后不能再修改，确定报送吗？",
    ),
    FormStep(
        name="comment",
        label="审阅",
        action="review",
        form=ReportCommentForm,
        run=lambda user, row, data: report_services.comment_report(
            user, row, version=data["version"], comment=data["comment"]
        ),
    ),
)


@login_required
def report_step(request, pk: int, step: str):
    spec = find(REPORT_STEPS, step)
    row = target(request, spec, access.scope(request.user, DualReport, spec.action).select_related("unit"), pk)
    form = spec.form(request.POST or None, initial={"version": row.version, "body": row.body})
    response = submitted(
        request,
        form,
        lambda data: spec.run(request.user, row, data),
        success=lambda made: f"已{spec.label}：{made.title}。",
        done=reverse("responsibility:report", args=[row.pk]),
    )
    if response:
        return response
    intro = f"{row.unit.name} · {row.title}（报送期限 {row.due_on:%Y-%m-%d}）"
    return _form_page(
        request,
        form,
        title=spec.label,
        parent=(row.title, reverse("responsibility:report", args=[row.pk])),
        submit_label=spec.label,
        intro=intro,
        confirm=spec.confirm,
        section=REPORTS,
    )


# --- 干部选任 and 党风廉政意见回复 ---

APPOINTMENTS = ("干部选任", "/responsibility/appointments/")
Open = Appointment.Status.OPEN


def _may_act_open(user, a: Appointment) -> bool:
    return a.status == Open and access.may(user, "act", a)


def _may_request(user, a: Appointment) -> bool:
    return (
        _may_act_open(user, a)
        and not hasattr(a, "opinion")
        and not any(s.step == Appointment.Step.DECISION for s in a.steps.all())
    )


def _may_answer(user, a: Appointment) -> bool:
    opinion = getattr(a, "opinion", None)
    return (
        opinion is not None
        and opinion.status == IntegrityOpinion.Status.REQUESTED
        and appointment_services.may_review(user, a)
    )


def _may_check(user, a: Appointment) -> bool:
    return a.flags_open and appointment_services.may_review(user, a)


def _step_kwargs(data: dict) -> dict:
    keys = ("version", "step", "done_on", "ends_on", "note", "filing", "uploads")
    return {k: data[k] for k in keys}


APPOINTMENT_STEPS = declare(
    FormStep(
        name="record",
        label="记录程序",
        icon="plus-lg",
        allowed=_may_act_open,
        form=AppointmentStepForm,
        run=lambda user, a, data: appointment_services.record_step(user, a, **_step_kwargs(data)),
    ),
    FormStep(
        name="request",
        label="征求党风廉政意见",
        icon="envelope-paper",
        allowed=_may_request,
        form=OpinionRequestForm,
        run=lambda user, a, data: appointment_services.request_opinion(
            user, a, version=data["version"], request=data["request"]
        ),
    ),
    FormStep(
        name="answer",
        label="回复党风廉政意见",
        icon="reply",
        action=REVIEW,
        allowed=_may_answer,
        form=OpinionAnswerForm,
        run=lambda user, a, data: appointment_services.answer_opinion(
            user, a.opinion, version=data["version"], conclusion=data["conclusion"], text=data["text"]
        ),
    ),
    FormStep(
        name="check",
        label="核查程序问题",
        icon="clipboard-check",
        action=REVIEW,
        allowed=_may_check,
        form=AppointmentCheckForm,
        run=lambda user, a, data: appointment_services.check_flags(
            user, a, version=data["version"], opinion=data["opinion"]
        ),
    ),
    FormStep(
        name="stop",
        label="终止选任",
        icon="x-circle",
        allowed=_may_act_open,
        form=AppointmentStopForm,
        confirm="终止后不能再记录程序，确定终止吗？",
        run=lambda user, a, data: appointment_services.stop_appointment(
            user, a, version=data["version"], reason=data["reason"]
        ),
    ),
)


@login_required
def appointments(request):
    access.require_section(request.user, Appointment)
    qs = queries.appointments(request.user).prefetch_related("steps")
    units = access.scope(request.user, Unit).order_by("id")
    unit_id = id_param(request, "unit")
    status = request.GET.get("status", "")
    flagged = request.GET.get("flagged") == "1"
    if status not in Appointment.Status.values:
        status = ""
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if status:
        qs = qs.filter(status=status)
    if flagged:
        qs = qs.exclude(flags=[])
    own = _own_unit(request)
    context = {
        "page_title": "干部选任",
        "breadcrumbs": [SECTION, ("干部选任", None)],
        "units": units if own is None else [],
        "statuses": Appointment.Status.choices,
        "filters": {"unit": str(unit_id or ""), "status": status, "flagged": flagged},
        "own_unit": own,
        "step_labels": Appointment.Step.choices,
        **paginate(request, qs.order_by("-created_on", "-id")),
    }
    for row in context["page"]:
        done = {s.step: s for s in row.steps.all()}
        row.progress = [(value, label, done.get(value)) for value, label in Appointment.Step.choices]
    return render(request, "responsibility/appointments.html", context)


@login_required
def new_appointment(request):
    unit = _own_unit(request)
    if unit is None:
        raise NotFound()
    form = AppointmentForm(request.POST or None, user=request.user, unit=unit)
    response = submitted(
        request,
        form,
        lambda data: appointment_services.open_appointment(
            request.user,
            unit=unit,
            candidate=data["candidate"],
            proposed_post=data["proposed_post"],
            reason=data["reason"],
        ),
        success=lambda made: f"已登记：{made.serial} {made.title}。请按程序逐项记录。",
        done=lambda made: reverse("responsibility:appointment", args=[made.pk]),
    )
    if response:
        return response
    return _form_page(
        request,
        form,
        title="登记干部选任",
        parent=APPOINTMENTS,
        section=APPOINTMENTS,
        submit_label="登记",
        intro=(
            "按《党政领导干部选拔任用工作条例》，选任程序为：动议 → 民主推荐 → 考察 → 讨论决定 → 任前公示 → 任职。"
            "讨论决定前须征求派驻纪检监察组的党风廉政意见；缺少或颠倒的程序将提示派驻组（程序空转）。"
        ),
    )


def _appointment_for_page(request, pk: int) -> Appointment:
    qs = queries.appointments(request.user).select_related("created_by", "filing", "group", "opinion__answered_by")
    return access.fetch(request.user, qs.prefetch_related("steps__recorded_by"), pk)


@login_required
def appointment(request, pk: int):
    row = _appointment_for_page(request, pk)
    done = {s.step: s for s in row.steps.all()}
    context = {
        "page_title": row.title,
        "breadcrumbs": [SECTION, APPOINTMENTS, (row.serial, None)],
        "appointment": row,
        "opinion": getattr(row, "opinion", None),
        "procedure": [(value, label, done.get(value)) for value, label in Appointment.Step.choices],
        "steps": offered(APPOINTMENT_STEPS, request.user, row),
        "attachments": attachments.section(request.user, row, empty="尚无选任程序材料。"),
        "events": row.events.all(),
    }
    return render(request, "responsibility/appointment.html", context)


@login_required
def appointment_step(request, pk: int, step: str):
    spec = find(APPOINTMENT_STEPS, step)
    qs = queries.appointments(request.user, spec.action).prefetch_related("steps")
    row = target(request, spec, qs, pk)
    kwargs = {"appointment": row} if spec.form is AppointmentStepForm else {}
    version = row.opinion.version if spec.name == "answer" else row.version
    form = spec.form(request.POST or None, request.FILES or None, initial={"version": version}, **kwargs)
    response = submitted(
        request,
        form,
        lambda data: spec.run(request.user, row, data),
        success=f"已{spec.label}：{row.serial}。",
        done=reverse("responsibility:appointment", args=[row.pk]),
    )
    if response:
        return response
    aside = {}
    if spec.name == "answer":
        records = list(appointment_services.integrity_records(request.user, row).select_related("person"))
        record_listing(
            request.user,
            IntegrityRecord,
            [r.pk for r in records],
            filters={"person": row.candidate_id, "appointment": row.serial},
            channel=request_channel(request),
            code="integrity.viewed",
        )
        aside = {"aside": "responsibility/_integrity_records.html", "records": records, "opinion": row.opinion}
    return _form_page(
        request,
        form,
        title=spec.label,
        parent=(row.serial, reverse("responsibility:appointment", args=[row.pk])),
        submit_label=spec.label,
        intro=f"{row.unit.name} · {row.candidate.name}（现任{row.current_post or '—'}）拟任{row.proposed_post}",
        confirm=spec.confirm,
        section=APPOINTMENTS,
        **aside,
    )


# --- 廉政风险防控 ---

RISKS = ("廉政风险防控", "/responsibility/risks/")
Active = RiskPoint.Status.ACTIVE


def _may_change_risk(user, point: RiskPoint) -> bool:
    return point.status == Active and access.may(user, "act", point)


RISK_STEPS = declare(
    FormStep(
        name="review",
        label="复核",
        icon="arrow-repeat",
        allowed=_may_change_risk,
        form=RiskReviewForm,
        run=lambda user, point, data: risk_services.review_risk(user, point, **data),
    ),
    FormStep(
        name="edit",
        label="修改",
        icon="pencil",
        allowed=_may_change_risk,
        form=RiskForm,
        run=lambda user, point, data: risk_services.edit_risk(user, point, **data),
    ),
    FormStep(
        name="retire",
        label="撤销",
        icon="archive",
        allowed=_may_change_risk,
        form=RiskRetireForm,
        confirm="撤销后该风险点不再计入风险地图，确定撤销吗？",
        run=lambda user, point, data: risk_services.retire_risk(user, point, **data),
    ),
)


@login_required
def risks(request):
    access.require_section(request.user, RiskPoint)
    qs = queries.risks(request.user)
    units = access.scope(request.user, Unit).order_by("id")
    unit_id = id_param(request, "unit")
    filters = {
        "category": request.GET.get("category", ""),
        "level": request.GET.get("level", ""),
        "status": request.GET.get("status", Active),
    }
    choices = {
        "category": RiskPoint.Category.values,
        "level": RiskPoint.Level.values,
        "status": RiskPoint.Status.values,
    }
    for key, allowed in choices.items():
        if filters[key] and filters[key] not in allowed:
            filters[key] = ""
        if filters[key]:
            qs = qs.filter(**{key: filters[key]})
    due = request.GET.get("due") == "1"
    today = shanghai_today()
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if due:
        qs = qs.filter(review_on__lt=today)
    own = _own_unit(request)
    context = {
        "page_title": "廉政风险防控",
        "breadcrumbs": [SECTION, ("廉政风险防控", None)],
        "units": units if own is None else [],
        "categories": RiskPoint.Category.choices,
        "levels": RiskPoint.Level.choices,
        "statuses": RiskPoint.Status.choices,
        "filters": {**filters, "unit": str(unit_id or ""), "due": due},
        "own_unit": own,
        "today": today,
        **paginate(request, qs.order_by("unit_id", "department", "post", "id")),
    }
    return render(request, "responsibility/risks.html", context)


@login_required
def risk_map(request):
    access.require_section(request.user, RiskPoint)
    units = list(access.scope(request.user, Unit).order_by("id"))
    own = _own_unit(request)
    unit_id = own.pk if own else id_param(request, "unit")
    unit = next((u for u in units if u.pk == unit_id), None)
    if unit_id and unit is None:
        raise NotFound()
    counts = queries.risk_map(request.user, [unit.pk] if unit else None)
    levels = RiskPoint.Level.choices
    overview = [(u, counts["by_unit"].get(u.pk)) for u in units] if unit is None else []
    context = {
        "page_title": f"廉政风险地图：{unit.name}" if unit else "廉政风险地图",
        "breadcrumbs": [SECTION, RISKS, ("风险地图", None)],
        "unit": unit,
        "own_unit": own,
        "units": units if own is None else [],
        "levels": levels,
        "overview": overview,
        "totals": counts["by_unit"].get(unit.pk) if unit else None,
        "by_category": [(label, counts["by_category"][value]) for value, label in RiskPoint.Category.choices],
        "by_department": list(counts["by_department"].items()),
    }
    return render(request, "responsibility/risk_map.html", context)


@login_required
def new_risk(request):
    unit = _own_unit(request)
    if unit is None:
        raise NotFound()
    form = RiskForm(request.POST or None, unit=unit)
    response = submitted(
        request,
        form,
        lambda data: risk_services.add_risk(request.user, unit=unit, data=form.service_kwargs()["data"]),
        success=lambda made: f"已登记风险点：{made}。",
        done=lambda made: reverse("responsibility:risk", args=[made.pk]),
    )
    if response:
        return response
    return _form_page(
        request,
        form,
        title="登记廉政风险点",
        parent=RISKS,
        section=RISKS,
        submit_label="登记",
        intro="按岗位和权力事项查找廉政风险点，评定风险等级，明确防控措施、责任人和责任领导，并定期复核。",
    )


@login_required
def risk(request, pk: int):
    point = access.fetch(request.user, queries.risks(request.user).select_related("created_by"), pk)
    context = {
        "page_title": str(point),
        "breadcrumbs": [SECTION, RISKS, (point.post, None)],
        "risk": point,
        "steps": offered(RISK_STEPS, request.user, point),
        "overdue": point.status == Active and point.review_on < shanghai_today(),
        "events": point.events.all(),
    }
    return render(request, "responsibility/risk.html", context)


@login_required
def risk_step(request, pk: int, step: str):
    spec = find(RISK_STEPS, step)
    point = target(request, spec, queries.risks(request.user, spec.action), pk)
    initial: dict = {"version": point.version}
    kwargs: dict = {}
    if spec.name == "edit":
        initial.update({f: getattr(point, f) for f in RiskInput.__annotations__})
        kwargs = {"unit": point.unit}
    if spec.name == "review":
        initial.update(reviewed_on=shanghai_today(), level=point.level)
    form = spec.form(request.POST or None, initial=initial, **kwargs)
    response = submitted(
        request,
        form,
        lambda data: spec.run(request.user, point, form.service_kwargs() if spec.name == "edit" else data),
        success=f"已{spec.label}风险点：{point}。",
        done=reverse("responsibility:risk", args=[point.pk]),
    )
    if response:
        return response
    return _form_page(
        request,
        form,
        title=f"{spec.label}风险点",
        parent=(point.post, reverse("responsibility:risk", args=[point.pk])),
        submit_label=spec.label,
        intro=f"{point.unit.name} · {point.department} · {point}",
        confirm=spec.confirm,
        section=RISKS,
    )
