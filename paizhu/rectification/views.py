"""The thin HTTP layer of rectification (the pages land after the services)."""

from django.contrib.auth.decorators import login_required

from paizhu.core.errors import NotFound


@login_required
def demand_list(request):
    raise NotFound()


@login_required
def detail(request, pk):
    raise NotFound()


@login_required
def item(request, pk):
    raise NotFound()
