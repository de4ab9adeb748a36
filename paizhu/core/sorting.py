"""Sorting and date ranges of a list, from its URL: whitelisted, validated, keyset-friendly.

`?sort=` names one of the list's declared orders ("received", "-received" …); anything else is a 400 in
Chinese (`params.BadRequest`), never a column name passed to the database. Each declared order is a
sequence of plain non-null columns of the list's own model, so `core.listing` keeps seeking its pages
(a nullable or related column would make it fall back to OFFSET). `?from=` / `?to=` bound a date column;
a malformed date, or a range that ends before it starts, is a 400 too.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from .params import BadRequest, _params

SORT = "sort"


@dataclass(frozen=True)
class Sorting:
    options: Mapping[str, tuple[str, ...]]  # key → order_by, each key also as "-key" (descending)
    default: str

    def key(self, source) -> str:
        value = (_params(source).get(SORT) or "").strip()
        if not value:
            return self.default
        if value.lstrip("-") not in self.options:
            raise BadRequest(f"参数“{SORT}”不是可用的排序方式。", field=SORT)
        return value

    def order(self, key: str) -> tuple[str, ...]:
        """The columns of `key`: the declared order, reversed for "-key"."""
        columns = self.options[key.lstrip("-")]
        if not key.startswith("-"):
            return columns
        return tuple(c[1:] if c.startswith("-") else f"-{c}" for c in columns)


def sort_links(source, sorting: Sorting, current: str) -> dict[str, dict]:
    """Per sortable column: the link that sorts by it (descending first, then toggling) and its state."""
    params = {k: v for k, v in _params(source).items() if k not in (SORT, "page", "after", "before", "last")}
    links = {}
    for name in sorting.options:
        state = "desc" if current == f"-{name}" else "asc" if current == name else ""
        target = name if state == "desc" else f"-{name}"
        links[name] = {"url": "?" + urlencode({**params, SORT: target}), "state": state}
    return links


def parse_date(value, name: str) -> datetime.date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"参数“{name}”应为日期，格式如 2026-01-31。", field=name) from None


def date_range(source, start: str = "from", end: str = "to") -> tuple[datetime.date | None, datetime.date | None]:
    params = _params(source)
    first, last = parse_date(params.get(start), start), parse_date(params.get(end), end)
    if first and last and last < first:
        raise BadRequest("结束日期不能早于开始日期。", field=end)
    return first, last
