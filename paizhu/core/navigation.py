"""The left navigation: entries grouped by work area, shown only to the roles that may use them.

Apps add their entries with `register` in their AppConfig.ready(). `roles` is a set of roles, or a function
returning it when the set is known only once every app has registered (the approval inbox: the approvers of the
kinds registered). A `badge` callable returns the count of the user's open to-dos for that entry (never a count
of things the user may not know about), through `badge_count`, which stops counting at "99+".

Badges are capped counts, not counters kept by the services: a counter per group or role could not
follow each reader's recusals, and a wrong count tells of a matter the reader may not know of. They
are read by index-backed queries that stop at the cap, and kept in the user's session for
settings.NAV_BADGE_SECONDS (a minute; per acting role), so that a detail page does its own queries and not the
navigation's; any write the user makes (a POST) drops them (`BadgesAfterWriteMiddleware`), so what
the user just did shows at once, what others did within a minute.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:
    from paizhu.core.actors import AnyActor


@dataclass(frozen=True)
class NavItem:
    section: str
    label: str
    url_name: str
    roles: frozenset[str] | Callable[[], frozenset[str]]
    icon: str = "circle"
    order: int = 100
    badge: Callable | None = field(default=None, compare=False)


SECTION_ORDER = [
    "工作台",
    "信访举报",
    "问题线索",
    "日常监督",
    "整改督办",
    "主体责任",
    "考核评价",
    "统计报表",
    "组织机构",
    "个人事项",
    "系统管理",
    "安全审计",
]

_items: list[NavItem] = []

# A badge says "99+" beyond this: it counts at most BADGE_CAP + 1 rows, whatever the table's size.
BADGE_CAP = 99
_SESSION_KEY = "paizhu_badges"


def badge_count(queryset) -> str | None:
    """The badge text for the rows of `queryset` (None when there are none), counting at most BADGE_CAP + 1.

    Without ORDER BY: which rows are counted does not matter, and an order would make the database
    find and sort every matching row before it could stop at the cap.
    """
    count = queryset.order_by()[: BADGE_CAP + 1].count()
    if not count:
        return None
    return f"{BADGE_CAP}+" if count > BADGE_CAP else str(count)


def roles_of(entry) -> frozenset[str]:
    """The roles of a navigation entry or a to-do provider, whether given as a set or as a function."""
    return entry.roles() if callable(entry.roles) else entry.roles


def register(item: NavItem) -> None:
    if item not in _items:
        _items.append(item)


def for_user(user: "AnyActor", current_path: str, session=None) -> list[tuple[str, list[dict]]]:
    """The user's navigation; with `session`, badges counted less than NAV_BADGE_SECONDS ago are reused."""
    grant = getattr(user, "acting_grant", None)
    role = grant.role if grant else None
    badges = _remembered_badges(session, grant)
    counted = False
    sections: dict[str, list[dict]] = {}
    for item in sorted(
        _items, key=lambda i: (SECTION_ORDER.index(i.section) if i.section in SECTION_ORDER else 99, i.order)
    ):
        if role not in roles_of(item):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        matches = current_path == url or (url != "/" and current_path.startswith(url))
        if item.badge and item.url_name not in badges:
            badges[item.url_name] = item.badge(user)
            counted = True
        sections.setdefault(item.section, []).append(
            {
                "label": item.label,
                "url": url,
                "icon": item.icon,
                "active": matches,
                "badge": badges.get(item.url_name) if item.badge else None,
            }
        )
    # One entry is highlighted: the longest address the page lies under (举报列表 /intake/ gives way to
    # 登记举报 /intake/new/ on that page).
    entries = [entry for items in sections.values() for entry in items]
    current = max((e for e in entries if e["active"]), key=lambda e: len(e["url"]), default=None)
    for entry in entries:
        entry["active"] = entry is current
    if counted and session is not None:
        session[_SESSION_KEY] = {"grant": getattr(grant, "pk", None), "at": time.time(), "badges": badges}
    return list(sections.items())


def _remembered_badges(session, grant) -> dict:
    remembered = session.get(_SESSION_KEY) if session is not None else None
    if (
        not remembered
        or remembered.get("grant") != getattr(grant, "pk", None)
        or time.time() - remembered.get("at", 0) >= settings.NAV_BADGE_SECONDS
    ):
        return {}
    return dict(remembered.get("badges", {}))


def forget_badges(session) -> None:
    """Count the badges again on the next page (the user changed something)."""
    if session is not None and _SESSION_KEY in session:
        del session[_SESSION_KEY]
