"""Server-side lists: pagination with totals and filters kept in the URL."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

PAGE_SIZE = 20
# Beyond this many rows a list says "10,000+": counting a million scoped rows exactly on every
# page view would cost more than the page itself.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` + 1 rows (SELECT COUNT(*) FROM (... LIMIT cap + 1))."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, list):
            return len(self.object_list)
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return not isinstance(self.object_list, list) and self.count > self.cap

    @property
    def total_label(self) -> str:
        return f"{self.cap:,}+" if self.capped else f"{self.count:,}"


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    paginator = CappedPaginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {"page": page, "paginator": paginator, "querystring": params.urlencode()}
