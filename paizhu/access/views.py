from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from paizhu import access
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.params import same_site_path
from paizhu.org.models import Person

from . import services
from .forms import RecuseForm, RelationForm
from .handled import recusable_model
from .models import RelationDeclaration

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
            services.declare_relation(
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
            return redirect("access:relations")
    source = request.POST if request.method == "POST" else request.GET
    declarations = RelationDeclaration.objects.filter(user=request.user).select_related("person__unit", "unit")
    return render(
        request,
        "access/relations.html",
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
def people(request):
    """The person picker's answer (htmx): at most PICKER_LIMIT cadres whose name contains the text typed."""
    declarable = _declarable(request.user)
    if declarable.query.is_empty():
        raise NotFound()
    context = _picker_context(declarable, request.GET.get("q", ""), request.GET.get("person"))
    return render(request, "access/includes/person_matches.html", context)


@login_required
@require_POST
def withdraw(request, pk: int):
    declaration = get_object_or_404(RelationDeclaration, pk=pk, user=request.user)
    try:
        services.withdraw_relation(request.user, declaration)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已撤回该项申报。")
    return redirect("access:relations")


@login_required
@require_POST
def recuse_matter(request, label: str, pk: int):
    """Self-recusal from the detail page of a matter (a report, a clue, a case).

    Only registered matter types: a label naming any other model (audit entries, users, grants)
    is 404, as is a matter the user cannot see. `back` is followed only to a path on this site.
    """
    model = recusable_model(label)
    if model is None:
        raise NotFound()
    form = RecuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写回避理由。")
        return redirect(same_site_path(request, request.POST.get("back"), reverse("home")))
    services.recuse_from(request.user, model, pk, form.cleaned_data["reason"])
    messages.success(request, "已回避：该事项及其统计、提醒将不再向您显示。如需改派，组长会在待办中看到提示。")
    return redirect("home")
