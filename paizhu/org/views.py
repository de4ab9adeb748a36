from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.shortcuts import render

from paizhu import access
from paizhu.core.listing import paginate

from .models import Coverage, DispatchGroup, Person, Unit


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
    unit_id = request.GET.get("unit", "")
    keyword = request.GET.get("q", "").strip()
    key_minority = request.GET.get("key") == "1"
    if unit_id.isdigit():
        qs = qs.filter(unit_id=int(unit_id))
    if keyword:
        qs = qs.filter(Q(name__contains=keyword) | Q(post__contains=keyword))
    if key_minority:
        qs = qs.filter(is_leadership_member=True)
    context = {
        "page_title": "干部名册",
        "breadcrumbs": [("组织机构", None), ("干部名册", None)],
        "units": units,
        "filters": {"unit": unit_id, "q": keyword, "key": key_minority},
        **paginate(request, qs),
    }
    return render(request, "org/people.html", context)
