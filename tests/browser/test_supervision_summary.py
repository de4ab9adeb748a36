"""The commission's work summary in the browser: 派驻机构管理部门 reads a month, switches to the week and
back, sees a flagged unit and follows it to the unit's year; the page fits at 1366 and 390 px."""

import pytest
from playwright.sync_api import expect

from paizhu.core.calendar import shanghai_today
from paizhu.supervision import services
from paizhu.supervision.models import Kind

from .conftest import ARTIFACTS
from .fit import assert_fits

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

pytestmark = pytest.mark.browser


def _shot(page, name: str) -> None:
    (ARTIFACTS / "supervision").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "supervision" / f"{name}.png"), full_page=True)


def _records(world) -> None:
    today = shanghai_today()
    u = world.users
    rows = [
        (u.zu4a, Kind.MEETING, [world.edu], "局党组会议", ["教学楼改造项目未报备即上会"]),
        (u.zu4a, Kind.INSPECTION, [world.edu, world.fin], "", []),
        (u.zu4, Kind.INSPECTION, [world.fin], "", []),
        (u.zu2, Kind.BRIEFING, [world.water], "", ["防汛物资台账不全"]),
    ]
    for user, kind, units, meeting, findings in rows:
        services.record_activity(
            user,
            kind,
            services.ActivityInput(
                held_on=today,
                units=units,
                topic="" if kind == Kind.MEETING else "“三重一大”制度执行情况",
                meeting=meeting,
                content="听取情况介绍，查阅相关记录。",
                findings=findings,
            ),
        )


def test_the_dispatch_office_reads_the_summary_and_follows_a_flag(page, login, world, console_errors):
    _records(world)
    login(page, "guanli")
    page.get_by_role("link", name="工作统计").first.click()
    expect(page.get_by_role("heading", name="异常提示")).to_be_visible()
    flag = page.get_by_text("第四纪检监察组：近3个月在测试市财政局开展日常监督 2 次，未发现问题")
    expect(flag).to_be_visible()
    overview = page.get_by_role("table").first
    expect(overview.get_by_role("row", name="第四纪检监察组")).to_contain_text("3")
    assert_fits(page, "工作统计（本月）")
    _shot(page, "summary-month-desktop")
    page.get_by_role("link", name="本周").click()
    expect(page.get_by_label("周", exact=True)).to_be_visible()
    assert "?week=" in page.url
    expect(
        page.get_by_role("heading", name="测试市纪委监委第二派驻纪检监察组：本期监督 1 次，发现问题 1 个")
    ).to_be_visible()
    page.get_by_role("link", name="本月").click()
    page.set_viewport_size(PHONE)
    assert_fits(page, "工作统计（手机）")
    _shot(page, "summary-month-phone")
    page.get_by_role("link", name="测试市财政局").first.click()
    expect(page.get_by_text("共开展日常监督 2 次")).to_be_visible()
    assert console_errors == []
