"""The kernel's pages, over every registered kind: the approver's inbox and decision page, document downloads."""

from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from paizhu import access
from paizhu.access.reads import record_page
from paizhu.accounts.stepup import require_recent_otp
from paizhu.core.errors import DomainError, NotFound, PermissionDenied
from paizhu.core.listing import paginate
from paizhu.core.params import BadRequest
from paizhu.core.sorting import Sorting, date_range, sort_links

from . import approvals, attachments, documents, services
from .forms import AttachForm, DecisionForm
from .models import Approval, Attachment

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

INBOX = ("待我审批", None)


def _require_approver(user: "Actor") -> None:
    # For roles that hold no approval step of any kind the inbox does not exist (404), not even empty.
    if user.acting_role not in approvals.approver_roles():
        raise NotFound()


INBOX_SORTING = Sorting({"requested": ("requested_at", "id")}, default="requested")


@login_required
def approval_inbox(request):
    """The approver's waiting steps, oldest first; filtered by kind and by the day they were asked."""
    _require_approver(request.user)
    role = request.user.acting_role
    kinds = {k.name: k.label for k in approvals.kinds().values() if role in k.approvers}
    kind = request.GET.get("kind", "")
    if kind and kind not in kinds:
        raise BadRequest("参数“kind”不是可选的审批事项。", field="kind")
    start, end = date_range(request.GET)
    sort = INBOX_SORTING.key(request.GET)
    pending = approvals.inbox(request.user).select_related("requested_by")
    if kind:
        pending = pending.filter(kind=kind)
    if start:
        pending = pending.filter(requested_at__date__gte=start)
    if end:
        pending = pending.filter(requested_at__date__lte=end)
    listing = paginate(request, pending.order_by(*INBOX_SORTING.order(sort)))
    filters = {"kind": kind, "from": request.GET.get("from", ""), "to": request.GET.get("to", "")}
    record_page(request, Approval, listing, {k: v for k, v in filters.items() if v}, code="approval.listed")
    approvals.with_matters(listing["page"].object_list)
    return render(
        request,
        "workflow/approvals.html",
        {
            "page_title": "待我审批",
            "breadcrumbs": [("工作台", None), INBOX],
            "kinds": sorted(kinds.items(), key=lambda item: item[1]),
            "filters": filters,
            "filtered": any(filters.values()),
            "sort_links": sort_links(request.GET, INBOX_SORTING, sort),
            **listing,
        },
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


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/"):
        return target
    return fallback


@login_required
@require_POST
def attach(request, model: str, pk: int):
    """上传材料 to a matter the user may act on: the same form on every matter page (`attachments.html`)."""
    try:
        matter_model = apps.get_model(model)
    except (LookupError, ValueError):
        raise NotFound() from None
    matter = access.get_for_act(request.user, matter_model, pk)
    back = _back(request, "/")
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rows = attachments.attach(
                request.user, matter, form.cleaned_data["uploads"], label=form.cleaned_data["label"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已上传{len(rows)}个文件：{form.cleaned_data['label']}。")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect(back)


@login_required
def attachment(request, pk: int):
    """One file of a matter: 404 unless the user may see the matter; the second factor again, audited."""
    item = Attachment.objects.select_related("content_type").defer("name").filter(pk=pk).first()
    if item is None:
        raise NotFound(model=Attachment, pk=pk, action="download")
    model = item.content_type.model_class()
    if model is None or not access.scope(request.user, model).filter(pk=item.object_id).exists():
        raise NotFound(model=Attachment, pk=pk, action="download")
    require_recent_otp(request)  # a signed record or a unit's evidence leaves the building like a document
    data = attachments.content(request.user, item)
    response = HttpResponse(data, content_type=attachments.CONTENT_TYPES[item.kind])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{item.label}-{item.pk}.{item.kind}"
    )
    response["Cache-Control"] = "no-store"
    return response
