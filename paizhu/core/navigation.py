"""The left navigation: entries grouped by work area, shown only to the roles that may use them.

Apps add their entries with `register` in their AppConfig.ready(). `roles` is a set of roles, or a function
returning it when the set is known only once every app has registered (the approval inbox: the approvers of the
kinds registered). A `badge` callable returns the count of the user's open to-dos for that entry (never a count
of things the user may not know about), through `badge_count`, which stops counting at "99+".
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


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


def badge_count(queryset) -> str | None:
    """The badge text for the rows of `queryset` (None when there are none), counting at most BADGE_CAP + 1."""
    count = queryset[: BADGE_CAP + 1].count()
    if not count:
        return None
    return f"{BADGE_CAP}+" if count > BADGE_CAP else str(count)


def roles_of(entry) -> frozenset[str]:
    """The roles of a navigation entry or a to-do provider, whether given as a set or as a function."""
    return entry.roles() if callable(entry.roles) else entry.roles


def register(item: NavItem) -> None:
    if item not in _items:
        _items.append(item)


def for_user(user, current_path: str) -> list[tuple[str, list[dict]]]:
    grant = getattr(user, "acting_grant", None)
    role = grant.role if grant else None
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
        active = current_path == url or (url != "/" and current_path.startswith(url))
        sections.setdefault(item.section, []).append(
            {
                "label": item.label,
                "url": url,
                "icon": item.icon,
                "active": active,
                "badge": item.badge(user) if item.badge else None,
            }
        )
    return list(sections.items())
