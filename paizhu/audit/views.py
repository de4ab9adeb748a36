from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from paizhu import access
from paizhu.core.listing import paginate

from .models import AuditEntry


@login_required
def entries(request):
    qs = access.scope(request.user, AuditEntry).select_related("actor")
    return render(
        request,
        "audit/entries.html",
        {"page_title": "审计日志", "breadcrumbs": [("安全审计", None)], **paginate(request, qs)},
    )
