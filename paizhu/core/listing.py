"""Server-side lists: seek (keyset) pages, capped totals, filters kept in the URL.

- **Pages by seek, not OFFSET.** The link to the next page carries the sort key of the last row shown
  (`after=`), the link to the previous page that of the first row (`before=`), and 末页 reads the list
  backwards (`last=1`): the database starts at that key in its index, so page 500 costs what page 1
  costs instead of reading and discarding 9,980 rows. `page=` only numbers the page (序号, 第 N 页);
  a number typed by hand without a key is still served, by OFFSET. A list whose order is not a
  plain sequence of non-null columns of its own table falls back to OFFSET pages.
- **Totals are capped.** At most COUNT_CAP + 1 rows are counted ("10,000+" beyond), by a query
  without ORDER BY, so that the planner is free to count by whatever index answers the filter. A
  list found over the cap is remembered as such in the user's session for a few minutes (per role,
  path and filters), so paging through a long ledger does not count it again on every page; a total
  under the cap is exact and counted on every view. The first page of a short list is counted from
  its own rows, without a COUNT.
- **A keyword search** (`total_with_rows=True`): its matches are found and sorted in full before the
  first row comes out anyway, so the total is read with the page rows (`COUNT(*) OVER ()`), one query
  instead of two; its pages are numbered (OFFSET in an already sorted set costs nothing more).
"""

import base64
import binascii
import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Count, F, Field, Q, QuerySet, Window

from .params import BadRequest

PAGE_SIZE = 20
# Beyond this many rows a list says "10,000+": counting a million scoped rows exactly on every
# page view would cost more than the page itself.
COUNT_CAP = 10_000
# How long a list found over the cap is remembered in the session, and for how many lists.
OVER_CAP_SECONDS = 600
OVER_CAP_LISTS = 20
_SESSION_KEY = "paizhu_over_cap"
_PAGING = ("page", "after", "before", "last")


@dataclass(frozen=True)
class _Key:
    name: str  # the column's attribute (`received_on`, `id`)
    descending: bool
    field: Field


def _sort_keys(queryset: QuerySet) -> list[_Key] | None:
    """The list's order as seekable keys, ending with the primary key; None when it cannot be sought.

    Only plain non-null columns of the model itself qualify (`-received_on`, `id`); the primary key
    is appended when the order does not end with a unique column, so that every row has one place.
    """
    query = queryset.query
    opts = queryset.model._meta
    ordering = list(query.order_by) if query.order_by else (list(opts.ordering) if query.default_ordering else [])
    keys: list[_Key] = []
    for item in ordering:
        if not isinstance(item, str) or item == "?" or "__" in item.lstrip("-"):
            return None
        name = item.lstrip("-")
        try:
            field = opts.pk if name == "pk" else opts.get_field(name)
        except FieldDoesNotExist:
            return None
        if not getattr(field, "concrete", False) or field.null or field.is_relation:
            return None
        keys.append(_Key(field.attname, item.startswith("-"), field))
        if field.primary_key or field.unique:
            return keys
    return [*keys, _Key(opts.pk.attname, bool(keys and keys[-1].descending), opts.pk)]


def _encode(keys: list[_Key], row) -> str:
    values = [key.field.value_to_string(row) for key in keys]
    return (
        base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode())
        .decode()
        .rstrip("=")
    )


