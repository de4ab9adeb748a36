from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, Prefetch, Q, When
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from paizhu import access
from paizhu.access import services as recusal_services
from paizhu.access.models import RelationDeclaration
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.listing import paginate
from paizhu.core.params import BadRequest, id_param

from . import picking, services
from .forms import CoverageForm, DispatchForm, EndDispatchForm, PersonForm, RelationForm
from .models import Coverage, DispatchedStaff, DispatchGroup, Person, Unit


@login_required
def groups(request):
    access.require_section(request.user, DispatchGroup)
    current = Coverage.objects.current().select_related("unit").order_by("unit_id")
    rows = access.scope(request.user, DispatchGroup).prefetch_related(
        Prefetch("coverages", queryset=current, to_attr="current_coverages")
    )
    return render(
        request,
        "org/groups.html",
        {"page_title": "派驻机构", "breadcrumbs": [("组织机构", None), ("派驻机构", None)], "groups": rows},
    )


@login_required
def people(request):
    access.require_section(request.user, Person)
    qs = access.scope(request.user, Person).select_related("unit")
    units = access.scope(request.user, Unit).order_by("id")
    unit_id = id_param(request, "unit")  # malformed → 400 in Chinese
    keyword = request.GET.get("q", "").strip()
    key_minority = request.GET.get("key") == "1"
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if keyword:
        qs = qs.filter(Q(name__contains=keyword) | Q(post__contains=keyword))
    if key_minority:
        qs = qs.filter(is_leadership_member=True)
    context = {
        "page_title": "干部名册",
        "breadcrumbs": [("组织机构", None), ("干部名册", None)],
        "units": units,
        "filters": {"unit": str(unit_id or ""), "q": keyword, "key": key_minority},
        "may_manage": services.may_manage(request.user, Person),
        **paginate(request, qs),
    }
    return render(request, "org/people.html", context)


# --- 派驻机构管理部门: 监督关系调整, dispatched staff, the roster ---
# Each page answers 404 to a role that may not manage what it changes (the section does not exist
# for them); buttons on the shared pages come from `services.may_manage`, the services' own predicate.


def _apply(form, call):
    """Run a service call; a DomainError it raises goes onto the field it names (or the form)."""
    try:
        return call()
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


@login_required
def coverages(request):
    access.require_section(request.user, Coverage, services.MANAGE)
    groups = access.scope(request.user, DispatchGroup).order_by("ordinal", "id")
    group_id = request.GET.get("group", "")
    keyword = request.GET.get("q", "").strip()
    current = Coverage.objects.current().select_related("group", "changed_by")
    units = (
        access.scope(request.user, Unit)
        .filter(is_active=True)
        .annotate(changes=Count("coverages"))
        .prefetch_related(Prefetch("coverages", queryset=current, to_attr="current_coverage"))
        .order_by("id")
    )
    if group_id.isdigit() and len(group_id) < 10:
        units = units.filter(coverages__group_id=int(group_id), coverages__valid_to__isnull=True)
    if keyword:
        units = units.filter(Q(name__contains=keyword) | Q(short_name__contains=keyword))
    rows = [(unit, unit.current_coverage[0] if unit.current_coverage else None) for unit in units]
    return render(
        request,
        "org/coverages.html",
        {
            "page_title": "监督关系调整",
            "breadcrumbs": [("组织机构", None), ("监督关系调整", None)],
            "rows": rows,
            "groups": groups,
            "filters": {"group": group_id, "q": keyword},
        },
    )


