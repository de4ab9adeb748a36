""" "我的待办" on the home page: each app registers providers that list what waits for a user.

A provider takes the user (acting in their current grant) and returns `Todo` rows already scoped
through `paizhu.access`; the home page sorts them by urgency.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .navigation import roles_of

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


_providers: list[TodoProvider] = []


def register(provider: TodoProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def for_user(user: "Actor") -> list[tuple[TodoProvider, list[Todo]]]:
    role = user.acting_role
    result = []
    for provider in _providers:
        if role in roles_of(provider):
            items = sorted(provider.fetch(user), key=lambda t: (t.due is None, t.due or date.max))
            result.append((provider, items))
    # What waits comes first; empty lists keep their place at the end, so the page reads by urgency.
    return sorted(result, key=lambda pair: not pair[1])
