"""The thin HTTP layer: lists and details read through `queries`/`access`, every change through `services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from paizhu import access
from paizhu.access import jurisdiction
from paizhu.access.reads import record_listing, record_page, request_channel
from paizhu.accounts.stepup import require_recent_otp
from paizhu.audit.queries import access_history
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.listing import paginate
from paizhu.core.roles import COMMISSION_ROLES, Role
from paizhu.core.sorting import sort_links
from paizhu.org.models import DispatchGroup, Unit
from paizhu.workflow import approvals, attachments, documents
from paizhu.workflow import services as workflow_services
from paizhu.workflow.steps import find, offered, submitted, target

from . import actions, casefile, exports, forms, queries, services
from .models import Case, Clue, Method, ScreeningItem, ScreeningMeeting, Source
from .registry import CASE_ROLES, LEDGER_ROLES
from .workflows import CaseStatus, ClueStatus

HISTORY_ROLES = COMMISSION_ROLES | {Role.GROUP_LEADER}
LEDGER = ("问题线索", None)


def _require_section(request, roles) -> None:
    # For other roles the section does not exist (404): not even an empty ledger.
    if request.user.acting_role not in roles:
        raise NotFound()


def _crumbs(*extra):
    return [("问题线索", reverse("clues:list")), *extra]


@login_required
def clue_list(request):
    _require_section(request, LEDGER_ROLES)
    filters = queries.ClueFilters.from_params(request.GET)
    sort = queries.LEDGER_SORTING.key(request.GET)
    qs = queries.for_ledger(queries.filter_clues(request.user, filters)).order_by(*queries.LEDGER_SORTING.order(sort))
    # A keyword search sorts all its matches anyway: its total comes with the page rows.
    listing = paginate(request, qs, total_with_rows=bool(filters.q))
    queries.with_subjects(listing["page"])
    record_page(request, Clue, listing, filters.as_params())
    query = listing["querystring"]
    context = {
        "page_title": "线索台账",
        "breadcrumbs": [LEDGER, ("线索台账", None)],
        "filters": filters,
        "sort_links": sort_links(request.GET, queries.LEDGER_SORTING, sort),
        "groups": access.filter_choices(request.user, DispatchGroup.objects.filter(is_active=True)),
        "units": access.filter_choices(request.user, Unit.objects.order_by("id")),
        "statuses": ClueStatus.choices,
        "methods": Method.choices,
        "sources": Source.choices,
        "may_register": request.user.acting_role in services.REGISTRAR_ROLES,
        "may_export": exports.may_export_clues(request.user),
        "export_url": reverse("clues:export") + (f"?{query}" if query else ""),
        **listing,
    }
    return render(request, "clues/list.html", context)


@login_required
def export(request):
    """The filtered ledger as .xlsx; the second factor is asked again first (exports leave the building)."""
    if not exports.may_export_clues(request.user):
        raise NotFound()
    require_recent_otp(request)
    filters = queries.ClueFilters.from_params(request.GET)
    return _xlsx(request, lambda: exports.export_clues(request.user, filters), "clues:list")


@login_required
def case_export(request):
    if not exports.may_export_cases(request.user):
        raise NotFound()
    require_recent_otp(request)
    return _xlsx(request, lambda: exports.export_cases(request.user), "clues:cases")


def _xlsx(request, make, back: str):
    try:
        filename, content = make()
    except DomainError as exc:
        messages.error(request, exc.message)
        query = request.GET.urlencode()
        return redirect(reverse(back) + (f"?{query}" if query else ""))
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.acting_role not in services.REGISTRAR_ROLES:
        raise NotFound()
    form = forms.RegisterForm(request.POST or None, user=request.user)
    registered = submitted(
        request,
        form,
        lambda data: services.register_clue(request.user, **form.service_kwargs()),
        success=lambda clue: f"已登记线索 {clue.serial}。",
        done=lambda clue: reverse("clues:detail", args=[clue.pk]),
    )
    return registered or render(
        request,
        "clues/form.html",
        {
            "page_title": "登记问题线索",
            "breadcrumbs": _crumbs(("登记问题线索", None)),
            "form": form,
            "submit_label": "登记",
            "cancel_url": reverse("clues:list"),
        },
    )


@login_required
def detail(request, pk: int):
    clue = access.fetch(request.user, queries.for_detail(Clue.objects.all()), pk)
    pending = approvals.current(clue)
    case = access.scope(request.user, Case).filter(clue=clue).first() if clue.status == ClueStatus.IN_CASE else None
    if case is not None:
        case.clue = clue  # the documents offered on the case read its clue's subjects: the ones already here
    context = {
        "page_title": f"问题线索 {clue.serial}",
        "breadcrumbs": _crumbs((clue.serial, None)),
        "clue": clue,
        "case": case,
        "steps": offered(actions.CLUE_STEPS, request.user, clue),
        "pending": pending,
        "may_decide": approvals.may_decide(request.user, pending, clue),
        "events": clue.events.select_related("actor").all(),
        "approval_rows": approvals.history(clue),
        "documents": documents.offered(request.user, clue, case),
        "attachments": attachments.section(request.user, clue, empty="登记谈话、书面说明时可拍照上传签字件。"),
        "designations": list(jurisdiction.designations(clue)),
        "history": access_history(request.user, clue) if request.user.acting_role in HISTORY_ROLES else None,
    }
    return render(request, "clues/detail.html", context)


def _step_page(request, obj, step, *, clue, done_url, title, crumbs):
    initial = {"version": obj.version}
    form = step.form(request.POST or None, request.FILES or None, initial=initial, user=request.user, clue=clue)
    taken = submitted(
        request,
        form,
        lambda data: step.run(request.user, obj, form.service_kwargs()),
        success=f"已{step.label}。",
        done=done_url,
    )
    return taken or render(
        request,
        "clues/form.html",
        {
            "page_title": f"{step.label} · {title}",
            "breadcrumbs": crumbs,
            "form": form,
            "subject": clue,
            "submit_label": step.label,
            "confirm": step.confirm,
            "cancel_url": done_url,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def clue_step(request, pk: int, step: str):
    spec = find(actions.CLUE_STEPS, step)
    clue = target(
        request,
        spec,
        queries.for_detail(Clue.objects.all()),
        pk,
        read=True,
        refused="当前不能办理此事项：线索状态已变化，或您不是承办人。",
    )
    url = reverse("clues:detail", args=[clue.pk])
    return _step_page(
        request,
        clue,
        spec,
        clue=clue,
        done_url=url,
        title=clue.serial,
        crumbs=_crumbs((clue.serial, url), (spec.label, None)),
    )


@login_required
def deadlines(request):
    _require_section(request, LEDGER_ROLES)
    user = request.user
    qs = queries.open_clues(user)
    overdue = list(queries.for_list(queries.overdue(qs)).order_by("due_on")[:100])
    soon = list(queries.for_list(queries.due_soon(qs)).order_by("due_on")[:100])
    ids = [c.pk for c in overdue + soon]
    record_listing(user, Clue, ids, filters={"overdue": "1", "soon": "1"}, channel=request_channel(request))
    return render(
        request,
        "clues/deadlines.html",
        {
            "page_title": "期限预警",
            "breadcrumbs": [LEDGER, ("期限预警", None)],
            "overdue": overdue,
            "soon": soon,
            "by_group": queries.deadline_summary(user, "group"),
            "by_handler": queries.deadline_summary(user, "handler"),
            "notifications": queries.my_notifications(user),
        },
    )


@login_required
@require_http_methods(["POST"])
def notifications_read(request, pk: int | None = None):
    count = workflow_services.mark_notifications_read(request.user, pk)
    if pk is None:
        messages.success(request, f"已将 {count} 条提醒标为已读。")
    return redirect("clues:deadlines")


@login_required
def case_list(request):
    _require_section(request, CASE_ROLES)
    qs, filters = queries.filter_cases(request.user, request.GET)
    sort = queries.CASE_SORTING.key(request.GET)
    listing = paginate(request, queries.for_case_list(qs).order_by(*queries.CASE_SORTING.order(sort)))
    record_page(request, Case, listing, {k: v for k, v in filters.items() if v})
    return render(
        request,
        "clues/cases.html",
        {
            "page_title": "案件",
            "breadcrumbs": [LEDGER, ("案件", None)],
            "may_export": exports.may_export_cases(request.user),
            "filters": filters,
            "statuses": CaseStatus.choices,
            "sort_links": sort_links(request.GET, queries.CASE_SORTING, sort),
            **listing,
        },
    )


@login_required
def case_detail(request, pk: int):
    qs = Case.objects.select_related("clue", "clue__unit", "clue__group").prefetch_related(
        "clue__subjects", "clue__handlers", "review_talks"
    )
    case = access.fetch(request.user, qs, pk)
    pending = approvals.current(case)
    issued = documents.offered(request.user, case.clue, case)
    return render(
        request,
        "clues/case_detail.html",
        {
            "page_title": f"案件 {case.serial}",
            "breadcrumbs": _crumbs(("案件", reverse("clues:cases")), (case.serial, None)),
            "case": case,
            "clue": case.clue,
            "steps": offered(actions.CASE_STEPS, request.user, case),
            "pending": pending,
            "may_decide": approvals.may_decide(request.user, pending, case),
            "approval_rows": approvals.history(case),
            "documents": issued,
            "case_file": casefile.contents(case, issued),
            "events": casefile.timeline(case),
            "history": access_history(request.user, case)
            if request.user.acting_role in HISTORY_ROLES | {Role.CASE_REVIEW}
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_step(request, pk: int, step: str):
    spec = find(actions.CASE_STEPS, step)
    case = target(
        request,
        spec,
        Case.objects.select_related("clue").prefetch_related("clue__handlers"),
        pk,
        read=True,
        refused="当前不能办理此事项：案件状态已变化，或您无权办理。",
    )
    url = reverse("clues:case", args=[case.pk])
    return _step_page(
        request,
        case,
        spec,
        clue=case.clue,
        done_url=url,
        title=case.serial,
        crumbs=_crumbs(("案件", reverse("clues:cases")), (case.serial, url), (spec.label, None)),
    )


@login_required
def screening_list(request):
    _require_section(request, LEDGER_ROLES)
    qs = queries.screening_meetings(request.user)  # counts only the clues the reader may see
    listing = paginate(request, qs.order_by("-held_on", "-id"))
    record_page(request, ScreeningMeeting, listing, {})
    return render(
        request,
        "clues/screenings.html",
        {
            "page_title": "集体排查",
            "breadcrumbs": [LEDGER, ("集体排查", None)],
            "may_record": request.user.acting_role in services.SCREENING_ROLES,
            **listing,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def screening_new(request):
    if request.user.acting_role not in services.SCREENING_ROLES:
        raise NotFound()
    clues = queries.for_list(services.screenable_clues(request.user)).order_by("received_on", "id")[:200]
    form = forms.ScreeningForm(request.POST or None, user=request.user, clues=clues)
    recorded = submitted(
        request,
        form,
        lambda data: services.record_screening(request.user, **form.service_kwargs()),
        success=lambda meeting: f"已登记集体排查，研究线索 {len(form.items())} 条。",
        done=lambda meeting: reverse("clues:screening", args=[meeting.pk]),
    )
    return recorded or render(
        request,
        "clues/screening_form.html",
        {
            "page_title": "登记集体排查",
            "breadcrumbs": _crumbs(("集体排查", reverse("clues:screenings")), ("登记", None)),
            "form": form,
        },
    )


@login_required
def screening_detail(request, pk: int):
    meeting = access.fetch(request.user, ScreeningMeeting.objects.select_related("group", "created_by"), pk)
    # A meeting's clues are shown only to those who may see each clue (a recused reader sees fewer).
    items = (
        ScreeningItem.objects.filter(meeting=meeting, clue__in=queries.clues(request.user).values("pk"))
        .select_related("clue", "clue__unit")
        .order_by("id")
    )
    return render(
        request,
        "clues/screening_detail.html",
        {
            "page_title": f"集体排查 {meeting.held_on:%Y-%m-%d}",
            "breadcrumbs": _crumbs(("集体排查", reverse("clues:screenings")), (f"{meeting.held_on:%Y-%m-%d}", None)),
            "meeting": meeting,
            "items": items,
        },
    )


@login_required
def old_document(request, pk: int, kind: str):
    """The documents' first address, /clues/<clue>/documents/<kind>/, now the kernel's /documents/<kind>/<matter>/.

    A case's documents hang on the case there: it is looked up in the reader's scope, so the redirect names no
    hidden case; the kernel's page then asks everything else (the export action, the facts, the second factor)."""
    spec = documents.kinds().get(kind)
    if spec is None or spec.app_label != "clues":
        raise NotFound()
    if spec.model == Case._meta.label:
        case = access.scope(request.user, Case).filter(clue_id=pk).first()
        if case is None:
            raise NotFound()
        pk = case.pk
    return redirect("workflow:document", name=kind, pk=pk)
