"""Pages of the integrity files: thin over `queries` and `services`; what shows is what `access` allows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from paizhu import access
from paizhu.access.reads import record_page
from paizhu.audit.queries import access_history
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.listing import paginate
from paizhu.core.params import id_param
from paizhu.org.models import Unit
from paizhu.workflow import approvals

from . import queries, services
from .access import NOTE, REQUEST, SUMMARY, VIEW
from .forms import NoteForm, RequestForm
from .models import CadreFile, FileRequest, PersonalMattersNote

FILES = ("廉政档案", "/integrity/")
REQUESTS = ("廉政档案查阅申请", "/integrity/requests/")
SEARCH_MAX = 40


def _apply(form, call):
    try:
        return call()
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


@login_required
def file_list(request):
    access.require_section(request.user, CadreFile, VIEW)
    text = request.GET.get("q", "").strip()[:SEARCH_MAX]
    unit = id_param(request.GET, "unit")
    listing = paginate(request, queries.files(request.user, text=text, unit=unit))
    record_page(request, CadreFile, listing, {"q": text, "unit": unit})
    queries.annotate_entries(listing["page"].object_list)
    context = {
        "page_title": "廉政档案",
        "breadcrumbs": [("组织机构", None), ("廉政档案", None)],
        "filters": {"q": text, "unit": str(unit or "")},
        "units": access.filter_choices(request.user, Unit.objects.order_by("id")),
        **listing,
    }
    return render(request, "integrity/list.html", context)


@login_required
def file_page(request, pk: int):
    cadre = access.fetch(request.user, CadreFile.objects.select_related("unit"), pk, action=SUMMARY)
    held = access.may(request.user, VIEW, cadre)
    context = {
        "page_title": f"廉政档案：{cadre.name}" if held else f"廉洁情况：{cadre.name}",
        "breadcrumbs": [("组织机构", None), FILES if held else REQUESTS, (cadre.name, None)],
        "cadre": cadre,
        "held": held,
    }
    if held:
        context.update(queries.held_file(request.user, cadre))
        context["may_note"] = access.may(request.user, NOTE, cadre)
        if request.user.acting_role in queries.HISTORY_ROLES:
            context["history"] = access_history(request.user, cadre)
    else:
        context["conclusions"] = queries.conclusions(request.user, cadre)
        context["grant"] = queries.open_grant(request.user, cadre)
    return render(request, "integrity/file.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def note_form(request, pk: int):
    cadre = access.get_for_act(request.user, CadreFile.objects.select_related("unit"), pk, action=NOTE)
    year = shanghai_today().year
    existing = PersonalMattersNote.objects.filter(person_id=cadre.pk, year=year).first()
    initial = {"year": year, "check_result": PersonalMattersNote.Check.NOT_CHECKED}
    if existing is not None:
        initial.update(reported_on=existing.reported_on, check_result=existing.check_result, note=existing.note)
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _apply(
            form,
            lambda: services.save_note(
                request.user,
                cadre.pk,
                year=data["year"],
                reported_on=data["reported_on"],
                check_result=data["check_result"],
                note=data["note"],
            ),
        )
        if done:
            messages.success(request, f"已记录{cadre.name}{done.year}年度个人有关事项报告情况。")
            return redirect(reverse("integrity:file", args=[cadre.pk]) + "#notes")
    file_url = reverse("integrity:file", args=[cadre.pk])
    return render(
        request,
        "integrity/form.html",
        {
            "page_title": "记录个人有关事项报告情况",
            "breadcrumbs": [("组织机构", None), FILES, (cadre.name, file_url), ("个人有关事项", None)],
            "form": form,
            "intro": f"{cadre.name}（{cadre.unit.name if cadre.unit else ''}{cadre.post}）。同一年度再次记录即更正该年度的记录。",
            "submit_label": "保存",
            "cancel_url": file_url,
        },
    )


@login_required
def request_list(request):
    access.require_section(request.user, FileRequest)
    listing = paginate(request, queries.requests(request.user))
    record_page(request, FileRequest, listing, {}, code="integrity.request_listed")
    today = shanghai_today()
    for row in listing["page"].object_list:
        row.state = row.state_on(today)
    context = {
        "page_title": "廉政档案查阅申请",
        "breadcrumbs": [("组织机构", None), ("廉政档案查阅申请", None)],
        "may_request": access.has_section(request.user, CadreFile, REQUEST),
        "today": today,
        **listing,
    }
    return render(request, "integrity/requests.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new_request(request):
    if not access.has_section(request.user, CadreFile, REQUEST):
        raise NotFound()
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _apply(
            form,
            lambda: services.request_file(
                request.user, data["person"].pk, purpose=data["purpose"], reason=data["reason"]
            ),
        )
        if done:
            messages.success(request, f"已提出查阅申请 {done.serial}，待审批。")
            return redirect("integrity:request", done.pk)
    return render(
        request,
        "integrity/form.html",
        {
            "page_title": "申请查阅廉政档案",
            "breadcrumbs": [("组织机构", None), REQUESTS, ("申请查阅", None)],
            "form": form,
            "intro": "经批准后，可在有效期内查阅该干部的廉洁情况（党纪政务处分、组织处理和第一种形态处理结论、"
            "党风廉政意见回复），不含问题线索的来源、内容和办理过程。",
            "submit_label": "提交申请",
            "cancel_url": REQUESTS[1],
        },
    )


@login_required
def request_page(request, pk: int):
    row = access.fetch(request.user, FileRequest.objects.select_related("person__unit", "group", "requested_by"), pk)
    today = shanghai_today()
    step = approvals.current(row)
    context = {
        "page_title": f"查阅申请 {row.serial}",
        "breadcrumbs": [("组织机构", None), REQUESTS, (row.serial, None)],
        "row": row,
        "state": row.state_on(today),
        "may_read": row.requested_by_id == request.user.pk and row.is_open_on(today),
        "decide_step": step if approvals.may_decide(request.user, step, row) else None,
        "approval_rows": list(approvals.history(row)),
        "events": list(row.events.all()),
    }
    return render(request, "integrity/request.html", context)
