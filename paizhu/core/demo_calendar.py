"""Demo loader: a provisional 2027 holiday arrangement, entered the way a system administrator would.

`chinesecalendar` 1.11 knows years up to 2026, and the demo's deadlines run into 2027. Until the State
Council's notice is entered, the platform refuses to count working days in 2027; the demo enters the
usual pattern, marked provisional, so its deadlines show days left. Never loaded outside demo mode.
"""

import datetime

from .models import CalendarYear, WorkdayOverride
from .services import save_calendar_year, save_workday_override

YEAR = 2027
NOTE = "演示数据：按往年惯例暂定，国务院办公厅正式通知发布后由系统管理员更正"


def _days(start: str, end: str) -> list[datetime.date]:
    first, last = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    return [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]


HOLIDAYS = [
    *_days("2027-01-01", "2027-01-03"),  # 元旦
    *_days("2027-02-05", "2027-02-11"),  # 春节
    *_days("2027-04-03", "2027-04-05"),  # 清明节
    *_days("2027-05-01", "2027-05-05"),  # 劳动节
    *_days("2027-06-09", "2027-06-09"),  # 端午节
    *_days("2027-09-15", "2027-09-15"),  # 中秋节
    *_days("2027-10-01", "2027-10-07"),  # 国庆节
]
MAKEUP_WORKDAYS = [
    datetime.date.fromisoformat(d) for d in ("2027-02-20", "2027-04-25", "2027-05-08", "2027-09-26", "2027-10-09")
]


def load(ctx) -> str | None:
    if CalendarYear.objects.filter(year=YEAR).exists():
        return None
    admin = ctx.users["sysadmin"]
    for day in HOLIDAYS:
        save_workday_override(admin, WorkdayOverride(date=day, kind=WorkdayOverride.Kind.HOLIDAY, note=NOTE))
    for day in MAKEUP_WORKDAYS:
        save_workday_override(admin, WorkdayOverride(date=day, kind=WorkdayOverride.Kind.WORKDAY, note=NOTE))
    save_calendar_year(admin, CalendarYear(year=YEAR, note=NOTE))
    return f"{YEAR}年节假日安排（演示暂定）：休息日 {len(HOLIDAYS)} 天，调休上班 {len(MAKEUP_WORKDAYS)} 天"
