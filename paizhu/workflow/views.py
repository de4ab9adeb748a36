"""The kernel's pages, over every registered kind: the approver's inbox and decision page, document downloads."""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from paizhu import access
from paizhu.access.reads import record_page
from paizhu.accounts.stepup import require_recent_otp
from paizhu.core.errors import DomainError, NotFound, PermissionDenied
from paizhu.core.listing import paginate

from . import approvals, documents, services
from .forms import DecisionForm
from .models import Approval

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

INBOX = ("待我审批", None)


def _require_approver(user: "Actor") -> None:
    # For roles that hold no approval step of any kind the inbox does not exist (404), not even empty.
    if user.acting_role not in approvals.approver_roles():
        raise NotFound()


@login_required
def approval_inbox(request):
    _require_approver(request.user)
    pending = approvals.inbox(request.user).select_related("requested_by").order_by("requested_at", "id")
    listing = paginate(request, pending)
    record_page(request, Approval, listing, {}, code="approval.listed")
    approvals.with_matters(listing["page"].object_list)
    return render(
        request,
        "workflow/approvals.html",
        {"page_title": "待我审批", "breadcrumbs": [("工作台", None), INBOX], **listing},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk: int):
    """One step of a request, among the user's own pending ones; the decision goes through the one service.

    A step that is not waiting for the user (another role's, another group's, one on a matter they may not see)
    is 404, and a refusal on an existing step is written to the audit trail (`access.denied`)."""
    approval = approvals.inbox(request.user).select_related("requested_by").filter(pk=pk).first()
    if approval is None:
        raise NotFound(model=Approval, pk=pk, action="decide")
    [approval] = approvals.with_matters([approval])
    subject = approval.subject
    if subject is None:  # the matter was deleted under its approval
        raise NotFound(model=Approval, pk=pk, action="decide")
    if not approvals.may_decide(request.user, approval, subject):
        raise PermissionDenied("您不能审批本人提出的申请，或该环节不属于您。", model=Approval, pk=pk, action="decide")
    form = DecisionForm(request.POST or None, initial={"version": subject.version}, attestation=approval.attestation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_approval(
                request.user,
                approval,
                version=data["version"],
                approve=data["approve"],
                opinion=data["opinion"],
                attested=data.get("attested", False),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已审批：{approval.spec.label} {approval.matter.serial}。")
            return redirect("workflow:approvals")
    if request.method == "GET":
        access.fetch(request.user, type(subject), subject.pk)  # the approver reads the file: logged
    spec = approval.spec
    return render(
        request,
        "workflow/decide.html",
        {
            **spec.request_context(request.user, approval, subject),
            "page_title": f"{approval.label} · {approval.matter.serial}",
            "breadcrumbs": [
                ("工作台", None),
                ("待我审批", reverse("workflow:approvals")),
                (approval.matter.serial, None),
            ],
            "approval": approval,
            "matter": approval.matter,
            "spec": spec,
            "form": form,
            "chain": approvals.history(subject).filter(kind=approval.kind, round=approval.round),
        },
    )


@login_required
def document(request, name: str, pk: int, part: int = 0):
    """A .docx filled from the matter, watermarked with the downloader; the download is audited.

    A document leaves the building like an export: the second factor is asked again first, after the 404 for
    what the user may not download, so that the step-up page reveals nothing either.
    """
    matter = documents.matter_for(request.user, name, pk, part)
    require_recent_otp(request)
    data, filename = documents.render(request.user, name, matter, part)
    return FileResponse(data, as_attachment=True, filename=filename)
