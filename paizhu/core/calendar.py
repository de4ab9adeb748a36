"""Working days (工作日): the official calendar with statutory holidays and 调休 make-up workdays.

The official arrangement comes from the `chinesecalendar` package; the system administrator's
`WorkdayOverride` rows take precedence over it. A year the package does not cover is known only once a
`CalendarYear` row declares its arrangement entered; anything else raises `CalendarYearUnknown`, so a
deadline is never computed from a guess.

Counting conventions (docs/calendar-and-numbering.md):
- "within N working days of X" ends on `add_workdays(X, N)`, the Nth working day after X. X itself never
  counts, working day or not: a report received on a Saturday has the following Monday as its first day.
- `workdays_between(a, b)` counts the working days in (a, b]; negative when b < a.
- Limits in months or calendar days (交办件 3 months, 审查调查 90 days) are calendar limits:
  `add_months`, `add_calendar_days`.

Deadlines are computed for every row of long lists, so the whole calendar is held in-process as a sorted
array of working days and each call is a bisection with no query. The array is rebuilt after a save or
delete of an override or year in this process (signals) and, for changes made by other processes, at
most `CACHE_SECONDS` after it was built.
"""

import bisect
import datetime
import threading
import time
from calendar import monthrange
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import chinese_calendar
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .errors import DomainError
from .models import CalendarYear, WorkdayOverride

SHANGHAI = ZoneInfo("Asia/Shanghai")
CACHE_SECONDS = 60
OFFICIAL_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)

_ONE_DAY = datetime.timedelta(days=1)


class CalendarYearUnknown(DomainError):
    """A computation touches a year whose holiday arrangement is neither built in nor entered by the administrator."""

    def __init__(self, year: int):
        super().__init__(
            f"尚未录入{year}年法定节假日安排，无法计算工作日期限。"
            f"请系统管理员在“工作日调整”中录入该年度的放假日和调休上班日，并在“年度节假日安排”中确认{year}年。"
        )
        self.year = year


@dataclass(frozen=True)
class _Calendar:
    known_years: frozenset[int]
    workdays: tuple[int, ...]  # ordinals of every working day of every known year, ascending
    workday_set: frozenset[int]
    expires: float


class _State:
    calendar: _Calendar | None = None
    generation = 0


_state = _State()
_lock = threading.Lock()
_clock = time.monotonic  # tests move it forward to expire the cache


def shanghai_today() -> datetime.date:
    """Today in Asia/Shanghai, whatever timezone the request has activated."""
    return datetime.datetime.now(tz=SHANGHAI).date()


def invalidate() -> None:
    """Drop the cached calendar; the next computation rebuilds it from the database."""
    with _lock:
        _state.generation += 1
        _state.calendar = None


def _official_workday(day: datetime.date) -> bool:
    if day in chinese_calendar.workdays:
        return True
    return day.weekday() < 5 and day not in chinese_calendar.holidays


def _build() -> _Calendar:
    overrides = dict(WorkdayOverride.objects.values_list("date", "kind"))
    known_years = frozenset(OFFICIAL_YEARS) | frozenset(CalendarYear.objects.values_list("year", flat=True))
    workdays = []
    for year in sorted(known_years):
        day = datetime.date(year, 1, 1)
        while day.year == year:
            kind = overrides.get(day)
            if kind == WorkdayOverride.Kind.WORKDAY or (kind is None and _official_workday(day)):
                workdays.append(day.toordinal())
            day += _ONE_DAY
    return _Calendar(known_years, tuple(workdays), frozenset(workdays), _clock() + CACHE_SECONDS)


def _calendar() -> _Calendar:
    cal = _state.calendar
    if cal is not None and _clock() < cal.expires:
        return cal
    with _lock:
        generation = _state.generation
    cal = _build()
    with _lock:
        # A save that happened while we were reading must not be hidden behind the older snapshot.
        if _state.generation == generation:
            _state.calendar = cal
    return cal