def _decode(keys: list[_Key], token: str, name: str) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(values, list) or len(values) != len(keys) or not all(isinstance(v, str) for v in values):
            raise ValueError
        return [key.field.to_python(value) for key, value in zip(keys, values, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, ValidationError):
        raise BadRequest(f"分页参数“{name}”无效，请从列表第一页重新翻页。", field=name) from None


def _beyond(keys: list[_Key], values: list, *, forward: bool) -> Q:
    """Rows after (`forward`) or before the row with sort key `values`, in the list's order.

    The lexicographic comparison, plus the first key bounded on its own: that bound is what lets the
    index start at the key instead of the top of the list."""

    def op(key: _Key, strict: bool) -> str:
        later = key.descending == forward  # descending and forward: smaller values come later
        return ("lt" if later else "gt") + ("" if strict else "e")

    condition = Q()
    equal = Q()
    for key, value in zip(keys, values, strict=True):
        condition |= equal & Q(**{f"{key.name}__{op(key, True)}": value})
        equal &= Q(**{key.name: value})
    first = keys[0]
    return Q(**{f"{first.name}__{op(first, False)}": values[0]}) & condition


def _order(keys: list[_Key], *, reverse: bool = False) -> list:
    return [F(k.name).asc() if k.descending == reverse else F(k.name).desc() for k in keys]


def seek(queryset: QuerySet, cursor: str | None, limit: int, *, name: str = "cursor") -> tuple[list, str | None]:
    """At most `limit` rows of `queryset` after `cursor` (the sort key of the previous page's last row, as
    returned here), and the cursor of the next page (None on the last). The API's pages (`core.schemas.Page`).

    The order must be seekable (plain non-null columns of the model, see `_sort_keys`): the API's lists
    are written so; a malformed cursor is BadRequest naming `name`."""
    keys = _sort_keys(queryset)
    if keys is None:
        raise ValueError(f"{queryset.model._meta.label}: the list's order cannot be sought: {queryset.query.order_by}")
    if cursor:
        queryset = queryset.filter(_beyond(keys, _decode(keys, cursor, name), forward=True))
    rows = list(queryset.order_by(*_order(keys))[: limit + 1])
    return rows[:limit], (_encode(keys, rows[limit - 1]) if len(rows) > limit else None)


class Total:
    """The list's total as shown: exact up to COUNT_CAP, "10,000+" beyond (`count` is then cap + 1)."""

    cap = COUNT_CAP

    def __init__(self, count: int, per_page: int):
        self.count = count
        self.per_page = per_page

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def total_label(self) -> str:
        return f"{self.cap:,}+" if self.capped else f"{self.count:,}"

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))


class Page:
    """One page of rows: what the templates and `access.reads.record_page` use of Django's Page."""

    def __init__(self, rows: list, number: int, per_page: int, total: Total, *, has_next: bool, has_previous: bool):
        self.object_list = rows
        self.number = number
        self.per_page = per_page
        self.paginator = total
        self._has_next = has_next
        self._has_previous = has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self._has_previous

    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0


def _list_key(request) -> str:
    grant = getattr(getattr(request, "user", None), "acting_grant", None)
    params = {k: v for k, v in sorted(request.GET.lists()) if k not in _PAGING}
    return f"{getattr(grant, 'pk', '')}:{request.path}?{urlencode(params, doseq=True)}"


def _known_over_cap(request) -> bool:
    session = getattr(request, "session", None)
    remembered = session.get(_SESSION_KEY, {}) if session is not None else {}
    return remembered.get(_list_key(request), 0) > time.time()


def _remember_over_cap(request) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    now = time.time()
    remembered = {k: t for k, t in session.get(_SESSION_KEY, {}).items() if t > now}
    remembered[_list_key(request)] = now + OVER_CAP_SECONDS
    session[_SESSION_KEY] = dict(sorted(remembered.items(), key=lambda item: item[1])[-OVER_CAP_LISTS:])


def _count(request, queryset: QuerySet, per_page: int) -> Total:
    if _known_over_cap(request):
        return Total(Total.cap + 1, per_page)
    total = Total(queryset.order_by()[: Total.cap + 1].count(), per_page)
    if total.capped:
        _remember_over_cap(request)
    return total


