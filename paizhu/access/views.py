from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from paizhu.core.errors import NotFound
from paizhu.core.params import same_site_path

from . import services
from .forms import RecuseForm
from .handled import recusable_model


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