@login_required
def coverage_unit(request, pk: int):
    access.require_section(request.user, Coverage, services.MANAGE)
    unit = access.fetch(request.user, Unit, pk)
    history = list(
        access.scope(request.user, Coverage)
        .filter(unit=unit)
        .select_related("group", "changed_by")
        .order_by("-valid_from")
    )
    current = next((c for c in history if c.valid_to is None), None)
    form = CoverageForm(request.POST or None, unit=unit, current=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _apply(
            form,
            lambda: services.set_coverage(request.user, data["group"], unit, data["valid_from"], reason=data["reason"]),
        )
        if done:
            messages.success(request, f"已调整：自{done.valid_from:%Y-%m-%d}起，{unit.name}由{done.group}监督。")
            return redirect("org:coverage_unit", pk=unit.pk)
    return render(
        request,
        "org/coverage_unit.html",
        {
            "page_title": unit.name,
            "breadcrumbs": [
                ("组织机构", None),
                ("监督关系调整", reverse("org:coverages")),
                (unit.name, None),
            ],
            "unit": unit,
            "current": current,
            "history": history,
            "form": form,
        },
    )


ROLE_ORDER = Case(
    When(role=DispatchedStaff.Role.LEADER, then=0), When(role=DispatchedStaff.Role.DEPUTY, then=1), default=2
)


@login_required
def staff(request):
    access.require_section(request.user, DispatchedStaff)
    groups = access.scope(request.user, DispatchGroup).order_by("ordinal", "id")
    group_id = request.GET.get("group", "")
    status = request.GET.get("status", "current")
    qs = (
        access.scope(request.user, DispatchedStaff)
        .select_related("person", "group")
        .order_by("group__ordinal", "group_id", ROLE_ORDER, "-valid_from", "id")
    )
    if group_id.isdigit() and len(group_id) < 10:
        qs = qs.filter(group_id=int(group_id))
    if status == "current":
        qs = qs.filter(valid_to__isnull=True)
    elif status == "ended":
        qs = qs.filter(valid_to__isnull=False)
    else:
        status = "all"
    return render(
        request,
        "org/staff.html",
        {
            "page_title": "派驻干部",
            "breadcrumbs": [("组织机构", None), ("派驻干部", None)],
            "groups": groups,
            "filters": {"group": group_id, "status": status},
            "may_manage": services.may_manage(request.user, DispatchedStaff),
            **paginate(request, qs),
        },
    )


@login_required
def staff_new(request):
    access.require_section(request.user, DispatchedStaff, services.MANAGE)
    form = DispatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _apply(
            form,
            lambda: services.dispatch_staff(
                request.user, data["person"], data["group"], data["role"], data["valid_from"]
            ),
        )
        if done:
            messages.success(request, f"已登记：{done.person.name}派驻{done.group}，任{done.get_role_display()}。")
            return redirect("org:staff")
    return _form_page(
        request,
        form,
        title="登记派驻干部",
        parent=("派驻干部", reverse("org:staff")),
        submit_label="登记派驻",
        intro="派驻干部由委机关统一管理，组织关系和工资关系在委机关；不得在所在组监督的单位任职。",
    )


@login_required
def staff_end(request, pk: int):
    record = access.fetch(request.user, DispatchedStaff.objects.select_related("person", "group"), pk, services.MANAGE)
    form = EndDispatchForm(request.POST or None, staff=record)
    if request.method == "POST" and form.is_valid():
        done = _apply(form, lambda: services.end_dispatch(request.user, record, form.cleaned_data["valid_to"]))
        if done:
            messages.success(request, f"已办理离任：{done.person.name}于{done.valid_to:%Y-%m-%d}离开{done.group}。")
            return redirect("org:staff")
    return _form_page(
        request,
        form,
        title="办理离任",
        parent=("派驻干部", reverse("org:staff")),
        submit_label="确认离任",
        intro=f"{record.person.name}，{record.group}{record.get_role_display()}，{record.valid_from:%Y-%m-%d}派驻。",
        confirm=f"确认{record.person.name}离任？离任后不再作为{record.group}派驻干部。",
    )


@login_required
def person_new(request):
    access.require_section(request.user, Person, services.MANAGE)
    return _person_form(request, Person(), title="新增干部")


@login_required
def person_edit(request, pk: int):
    person = access.fetch(request.user, Person, pk, services.MANAGE)
    return _person_form(request, person, title=f"编辑干部：{person.name}")


def _person_form(request, person: Person, *, title: str):
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        done = _apply(form, lambda: services.save_person(request.user, form.instance))
        if done:
            messages.success(request, f"已保存：{done.name}。")
            return redirect(f"{reverse('org:people')}?q={quote(done.name)}")
    return _form_page(
        request,
        form,
        title=title,
        parent=("干部名册", reverse("org:people")),
        submit_label="保存",
        intro="干部管理权限决定问题线索初步核实、立案等事项的审批路径，请按干部任免文件填写。",
    )


def _form_page(request, form, *, title, parent, submit_label, intro="", confirm=""):
    return render(
        request,
        "org/form.html",
        {
            "page_title": title,
            "breadcrumbs": [("组织机构", None), parent, (title, None)],
            "form": form,
            "submit_label": submit_label,
            "cancel_url": parent[1],
            "intro": intro,
            "confirm": confirm,
        },
    )


# --- 回避申报: each supervisor declares their relations to cadres and units (/recusal/) ---

# The roster is not shown to anyone as a list: the person picker is a search of at least
# PICKER_MIN_CHARS characters of a name, answering at most PICKER_LIMIT cadres, and only to the staff
# of the commission and the groups (`access.scope(user, Person, "declare")`). The 三员 and unit roles
# see no matter at all, so they have nothing to stand aside from: they declare nothing.
PICKER_LIMIT = 10
PICKER_MIN_CHARS = 2


def _declarable(user):
    return access.scope(user, Person, "declare")


def _person_matches(declarable, text: str) -> list[Person]:
    text = (text or "").strip()[:40]
    if len(text) < PICKER_MIN_CHARS:
        return []
    return list(declarable.filter(name__contains=text).select_related("unit").order_by("name", "id")[:PICKER_LIMIT])


def _picker_context(declarable, text: str, selected) -> dict:
    return {
        "matches": _person_matches(declarable, text),
        "query": (text or "").strip(),
        "selected": str(selected or ""),
        "min_chars": PICKER_MIN_CHARS,
        "limit": PICKER_LIMIT,
    }


@login_required
def relations(request):
    """Each user declares their own relations; the list is theirs alone."""
    declarable = _declarable(request.user)
    may_declare = not declarable.query.is_empty()
    if request.method == "POST" and not may_declare:
        raise NotFound()
    # Any active cadre may be a relative or former colleague, not only those the user can browse.
    if request.method == "POST":
        form = RelationForm(request.POST, person_queryset=declarable)
    else:  # a plain GET search (no scripts) keeps what was typed
        initial = {k: request.GET.get(k, "") for k in ("kind", "q", "note", "unit") if request.GET.get(k)}
        form = RelationForm(initial=initial, person_queryset=declarable)
    if request.method == "POST" and form.is_valid():
        try:
            recusal_services.declare_relation(
                request.user,
                form.cleaned_data["kind"],
                person=form.cleaned_data["person"],
                unit=form.cleaned_data["unit"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已申报。涉及该人员或单位的事项将不再向您显示。")
            return redirect("recusal:relations")
    source = request.POST if request.method == "POST" else request.GET
    declarations = RelationDeclaration.objects.filter(user=request.user).select_related("person__unit", "unit")
    return render(
        request,
        "org/relations.html",
        {
            "page_title": "回避申报",
            "breadcrumbs": [("个人事项", None), ("回避申报", None)],
            "form": form,
            "may_declare": may_declare,
            "declarations": declarations,
            **(_picker_context(declarable, source.get("q", ""), source.get("person")) if may_declare else {}),
        },
    )


@login_required
def relation_people(request):
    """The person picker's answer (htmx): at most PICKER_LIMIT cadres whose name contains the text typed."""
    declarable = _declarable(request.user)
    if declarable.query.is_empty():
        raise NotFound()
    context = _picker_context(declarable, request.GET.get("q", ""), request.GET.get("person"))
    return render(request, "org/includes/person_matches.html", context)


@login_required
@require_POST
def withdraw_relation(request, pk: int):
    declaration = get_object_or_404(RelationDeclaration, pk=pk, user=request.user)
    try:
        recusal_services.withdraw_relation(request.user, declaration)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已撤回该项申报。")
    return redirect("recusal:relations")


@login_required
def people_pick(request):
    """The people pickers' answer: at most `picking.LIMIT` people of the purpose's list (the user's scope) whose
    name, unit or post contains `q`, as JSON. An unknown purpose or a malformed unit is a 400."""
    purpose = request.GET.get("purpose", "")
    if purpose not in picking.purposes():
        raise BadRequest("参数“purpose”无效。", field="purpose")
    people = picking.pickable(request.user, purpose, unit=id_param(request.GET, "unit"))
    found = picking.search(people, request.GET.get("q", ""), limit=picking.LIMIT + 1)
    return JsonResponse(
        {"items": [picking.item(p) for p in found[: picking.LIMIT]], "more": len(found) > picking.LIMIT},
        json_dumps_params={"ensure_ascii": False},
    )
