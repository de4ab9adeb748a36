from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from paizhu.core.errors import DomainError, NotFound
from paizhu.org.models import Person

from . import services
from .forms import RecuseForm, RelationForm
from .models import RelationDeclaration


@login_required
def relations(request):
    """Each user declares their own relations; the list is theirs alone."""
    # Any active cadre may be a relative or former colleague, not only those the user can browse.
    form = RelationForm(
        request.POST or None, person_queryset=Person.objects.filter(is_active=True).select_related("unit")
    )
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
    declarations = RelationDeclaration.objects.filter(user=request.user).select_related("person__unit", "unit")
    return render(
        request,
        "access/relations.html",
        {
            "page_title": "回避申报",
            "breadcrumbs": [("个人事项", None), ("回避申报", None)],
            "form": form,
            "declarations": declarations,
        },
    )


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
    """Self-recusal from the detail page of any matter (a report, a clue, a case)."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise NotFound() from None
    form = RecuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写回避理由。")
        return redirect(request.POST.get("back") or "home")
    services.recuse_from(request.user, model, pk, form.cleaned_data["reason"])
    messages.success(request, "已回避：该事项及其统计、提醒将不再向您显示。如需改派，组长会在待办中看到提示。")
    return redirect("home")
