"""指定管辖 in the browser: 信访室 is refused a group outside the unit's coverage; the 委领导 designates it."""

import datetime

from paizhu.intake import services
from paizhu.intake.models import Channel


def test_routing_outside_coverage_needs_the_leaders_designation(page, login, world, console_errors):
    report = services.register_report(
        world.users.xinfang,
        services.ReportInput(facts="反映市教育局赵小军违规收受礼品礼金。", unit=world.edu, subjects=[world.edu_clerk]),
        channel=Channel.LETTER,
        received_on=datetime.date(2026, 3, 2),
    )
    login(page, "xinfang")
    page.goto(f"/intake/{report.pk}/")
    page.select_option("select[name=target]", f"group:{world.g2.pk}")
    with page.expect_navigation():
        page.click("button:has-text('确认分办')")
    assert "请报委领导指定管辖" in page.content()
    report.refresh_from_db()
    assert report.group is None

    page.context.clear_cookies()
    login(page, "wei")
    page.goto(f"/intake/{report.pk}/")
    page.select_option("#id_group", str(world.g2.pk))
    page.fill("#id_reason", "第四组组长与被反映人系同学，指定第二组办理")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("button:has-text('指定管辖')")
    assert "已指定第二纪检监察组管辖" in page.content()
    assert "第四组组长与被反映人系同学" in page.locator("text=指定管辖").first.locator("..").inner_text()

    page.context.clear_cookies()
    login(page, "xinfang")
    page.goto(f"/intake/{report.pk}/")
    page.select_option("select[name=target]", f"group:{world.g2.pk}")
    with page.expect_navigation():
        page.click("button:has-text('确认分办')")
    assert "已确认分办" in page.content()
    report.refresh_from_db()
    assert report.group == world.g2
    assert console_errors == []
