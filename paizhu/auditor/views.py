"""The security auditor's pages. Everyone else gets 404: the audit trail's existence is not theirs to know."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from paizhu import access
from paizhu.accounts.stepup import require_recent_otp
from paizhu.audit import chain
from paizhu.audit.models import AuditEntry
from paizhu.audit.services import chain_head, record
from paizhu.core.errors import DomainError
from paizhu.core.listing import paginate

from .exports import export_entries
from .forms import AuditFilterForm, VerifyForm
from .queries import filter_entries, recent_alerts
from .services import run_verification

ALERT_PANEL_SIZE = 5


def _require_auditor(request, action: str = "view") -> None:
    access.require_section(request.user, AuditEntry, action)


def _common(title: str, crumbs: list) -> dict:
    return {
        "page_title": title,
        "breadcrumbs": [("安全审计", None), *crumbs],
        "retention_days": settings.AUDIT_RETENTION_DAYS,
    }


@login_required
def entries(request):
    _require_auditor(request)
    form = AuditFilterForm(request.GET or None)
    listing = paginate(request, filter_entries(request.user, form.filters()))
    page = listing["page"]
    page.object_list = list(page.object_list)
    alerts = recent_alerts(request.user, limit=ALERT_PANEL_SIZE)
    # One entry per page view, naming the filters and the span of entries shown; it is the new head.
    view = record(
        request.user,
        "audit.viewed",
        None,
        {
            "page": "list",
            "filters": form.description(),
            "page_number": page.number,
            "seqs": [page.object_list[0].seq, page.object_list[-1].seq] if page.object_list else [],
        },
    )
    export_query = listing["querystring"]
    context = {
        **_common("审计日志", [("审计日志", None)]),
        **listing,
        "form": form,
        "alerts": alerts[:ALERT_PANEL_SIZE],
        "more_alerts": len(alerts) > ALERT_PANEL_SIZE,
        "head_seq": view.seq,
        "head_hash": view.hash,
        "export_url": reverse("audit:export") + (f"?{export_query}" if export_query else ""),
        "may_export": access.has_section(request.user, AuditEntry, "export"),
    }
    return render(request, "audit/entries.html", context)


@login_required
def entry(request, pk: int):
    _require_auditor(request)
    item = access.fetch(request.user, AuditEntry, pk)
    context = {
        **_common(f"审计记录 第 {item.seq} 条", [("审计日志", reverse("audit:entries")), (f"第 {item.seq} 条", None)]),
        "entry": item,
        "details_json": json.dumps(item.details, ensure_ascii=False, indent=2, sort_keys=True) if item.details else "",
        # The entry checked on its own; its links to its neighbours are checked by the full verification.
        "digest_ok": chain.details_digest(item.details) == item.details_digest,
        "hash_ok": chain.entry_hash(item.prev_hash, item) == item.hash,
    }
    return render(request, "audit/entry.html", context)


@login_required
def verify(request):
    _require_auditor(request)
    form = VerifyForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = run_verification(request.user, anchors=form.cleaned_data["anchors"])
    elif request.method != "POST":
        record(request.user, "audit.viewed", None, {"page": "verify"})
    last = (
        access.scope(request.user, AuditEntry).filter(action="audit.verified").order_by("-seq").first()
        if result is None
        else None
    )
    head_seq, head_hash = chain_head()
    context = {
        **_common("审计链校验", [("审计日志", reverse("audit:entries")), ("审计链校验", None)]),
        "form": form,
        "result": result,
        "last": last,
        "head_seq": head_seq,
        "head_hash": head_hash,
    }
    return render(request, "audit/verify.html", context)


@login_required
def export(request):
    _require_auditor(request, "export")
    require_recent_otp(request)  # exports leave the building: ask for the code again
    form = AuditFilterForm(request.GET or None)
    try:
        filename, content = export_entries(request.user, form)
    except DomainError as error:
        messages.error(request, error.message)
        query = request.GET.urlencode()
        return redirect(reverse("audit:entries") + (f"?{query}" if query else ""))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
