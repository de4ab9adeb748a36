"""The thin HTTP layer of rectification: lists and details read through `queries`/`access`, every change
through `services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from paizhu import access
from paizhu.access.reads import record_page
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.listing import paginate
from paizhu.core.params import id_param
from paizhu.core.roles import GROUP_ROLES, UNIT_ROLES, Role
from paizhu.org.models import Coverage, Unit
from paizhu.workflow import approvals, attachments, documents
from paizhu.workflow.steps import find, offered, submitted, target

from . import forms, limits, queries, services, steps
from .models import Demand, DemandKind, Item, Rating
from .workflows import DemandStatus, ItemStatus

SECTION = ("整改督办", None)


def _crumbs(request, *extra):
    home = reverse("rectification:unit") if request.user.acting_role in UNIT_ROLES else reverse("rectification:list")
    return [("整改督办", home), *extra]


def _supervisor(request) -> None:
    if request.user.acting_role not in queries.SUPERVISOR_ROLES:
        raise NotFound()


@login_required
def demand_list(request):
    if request.user.acting_role in UNIT_ROLES:
        return unit_home(request)  # the unit's own page is its list
    _supervisor(request)
    filters = queries.Filters.from_params(request.GET)
    listing = paginate(request, queries.demands(request.user, filters))
    record_page(request, Demand, listing, filters.as_params())
    context = {
        "page_title": "整改建议",
        "breadcrumbs": [SECTION, ("整改建议", None)],
        "filters": filters,
        "statuses": DemandStatus.choices,
        "kinds": DemandKind.choices,
        "units": access.filter_choices(request.user, Unit.objects.order_by("id")),
        "summary": queries.unit_summary(request.user),
        "may_draft": request.user.acting_role in GROUP_ROLES,
        **listing,
    }
    return render(request, "rectification/list.html", context)


def _drafting_units(request):
    grant = request.user.require_grant()
    covered = Coverage.objects.current().filter(group_id=grant.group_id).values("unit_id")
    return Unit.objects.filter(pk__in=covered).order_by("id")


def _draft_initial(request, case) -> dict:
    initial = {"reply_workdays": limits.limit("reply")[0]}
    if case is not None:
        clue = case.clue
        initial.update(
            kind=DemandKind.DISCIPLINE,
            unit=clue.unit_id,
            source_label=f"案件{case.serial}（以案促改）",
            problems=f"{case.decision_summary or clue.summary}".strip(),
            causes="案件暴露出该单位在制度执行、监督管理和廉政风险防控方面存在漏洞。",
            items="\n".join(
                [
                    f"深入剖析{case.serial}案件暴露的问题，召开专题民主生活会，开展警示教育。",
                    "全面排查同类廉政风险点，健全完善相关制度。",
                    "加强对关键岗位人员的日常监督管理。",
                ]
            ),
        )
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    if request.user.acting_role not in services.DRAFTER_ROLES:
        raise NotFound()
    case = None
    case_id = id_param(request.GET, "case")
    if case_id:
        from paizhu.clues.models import Case

        case = access.fetch(request.user, Case.objects.select_related("clue__unit"), case_id)
    units = _drafting_units(request)
    form = forms.DemandForm(request.POST or None, units=units, initial=_draft_initial(request, case))
    drafted = submitted(
        request,
        form,
        lambda data: services.draft_demand(
            request.user,
            unit=data["unit"],
            kind=data["kind"],
            problems=data["problems"],
            items=form.item_list(),
            source=case,
            source_label=data["source_label"],
            source_text=data["source_text"],
            title=data["title"],
            addressee=data["addressee"],
            copies=data["copies"],
            causes=data["causes"],
            measures=data["measures"],
            reply_workdays=data["reply_workdays"],
            reply_due=data["reply_due"],
        ),
        success=lambda demand: f"已起草 {demand.serial}，请核对后报批。",
        done=lambda demand: reverse("rectification:detail", args=[demand.pk]),
    )
    if drafted:
        return drafted
    title = "以案促改：起草建议书" if case else "起草整改建议"
    context = {
        "page_title": title,
        "breadcrumbs": _crumbs(request, (title, None)),
        "form": form,
        "submit_label": "保存草稿",
        "cancel_url": reverse("rectification:list"),
        "note": f"来源：案件 {case.serial} · {case.clue.unit.name}" if case else "",
    }
    return render(request, "rectification/form.html", context)


@login_required
def cases(request):
    """以案促改: the concluded cases the group may see, each a button to draft its 建议书."""
    if request.user.acting_role not in services.DRAFTER_ROLES:
        raise NotFound()
    from paizhu.clues.models import Case

    rows = (
        access.scope(request.user, Case)
        .filter(decided_on__isnull=False)
        .select_related("clue__unit")
        .order_by("-decided_on", "-id")[:100]
    )
    done = set(
        access.scope(request.user, Demand)
        .filter(source_type__app_label="clues", source_type__model="case")
        .values_list("source_id", flat=True)
    )
    context = {
        "page_title": "以案促改",
        "breadcrumbs": _crumbs(request, ("以案促改", None)),
        "rows": [(c, c.pk in done) for c in rows],
    }
    return render(request, "rectification/cases.html", context)


@login_required
def unit_home(request):
    """本单位整改: what the unit is asked, by when, what was sent back, what it submitted."""
    if request.user.acting_role not in UNIT_ROLES:
        raise NotFound()
    demands = list(queries.for_detail(access.scope(request.user, Demand)).order_by("status", "-issued_on", "-id")[:100])
    today = shanghai_today()
    for d in demands:
        d.rows = [(i, services.item_rating(i, today)) for i in d.items.all()]
        d.waiting = sum(1 for i in d.items.all() if i.status in (ItemStatus.OPEN, ItemStatus.RETURNED))
    context = {
        "page_title": "本单位整改",
        "breadcrumbs": [("整改督办", None), ("本单位整改", None)],
        "demands": demands,
        "secretary": request.user.acting_role == Role.PARTY_SECRETARY,
        "ratings": Rating,
    }
    return render(request, "rectification/unit.html", context)


@login_required
def detail(request, pk):
    demand = access.fetch(request.user, queries.for_detail(Demand.objects.all()), pk)
    unit_user = request.user.acting_role in UNIT_ROLES
    today = shanghai_today()
    pending = approvals.current(demand) if not unit_user else None
    context = {
        "page_title": demand.get_kind_display(),
        "breadcrumbs": _crumbs(request, (demand.serial, None)),
        "demand": demand,
        "rows": [(i, services.item_rating(i, today)) for i in demand.items.all()],
        "steps": offered(steps.DEMAND_STEPS, request.user, demand),
        "events": queries.timeline(request.user, demand),
        "documents": [] if unit_user else documents.offered(request.user, demand),
        "pending": pending,
        "may_decide": pending is not None and approvals.may_decide(request.user, pending, demand),
        "unit_user": unit_user,
        "visits": [] if unit_user else list(demand.visits.all()),
    }
    return render(request, "rectification/detail.html", context)


@login_required
def item(request, pk):
    row = access.fetch(request.user, queries.item_for_detail(Item.objects.all()), pk)
    unit_user = request.user.acting_role in UNIT_ROLES
    context = {
        "page_title": f"整改事项 第{row.number}项",
        "breadcrumbs": _crumbs(
            request,
            (row.demand.serial, reverse("rectification:detail", args=[row.demand_id])),
            (f"第{row.number}项", None),
        ),
        "item": row,
        "demand": row.demand,
        "rating": services.item_rating(row),
        "steps": offered(steps.ITEM_STEPS, request.user, row),
        "files": attachments.of(row),
        "unit_user": unit_user,
        "may_milestone": access.may(request.user, "answer", row) and row.status == ItemStatus.PLANNED,
        "hide_answer": not unit_user and row.status == ItemStatus.ANSWERED,
        "milestone_form": forms.MilestoneForm(initial={"version": row.version}),
    }
    return render(request, "rectification/item.html", context)


# ---------------------------------------------------------------- steps


def _demand_form(name, request, demand):
    data = request.POST or None
    initial = {"version": demand.version}
    if name == "edit":
        initial.update(
            kind=demand.kind,
            unit=demand.unit_id,
            title=demand.title,
            addressee=demand.addressee,
            copies=demand.copies,
            source_label=demand.source_label,
            source_text=demand.source_text,
            problems=demand.problems,
            causes=demand.causes,
            measures=demand.measures,
            items="\n".join(forms.item_line(i) for i in demand.items.all()),
            reply_workdays=demand.reply_workdays,
            reply_due=demand.reply_due,
        )
        form = forms.EditForm(data, initial=initial, units=Unit.objects.filter(pk=demand.unit_id), fixed_unit=True)
        form.fields["kind"].disabled = True
        return form
    if name == "report":
        return forms.ReportForm(data, initial=initial)
    if name == "visit":
        return forms.VisitForm(data, initial={**initial, "on": limits.due("return_visit", demand.closed_on)})
    if name == "visit_record":
        return forms.VisitRecordForm(data, initial={**initial, "on": shanghai_today()}, items=demand.items.all())
    if name == "press":
        return forms.PressForm(data, items=[i for i in demand.items.all() if i.status != ItemStatus.CLOSED])
    return forms.NoteForm(data, initial=initial)


def _run_demand_step(name, request, demand, data):
    user, v = request.user, data.get("version")
    if name == "edit":
        return services.update_draft(
            user,
            demand,
            version=v,
            problems=data["problems"],
            items=data["items"],
            title=data["title"],
            addressee=data["addressee"],
            copies=data["copies"],
            causes=data["causes"],
            measures=data["measures"],
            source_text=data["source_text"],
            reply_workdays=data["reply_workdays"],
            reply_due=data["reply_due"],
        )
    if name == "submit":
        return services.submit_demand(user, demand, version=v, opinion=data["opinion"])
    if name == "report":
        return services.submit_report(user, demand, version=v, summary=data["summary"])
    if name == "close":
        return services.close_demand(user, demand, version=v, opinion=data["opinion"])
    if name == "visit":
        return services.schedule_return_visit(user, demand, version=v, on=data["on"])
    if name == "visit_record":
        return services.record_return_visit(
            user,
            demand,
            version=v,
            finding=data["finding"],
            recurred=data["recurred"],
            due_on=data["due_on"],
            on=data["on"],
        )
    if name == "press":
        item = next((i for i in demand.items.all() if i.pk == data.get("item")), None)
        return services.press(user, demand, note=data["note"], item=item)
    raise NotFound()


@login_required
@require_http_methods(["GET", "POST"])
def demand_step(request, pk, step):
    spec = find(steps.DEMAND_STEPS, step)
    demand = target(request, spec, queries.for_detail(Demand.objects.all()), pk, action="view")
    form = _demand_form(step, request, demand)
    taken = submitted(
        request,
        form,
        lambda data: _run_demand_step(step, request, demand, data),
        success=f"已{spec.label}。",
        done=reverse("rectification:detail", args=[demand.pk]),
    )
    return taken or render(
        request,
        "rectification/form.html",
        {
            "page_title": spec.label,
            "breadcrumbs": _crumbs(
                request, (demand.serial, reverse("rectification:detail", args=[pk])), (spec.label, None)
            ),
            "form": form,
            "submit_label": spec.label,
            "cancel_url": reverse("rectification:detail", args=[pk]),
            "confirm": spec.confirm,
            "note": f"{demand.serial} · {demand.unit.name} · {demand.title}",
            "demand": demand if step == "report" else None,
        },
    )


def _item_form(name, request, row):
    data, files = request.POST or None, request.FILES or None
    initial = {"version": row.version}
    if name == "answer":
        initial.update(
            responsible=row.responsible or row.plan_responsible, measures=row.measures, progress=row.progress
        )
        return forms.AnswerForm(data, files, initial=initial)
    if name == "plan":
        return forms.PlanForm(data, initial={**initial, "responsible": row.responsible, "measures": row.measures})
    return forms.VerifyForm(data, initial=initial)


def _run_item_step(name, request, row, data):
    user, v = request.user, data["version"]
    if name == "answer":
        return services.answer_item(
            user,
            row,
            version=v,
            progress=data["progress"],
            measures=data["measures"],
            responsible=data["responsible"],
            uploads=data["uploads"],
        )
    if name == "plan":
        return services.plan_item(
            user,
            row,
            version=v,
            responsible=data["responsible"],
            timetable=data["timetable"],
            plan_due=data["plan_due"],
            milestones=data["milestones"],
            measures=data["measures"],
        )
    return services.verify_item(user, row, version=v, accept=data["accept"], reason=data["reason"])


@login_required
@require_http_methods(["GET", "POST"])
def item_step(request, pk, step):
    spec = find(steps.ITEM_STEPS, step)
    row = target(request, spec, queries.item_for_detail(Item.objects.all()), pk, action="view")
    form = _item_form(step, request, row)
    taken = submitted(
        request,
        form,
        lambda data: _run_item_step(step, request, row, data),
        success=f"第{row.number}项已{spec.label}。",
        done=reverse("rectification:item", args=[row.pk]),
    )
    return taken or render(
        request,
        "rectification/form.html",
        {
            "page_title": f"第{row.number}项 · {spec.label}",
            "breadcrumbs": _crumbs(
                request,
                (row.demand.serial, reverse("rectification:detail", args=[row.demand_id])),
                (f"第{row.number}项", reverse("rectification:item", args=[pk])),
                (spec.label, None),
            ),
            "form": form,
            "submit_label": spec.label,
            "cancel_url": reverse("rectification:item", args=[pk]),
            "note": f"{row.demand.serial} 第{row.number}项：{row.requirement}",
            "returned": row.returned_reason if row.status == ItemStatus.RETURNED else "",
            "confirm": spec.confirm,
        },
    )


@login_required
@require_http_methods(["POST"])
def milestone(request, pk):
    row = access.get_for_act(request.user, Item, pk, action="answer")
    form = forms.MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请重新填写节点完成情况。")
        return redirect("rectification:item", row.pk)
    node = row.milestones.filter(pk=form.cleaned_data["milestone"]).first()
    if node is None:
        raise NotFound()
    try:
        services.complete_milestone(
            request.user, node, version=form.cleaned_data["version"], note=form.cleaned_data["note"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"节点“{node.title}”已登记完成。")
    return redirect("rectification:item", row.pk)