def _page_number(request) -> int:
    # A malformed or out-of-range number shows a valid page (the first or the last), as Django's get_page.
    raw = request.GET.get("page", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 10 and int(raw) > 0 else 1


def paginate(request, queryset: QuerySet, per_page: int = PAGE_SIZE, *, total_with_rows: bool = False) -> dict:
    """The page of `queryset` the request asks for, its total, and the links to the other pages.

    Returns `page` (rows, number, start index), `paginator` (the total), `querystring` (the filters
    without the paging parameters) and `links` (首页/上一页/下一页/末页 URLs, None where absent).
    """
    keys = None if total_with_rows else _sort_keys(queryset)
    number = _page_number(request)
    if keys is None:
        page = _numbered_page(request, queryset, number, per_page, total_with_rows=total_with_rows)
    else:
        page = _sought_page(request, queryset, keys, number, per_page)
    params = [(k, v) for k, values in request.GET.lists() if k not in _PAGING for v in values]
    querystring = urlencode(params)
    return {
        "page": page,
        "paginator": page.paginator,
        "querystring": querystring,
        "links": _links(querystring, page, keys),
    }


def _sought_page(request, queryset: QuerySet, keys: list[_Key], number: int, per_page: int) -> Page:
    after, before = request.GET.get("after"), request.GET.get("before")
    if after:
        values = _decode(keys, after, "after")
        rows = list(queryset.filter(_beyond(keys, values, forward=True)).order_by(*_order(keys))[: per_page + 1])
        total = _count(request, queryset, per_page)
        number = max(number, 2)
        return Page(rows[:per_page], number, per_page, total, has_next=len(rows) > per_page, has_previous=True)
    if before:
        values = _decode(keys, before, "before")
        backwards = queryset.filter(_beyond(keys, values, forward=False)).order_by(*_order(keys, reverse=True))
        rows = list(backwards[: per_page + 1])
        earlier = len(rows) > per_page
        total = _count(request, queryset, per_page)
        number = max(number, 2) if earlier else 1  # the list changed meanwhile: this is its first page
        return Page(rows[:per_page][::-1], number, per_page, total, has_next=True, has_previous=earlier)
    if request.GET.get("last") == "1" or number > 1:
        total = _count(request, queryset, per_page)
        if request.GET.get("last") == "1" and not total.capped:
            shown = total.count - (total.num_pages - 1) * per_page
            rows = list(queryset.order_by(*_order(keys, reverse=True))[:shown])[::-1]
            return Page(rows, total.num_pages, per_page, total, has_next=False, has_previous=total.num_pages > 1)
        return _offset_page(queryset.order_by(*_order(keys)), number, per_page, total)
    rows = list(queryset.order_by(*_order(keys))[: per_page + 1])
    # A list that fits on its first page needs no COUNT: its rows are its total.
    total = Total(len(rows), per_page) if len(rows) <= per_page else _count(request, queryset, per_page)
    return Page(rows[:per_page], 1, per_page, total, has_next=len(rows) > per_page, has_previous=False)


def _offset_page(queryset: QuerySet, number: int, per_page: int, total: Total) -> Page:
    """Page `number` by OFFSET (clamped to the last page the total allows)."""
    last = total.num_pages if not total.capped else -(-Total.cap // per_page)
    number = min(number, last)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Page(rows[:per_page], number, per_page, total, has_next=len(rows) > per_page, has_previous=number > 1)


def _numbered_page(request, queryset: QuerySet, number: int, per_page: int, *, total_with_rows: bool) -> Page:
    if not total_with_rows:
        return _offset_page(queryset, number, per_page, _count(request, queryset, per_page))
    start = (number - 1) * per_page
    counted = queryset.annotate(_listing_total=Window(Count("pk")))
    rows = list(counted[start : start + per_page])
    if not rows and number > 1:  # beyond the end: the last page, as Django's get_page
        return _offset_page(queryset, number, per_page, _count(request, queryset, per_page))
    total = Total(rows[0]._listing_total if rows else 0, per_page)
    return Page(rows, number, per_page, total, has_next=start + per_page < total.count, has_previous=number > 1)


def _links(querystring: str, page: Page, keys: list[_Key] | None) -> dict[str, str | None]:
    def url(**paging) -> str:
        extra = urlencode(paging)
        return "?" + "&".join(part for part in (querystring, extra) if part)

    rows, number, total = page.object_list, page.number, page.paginator
    links: dict[str, str | None] = {"first": None, "previous": None, "next": None, "last": None}
    if page.has_previous():
        links["first"] = url()
        if number - 1 <= 1:
            links["previous"] = url()
        elif keys and rows:
            links["previous"] = url(page=number - 1, before=_encode(keys, rows[0]))
        else:
            links["previous"] = url(page=number - 1)
    if page.has_next():
        links["next"] = url(page=number + 1, after=_encode(keys, rows[-1])) if keys and rows else url(page=number + 1)
        if not total.capped and number < total.num_pages:
            links["last"] = url(page=total.num_pages, last=1) if keys else url(page=total.num_pages)
    return links
