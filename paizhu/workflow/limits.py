"""Time limits: each app declares its table of configurable defaults here (domain.md §3 and §2).

`Table("clues", {...}, setting="PAIZHU_CLUE_LIMITS")`: a deployment overrides entries in its settings,
e.g. `PAIZHU_CLUE_LIMITS = {"verification": (15, "workdays", "完成初步核实")}`; nothing else in the code
knows a number of days. Working days come from the calendar (statutory holidays and 调休 included).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from paizhu.core import calendar

WORKDAYS, DAYS, MONTHS = "workdays", "days", "months"


@dataclass(frozen=True)
class Table:
    name: str
    defaults: dict[str, tuple[int, str, str]]
    setting: str = ""

    def __post_init__(self):
        _TABLES[self.name] = self

    def limit(self, key: str) -> tuple[int, str, str]:
        overrides = getattr(settings, self.setting, {}) if self.setting else {}
        return {**self.defaults, **overrides}[key]

    def label(self, key: str) -> str:
        return self.limit(key)[2]

    def due(self, key: str, start: datetime.date) -> datetime.date:
        amount, unit, _ = self.limit(key)
        if unit == WORKDAYS:
            return calendar.add_workdays(start, amount)
        if unit == MONTHS:
            return calendar.add_months(start, amount)
        return calendar.add_calendar_days(start, amount)


_TABLES: dict[str, Table] = {}


def tables() -> dict[str, Table]:
    """Every registered table (for the configuration docs and checks)."""
    return dict(_TABLES)
