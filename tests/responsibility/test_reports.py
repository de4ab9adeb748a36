import datetime

import pytest
from django.test import Client

from paizhu import access
from paizhu.core import calendar
from paizhu.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied
from paizhu.responsibility.models import DualReport
from paizhu.responsibility.services import activities
from paizhu.responsibility.services import reports as services
from tests.fixtures import sign_in

D = datetime.date


@pytest.fixture(autouse=True)
def _calendar():
    calendar.invalidate()
    yield
    calendar.invalidate()


def test_the_deadline_moves_past_a_holiday_and_is_configurable(settings, db):
    assert services.report_due("h1", 2026) == D(2026, 7, 15)
    settings.PAIZHU_RESPONSIBILITY_REPORT_DUE = {"h1": (10, 3, 0)}  # 国庆假期中：顺延至节后第一个工作日
    assert services.report_due("h1", 2026) == D(2026, 10, 8)


def test_drafted_from_the_lists_and_the_log_submitted_late_and_reviewed(world, member_list):
    u = world.users
    activities.record_activity(
        u.lianluo,
        unit=world.edu,
        occurred_on=D(2026, 3, 20),
        kind="talk",
        title="对分管科室负责人开展廉政谈话",
        content="谈话",
    )
    report = services.draft_report(u.lianluo, unit=world.edu, year=2026, period="h1")
    assert member_list.title in report.body and "履责事项1项" in report.body
    assert "03月20日，对分管科室负责人开展廉政谈话（谈心谈话、约谈提醒）" in report.body
    report = services.edit_report(u.shuji, report, version=report.version, body=report.body + "\n五、其他")
    report = services.submit_report(u.lianluo, report, version=report.version, on=D(2026, 7, 20))
    assert (report.status, report.is_late, report.due_on) == ("submitted", True, D(2026, 7, 15))
    with pytest.raises(IllegalTransition):
        services.edit_report(u.lianluo, report, version=report.version, body="改")
    with pytest.raises(NotFound):  # the unit does not review its own report
        services.comment_report(u.shuji, report, version=report.version, comment="好")
    report = services.comment_report(
        u.zu4a, report, version=report.version, comment="对照清单逐项报告，问题查摆不够深入。"
    )
    assert report.status == "reviewed"
    seen = {n for n in vars(u) if access.scope(getattr(u, n), DualReport).filter(pk=report.pk).exists()}
    assert seen == {"wei", "guanli", "zu4", "zu4a", "shuji", "lianluo"}


def test_a_missing_report_is_flagged_and_only_the_unit_drafts(world, unit_users):
    u = world.users
    rows = services.missing([world.edu], today=D(2026, 12, 3))
    assert [(r[0], r[1], r[2]) for r in rows] == [(world.edu, 2025, "annual"), (world.edu, 2026, "h1")]
    report = services.draft_report(u.lianluo, unit=world.edu, year=2026, period="h1")
    assert len(services.missing([world.edu], today=D(2026, 12, 3))) == 2  # a draft is not a report
    services.submit_report(u.lianluo, report, version=report.version, on=D(2026, 7, 10))
    assert (world.edu, 2026, "h1") not in [
        (r[0], r[1], r[2]) for r in services.missing([world.edu], today=D(2026, 12, 3))
    ]
    with pytest.raises(PermissionDenied):
        services.draft_report(u.zu4, unit=world.edu, year=2026, period="annual")
    with pytest.raises(PermissionDenied):
        services.draft_report(unit_users.water_liaison, unit=world.edu, year=2026, period="annual")
    with pytest.raises(DomainError, match="已经起草"):
        services.draft_report(u.lianluo, unit=world.edu, year=2026, period="h1")


def test_the_pages(world):
    u = world.users
    lianluo = sign_in(Client(), u.lianluo)
    assert lianluo.post("/responsibility/reports/new/", {"year": 2026, "period": "h1"}).status_code == 302
    report = DualReport.objects.get()
    page = lianluo.get(f"/responsibility/reports/{report.pk}/").content.decode()
    assert "修改正文" in page and "一、主体责任清单落实情况" in page
    group = sign_in(Client(), u.zu4)
    listing = group.get("/responsibility/reports/").content.decode()
    assert "逾期未报" in listing and "测试市财政局" in listing
    assert group.get(f"/responsibility/reports/{report.pk}/edit/").status_code == 404
    assert sign_in(Client(), u.zu2).get(f"/responsibility/reports/{report.pk}/").status_code == 404
    lianluo.post(f"/responsibility/reports/{report.pk}/submit/", {"version": report.version})
    report.refresh_from_db()
    assert report.status == "submitted"
    assert "待审阅的双报告" in group.get("/").content.decode()
    form = group.get(f"/responsibility/reports/{report.pk}/comment/").content.decode()
    assert "审阅意见" in form
