import datetime

import chinese_calendar
import pytest
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from paizhu.core import calendar
from paizhu.core.calendar import (
    CalendarYearUnknown,
    add_calendar_days,
    add_months,
    add_workdays,
    days_left,
    is_workday,
    workdays_between,
)
from paizhu.core.models import CalendarYear, WorkdayOverride
from paizhu.core.services import delete_workday_override, save_calendar_year, save_workday_override

D = datetime.date
HOLIDAY = WorkdayOverride.Kind.HOLIDAY
WORKDAY = WorkdayOverride.Kind.WORKDAY

pytestmark = pytest.mark.django_db


def test_national_day_2026_follows_the_official_arrangement():
    # The State Council arrangement as packaged by chinesecalendar 1.11: 10月1日至7日放假，9月20日（周日）、10月10日（周六）上班.
    october = [is_workday(D(2026, 10, day)) for day in range(1, 12)]
    assert october == [False] * 7 + [True, True, True, False]
    assert is_workday(D(2026, 9, 20))


def test_deadline_across_national_day_counts_the_saturday_make_up_day():
    assert add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert add_workdays(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert add_workdays(D(2026, 9, 30), 4) == D(2026, 10, 12)
    # "受理后15个工作日内告知": received on the Monday after 中秋.
    assert add_workdays(D(2026, 9, 28), 15) == D(2026, 10, 23)


def test_spring_festival_2026():
    assert not any(is_workday(D(2026, 2, day)) for day in range(15, 24))
    assert add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)  # 周六调休上班
    assert add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 24)
    assert workdays_between(D(2026, 2, 13), D(2026, 2, 28)) == 6  # 14, 24-27, 28 (周六上班)


def test_the_receipt_day_itself_never_counts():
    assert add_workdays(D(2026, 10, 3), 1) == D(2026, 10, 8)  # received during the holiday
    assert add_workdays(D(2026, 10, 9), 1) == D(2026, 10, 10)  # received on a working day
    assert add_workdays(D(2026, 10, 3), 0) == D(2026, 10, 3)


def test_negative_n_counts_back_from_the_day_before():
    assert add_workdays(D(2026, 10, 12), -1) == D(2026, 10, 10)
    assert add_workdays(D(2026, 10, 8), -1) == D(2026, 9, 30)
    assert add_workdays(D(2026, 10, 8), -3) == D(2026, 9, 28)


def test_override_takes_precedence_as_soon_as_it_is_saved(world):
    admin = world.users.sysadmin
    assert add_workdays(D(2026, 9, 30), 2) == D(2026, 10, 9)  # the calendar is now cached
    extra_holiday = save_workday_override(admin, WorkdayOverride(date=D(2026, 10, 9), kind=HOLIDAY, note="测试"))
    assert add_workdays(D(2026, 9, 30), 2) == D(2026, 10, 10)
    save_workday_override(admin, WorkdayOverride(date=D(2026, 10, 11), kind=WORKDAY))  # an ordinary Sunday
    assert add_workdays(D(2026, 10, 10), 1) == D(2026, 10, 11)
    save_workday_override(admin, WorkdayOverride(date=D(2026, 10, 10), kind=HOLIDAY))  # cancels the official 调休
    assert not is_workday(D(2026, 10, 10))
    delete_workday_override(admin, extra_holiday)
    assert is_workday(D(2026, 10, 9))


def test_unknown_year_is_refused_with_a_clear_message():
    with pytest.raises(CalendarYearUnknown, match="尚未录入2027年法定节假日安排") as refused:
        add_workdays(D(2026, 12, 20), 15)
    assert refused.value.year == 2027
    assert "工作日调整" in refused.value.message
    assert add_workdays(D(2026, 12, 20), 5) == D(2026, 12, 25)  # still inside 2026
    with pytest.raises(CalendarYearUnknown):
        is_workday(D(2027, 1, 4))
    with pytest.raises(CalendarYearUnknown):
        days_left(D(2027, 1, 8), today=D(2026, 12, 1))
    with pytest.raises(CalendarYearUnknown, match="2003"):
        add_workdays(D(2004, 1, 5), -5)


