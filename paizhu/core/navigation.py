"""The left navigation: entries grouped by work area, shown only to the roles that may use them.

Apps add their entries with `register` in their AppConfig.ready(); a `badge` callable returns the
count of the user's open to-dos for that entry (never a count of things the user may not know about),
through `badge_count`, which stops counting at "99+".
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    section: str
    label: str
    url_name: str
    roles: frozenset[str]
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
    """The badge text for the rows of `queryset` (None when there are none), counting at most BADGE_CAP + 1.

    Without ORDER BY: which rows are counted does not matter, and an order would make the database
    find and sort every matching row before it could stop at the cap.
    """
    count = queryset.order_by()[: BADGE_CAP + 1].count()
    if not count:
        return None
    return f"{BADGE_CAP}+" if count > BADGE_CAP else str(count)


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
        if role not in item.roles:
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
