""" "我的待办" on the home page: each app registers providers that list what waits for a user.

A provider takes the user (acting in their current grant) and returns `Todo` rows already scoped
through `paizhu.access`; the home page sorts them by urgency. `total`, when given, returns the queryset(s)
the rows are the most urgent of: the card's count is theirs (capped at TOTAL_CAP), not the length of the
first rows fetched, and a navigation badge standing for the card counts the same rows (`badge`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .navigation import BADGE_CAP, roles_of

# A card says "999+" beyond this: its count reads at most TOTAL_CAP + 1 rows per queryset.
TOTAL_CAP = 999

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


@dataclass(frozen=True)
class Todo:
    kind: str  # e.g. "线索处置审批"
    title: str
    url: str
    due: date | None = None
    serial: str = ""


@dataclass(frozen=True)
class TodoProvider:
    title: str
    roles: frozenset[str] | Callable[[], frozenset[str]]  # a function: see core.navigation
    fetch: Callable[["Actor"], Iterable[Todo]]
    empty_text: str = "暂无待办事项。"
    # user -> a queryset or a list of disjoint querysets: every row the card stands for (see the module doc)
    total: Callable | None = field(default=None, compare=False)
    # `fetch` returns at most this many rows of each of its lists: fewer rows than this are the whole total,
    # and the card's count costs no query.
    limit: int = 20


@dataclass(frozen=True)
class Card:
    provider: TodoProvider
    items: list[Todo]
    total: int  # rows counted, at most TOTAL_CAP + 1
    shown: int = 8  # rows the home page lists

    @property
    def total_text(self) -> str:
        return f"{TOTAL_CAP}+" if self.total > TOTAL_CAP else str(self.total)

    @property
    def more(self) -> int:
        """How many rows the card does not list (the real total's rest, not the rest of the rows fetched)."""
        return max(self.total - min(len(self.items), self.shown), 0)

    @property
    def more_text(self) -> str:
        return f"{self.more}+" if self.total > TOTAL_CAP else str(self.more)


_providers: list[TodoProvider] = []


def register(provider: TodoProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def _querysets(provider: TodoProvider, user: "Actor") -> list:
    if provider.total is None:
        raise TypeError(f"待办“{provider.title}”没有声明总数")  # only cards that declare their total are counted
    result = provider.total(user)
    return list(result) if isinstance(result, list | tuple) else [result]


def capped_count(querysets, cap: int) -> int:
    """Rows of disjoint `querysets`, counting at most cap + 1 (unordered: see navigation.badge_count)."""
    counted = 0
    for qs in querysets:
        counted += qs.order_by()[: cap + 1 - counted].count()
        if counted > cap:
            break
    return counted


def badge(provider: TodoProvider, user: "Actor") -> str | None:
    """The navigation badge of a card: the same rows as its total, capped at the badge's cap."""
    count = capped_count(_querysets(provider, user), BADGE_CAP)
    if not count:
        return None
    return f"{BADGE_CAP}+" if count > BADGE_CAP else str(count)


def for_user(user: "Actor") -> list[Card]:
    role = user.acting_role
    result = []
    for provider in _providers:
        if role in roles_of(provider):
            items = sorted(provider.fetch(user), key=lambda t: (t.due is None, t.due or date.max))
            counted = provider.total is not None and len(items) >= provider.limit
            total = capped_count(_querysets(provider, user), TOTAL_CAP) if counted else len(items)
            result.append(Card(provider, items, max(total, len(items))))
    # What waits comes first; empty lists keep their place at the end, so the page reads by urgency.
    return sorted(result, key=lambda card: not card.items)
