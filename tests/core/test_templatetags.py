import datetime

from django.template import Context, Template

from paizhu.core import calendar


def test_deadline_colours_by_working_days_left(db, monkeypatch):
    monkeypatch.setattr(calendar, "shanghai_today", lambda: datetime.date(2026, 9, 28))
    html = Template("{% load paizhu %}{% deadline due %}").render(Context({"due": datetime.date(2026, 10, 8)}))
    # 9-29, 9-30, 10-8: the National Day holiday (10-1 to 10-7) does not count.
    assert "deadline-soon" in html and "剩3个工作日" in html
    html = Template("{% load paizhu %}{% deadline due %}").render(Context({"due": datetime.date(2026, 9, 25)}))
    assert "deadline-overdue" in html and "逾期" in html


def test_deadline_in_an_undeclared_year_shows_the_date_and_why(db, monkeypatch):
    monkeypatch.setattr(calendar, "shanghai_today", lambda: datetime.date(2026, 11, 25))
    html = Template("{% load paizhu %}{% deadline due %}").render(Context({"due": datetime.date(2027, 1, 20)}))
    assert "2027-01-20" in html and "待录入节假日安排" in html


def test_closed_deadline_is_grey(db):
    html = Template("{% load paizhu %}{% deadline due True %}").render(Context({"due": datetime.date(2026, 1, 5)}))
    assert "deadline-closed" in html