def test_declared_year_uses_weekends_and_overrides(world):
    admin = world.users.sysadmin
    save_workday_override(admin, WorkdayOverride(date=D(2027, 1, 1), kind=HOLIDAY, note="元旦"))
    save_calendar_year(admin, CalendarYear(year=2027, note="国务院办公厅关于2027年部分节假日安排的通知"))
    assert not is_workday(D(2027, 1, 1))  # Friday, declared holiday
    assert not is_workday(D(2027, 1, 2))  # Saturday
    assert is_workday(D(2027, 1, 4))
    assert add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert workdays_between(D(2026, 12, 30), D(2027, 1, 8)) == 6
    with pytest.raises(CalendarYearUnknown, match="2028"):
        add_workdays(D(2027, 12, 20), 15)


def test_a_declared_later_year_does_not_bridge_an_undeclared_one():
    CalendarYear.objects.create(year=2028)
    with pytest.raises(CalendarYearUnknown, match="2027"):
        add_workdays(D(2026, 12, 28), 10)
    with pytest.raises(CalendarYearUnknown, match="2027"):
        workdays_between(D(2026, 12, 28), D(2028, 1, 10))


def test_days_left_is_negative_exactly_when_past_due():
    due = D(2026, 10, 9)  # Friday
    assert days_left(due, today=D(2026, 9, 30)) == 2
    assert days_left(due, today=due) == 0
    assert days_left(due, today=D(2026, 10, 10)) == -1  # Saturday, but a make-up working day
    assert days_left(D(2026, 10, 16), today=D(2026, 10, 17)) == -1  # the weekend after a Friday deadline
    assert days_left(D(2026, 10, 16), today=D(2026, 10, 20)) == -2
    assert days_left(D(2026, 10, 18), today=D(2026, 10, 16)) == 0  # due on Sunday: Friday is the last working day


@freeze_time("2026-10-08T16:30:00Z")  # already 9 October in Shanghai
def test_days_left_defaults_to_today_in_shanghai():
    assert days_left(D(2026, 10, 9)) == 0
    assert days_left(D(2026, 10, 12)) == 2


def test_calendar_limits_are_not_working_day_limits():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)  # no holiday data needed
    assert add_months(D(2026, 5, 15), -6) == D(2025, 11, 15)
    assert add_calendar_days(D(2026, 9, 30), 90) == D(2026, 12, 29)


def test_datetimes_are_refused():
    with pytest.raises(TypeError):
        is_workday(datetime.datetime(2026, 10, 8, tzinfo=datetime.UTC))


def test_deadlines_for_a_long_list_cost_no_query(django_assert_num_queries):
    receipts = [D(2025, 1, 1) + datetime.timedelta(days=i) for i in range(600)]
    add_workdays(receipts[0], 15)
    with django_assert_num_queries(0):
        dues = [add_workdays(r, 15) for r in receipts]
        left = [days_left(d, today=D(2026, 12, 31)) for d in dues]
    assert all(is_workday(d) for d in dues)
    assert all(n < 0 for n in left)


def test_changes_by_another_process_are_seen_after_the_cache_expires(monkeypatch):
    assert is_workday(D(2026, 10, 9))
    # bulk_create sends no signal: to this process it looks like a save made elsewhere.
    WorkdayOverride.objects.bulk_create([WorkdayOverride(date=D(2026, 10, 9), kind=HOLIDAY)])
    assert is_workday(D(2026, 10, 9))
    later = calendar._clock() + calendar.CACHE_SECONDS + 1
    monkeypatch.setattr(calendar, "_clock", lambda: later)
    assert not is_workday(D(2026, 10, 9))


@given(st.dates(D(2004, 1, 1), D(2026, 12, 31)))
def test_without_overrides_the_package_decides(d):
    assert is_workday(d) == chinese_calendar.is_workday(d)


@given(st.dates(D(2004, 1, 1), D(2026, 9, 30)), st.integers(0, 60))
def test_add_workdays_and_workdays_between_round_trip(d, n):
    due = add_workdays(d, n)
    assert workdays_between(d, due) == n
    assert workdays_between(due, d) == -n
    if n > 0:
        assert is_workday(due)
        assert workdays_between(d, due - datetime.timedelta(days=1)) == n - 1


@given(st.dates(D(2004, 3, 1), D(2026, 9, 30)), st.integers(1, 40))
def test_counting_back_undoes_counting_forward_from_a_working_day(d, n):
    start = add_workdays(d, 1)
    assert add_workdays(add_workdays(start, n), -n) == start
    assert add_workdays(add_workdays(start, -n), n) == start