@receiver([post_save, post_delete], sender=WorkdayOverride, dispatch_uid="core.calendar.override_changed")
@receiver([post_save, post_delete], sender=CalendarYear, dispatch_uid="core.calendar.year_changed")
def _calendar_changed(**kwargs) -> None:
    # Now, so the writing transaction sees its own change; again on commit, so a snapshot another
    # thread built from the not-yet-committed state does not outlive the commit.
    invalidate()
    transaction.on_commit(invalidate)


def _check_date(d) -> None:
    # A datetime is a date too, but an aware UTC datetime would silently give the wrong day.
    if isinstance(d, datetime.datetime) or not isinstance(d, datetime.date):
        raise TypeError(f"expected a date in Asia/Shanghai, got {d!r}")


def _require_years(cal: _Calendar, first: int, last: int) -> None:
    for year in range(first, last + 1):
        if year not in cal.known_years:
            raise CalendarYearUnknown(year)


def _first_unknown_after(cal: _Calendar, year: int) -> int:
    while year in cal.known_years:
        year += 1
    return year


def _last_unknown_before(cal: _Calendar, year: int) -> int:
    while year in cal.known_years:
        year -= 1
    return year


def is_workday(d: datetime.date) -> bool:
    _check_date(d)
    cal = _calendar()
    _require_years(cal, d.year, d.year)
    return d.toordinal() in cal.workday_set


def add_workdays(d: datetime.date, n: int) -> datetime.date:
    """The Nth working day after `d` (d itself not counted); for n < 0 the |n|th working day before `d`; d for n = 0.

    For n >= 0, `workdays_between(d, add_workdays(d, n)) == n`.
    """
    _check_date(d)
    cal = _calendar()
    _require_years(cal, d.year, d.year)
    if n == 0:
        return d
    if n > 0:
        index = bisect.bisect_right(cal.workdays, d.toordinal()) + n - 1
        if index >= len(cal.workdays):
            raise CalendarYearUnknown(_first_unknown_after(cal, d.year))
        result = datetime.date.fromordinal(cal.workdays[index])
        _require_years(cal, d.year, result.year)
    else:
        index = bisect.bisect_left(cal.workdays, d.toordinal()) + n
        if index < 0:
            raise CalendarYearUnknown(_last_unknown_before(cal, d.year))
        result = datetime.date.fromordinal(cal.workdays[index])
        _require_years(cal, result.year, d.year)
    return result


def workdays_between(a: datetime.date, b: datetime.date) -> int:
    """Working days in (a, b]; when b < a, minus the working days in (b, a]."""
    _check_date(a)
    _check_date(b)
    if b < a:
        return -workdays_between(b, a)
    cal = _calendar()
    _require_years(cal, a.year, b.year)
    return bisect.bisect_right(cal.workdays, b.toordinal()) - bisect.bisect_right(cal.workdays, a.toordinal())


def days_left(due: datetime.date, today: datetime.date | None = None) -> int:
    """Working days left until `due`: 0 when today is the last working day; negative exactly when today > due.

    Overdue by -N means N working days have passed since `due`; on the rest days right after a deadline
    that is still at least 1, so an expired deadline never shows as "0 left".
    """
    today = today or shanghai_today()
    left = workdays_between(today, due)
    if today > due:
        return min(left, -1)
    return left


def add_months(d: datetime.date, n: int) -> datetime.date:
    """The same day `n` calendar months later; the month's last day when it has no such day (1月31日 + 1个月 = 2月末)."""
    month_index = d.year * 12 + d.month - 1 + n
    year, month = divmod(month_index, 12)
    month += 1
    return d.replace(year=year, month=month, day=min(d.day, monthrange(year, month)[1]))


def add_calendar_days(d: datetime.date, n: int) -> datetime.date:
    """`n` calendar days after `d`: for limits the rules give in days (日), not working days (工作日)."""
    return d + datetime.timedelta(days=n)
