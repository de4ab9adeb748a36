from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import guides


@login_required
@require_GET
def index(request):
    listed = guides.for_role(getattr(request.user, "acting_role", "") or "")
    return render(
        request,
        "guide/index.html",
        {
            "page_title": "帮助",
            "guides": listed,
            "mine": [g for g in listed if request.user.acting_role in g.roles],
            "breadcrumbs": [("帮助", None)],
        },
    )


@require_GET
def guide(request, slug: str):
    found = guides.BY_SLUG.get(slug)
    if found is None:
        raise Http404
    if not found.public and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    title, body = guides.render(found)
    context = {"page_title": title, "guide": found, "body": body}
    if found.public and not request.user.is_authenticated:
        return render(request, "guide/public.html", context)
    context["breadcrumbs"] = [("帮助", "/help/"), (found.title, None)]
    return render(request, "guide/guide.html", context)


@require_GET
def image(request, name: str):
    path = guides.image_path(name)
    if path is None:
        raise Http404
    if not guides.public_image(name) and not request.user.is_authenticated:
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
