"""干部选任 and 廉政风险防控 in the browser: the unit files an appointment, skips a step (the group sees 程序空转),
asks for the group's 党风廉政意见, the group answers from the candidate's integrity file, the unit then records
讨论决定; the group's risk map of its units (1366 and 390 px, screenshots in test-artifacts/browser/selection/)."""

import datetime

import pytest
from playwright.sync_api import expect

from paizhu.core.calendar import shanghai_today
from paizhu.org.models import IntegrityRecord
from paizhu.responsibility.services import risks

from .conftest import ARTIFACTS
from .fit import assert_fits, visit_at_each_width

pytestmark = pytest.mark.browser


def _shot(page, name: str) -> None:
    (ARTIFACTS / "selection").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "selection" / f"{name}.png"), full_page=True)


def _as(page, login, username):
    page.context.clear_cookies()
    login(page, username)


def _record(page, step: str, day: datetime.date, note: str):
    page.click("text=记录程序")
    page.select_option("select[name=step]", label=step)
    page.fill("input[name=done_on]", day.isoformat())
    page.fill("textarea[name=note]", note)
    page.click("button[type=submit]")


def test_a_unit_files_an_appointment_and_the_group_answers_the_opinion(page, login, world, console_errors):
    world.edu_clerk.rank = "fuke"  # a file is kept for cadres at 副科级 and above
    world.edu_clerk.save()
    IntegrityRecord.objects.create(
        person=world.edu_clerk,
        kind=IntegrityRecord.Kind.CLUE_OUTCOME,
        occurred_on=datetime.date(2025, 6, 1),
        source_serial="XS-2025-000009",
        summary="反映其违规收受礼金问题，经初步核实失实，予以了结澄清",
    )
    today = shanghai_today()
    day = today - datetime.timedelta(days=20)
    page.on("dialog", lambda dialog: dialog.accept())
    _as(page, login, "lianluo")
    page.goto("/responsibility/appointments/new/")
    page.locator("#id_candidate").press_sequentially("赵小军", delay=30)
    page.get_by_role("option", name="赵小军（测试市教育局科员）").first.click()
    page.fill("input[name=proposed_post]", "基础教育科副科长")
    page.fill("textarea[name=reason]", "基础教育科副科长职位空缺，工作需要。")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("请按程序逐项记录")
    path = page.url.removeprefix(page.url.split("/responsibility/")[0])
    _record(page, "动议", day, "党组会议研究基础教育科副科长职位空缺，启动选任。")
    _record(page, "考察", day + datetime.timedelta(days=7), "考察组个别谈话12人，查阅档案。")  # 民主推荐 skipped
    flags = page.locator("[data-testid=flags]")
    expect(flags).to_contain_text("记录“考察”时缺少“民主推荐”程序")
    page.click("text=征求党风廉政意见")
    page.fill("textarea[name=request]", "拟提拔赵小军同志任基础教育科副科长，请回复党风廉政意见。")
    page.click("button[type=submit]")
    expect(page.locator("[data-testid=opinion]")).to_contain_text("待派驻组回复")
    page.click("text=记录程序")
    page.select_option("select[name=step]", label="讨论决定")
    page.fill("input[name=done_on]", today.isoformat())
    page.fill("textarea[name=note]", "党组会议表决同意。")
    page.click("button[type=submit]")
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text(
        "讨论决定前须征求派驻纪检监察组的党风廉政意见"
    )
    assert_fits(page)
    _shot(page, "1-decision-refused-1366")

    _as(page, login, "zu4")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    expect(page.locator("body")).to_contain_text("干部选任程序空转")
    page.locator("a", has_text="赵小军拟任基础教育科副科长").first.click()
    expect(page.locator("[data-testid=flags]")).to_contain_text("待派驻组核查")
    _shot(page, "2-group-sees-the-flag-390")
    page.click("text=回复党风廉政意见")
    expect(page.locator("[data-testid=integrity-file]")).to_contain_text("经初步核实失实，予以了结澄清")
    page.select_option("select[name=conclusion]", "clear")
    page.fill("textarea[name=text]", "经查，未发现赵小军同志有违反党风廉政建设规定的问题；反映问题已了结澄清。")
    assert_fits(page)
    _shot(page, "3-answer-with-the-file-390")
    page.click("button[type=submit]")
    expect(page.locator("[data-testid=opinion]")).to_contain_text("未发现影响使用的问题")
    page.click("text=核查程序问题")
    page.fill("textarea[name=opinion]", "已向组织人事科了解情况，要求补正民主推荐程序。")
    page.click("button[type=submit]")
    expect(page.locator("[data-testid=flags]")).to_contain_text("派驻组已核查")
    assert_fits(page)
    assert IntegrityRecord.objects.filter(person=world.edu_clerk, kind="opinion").exists()

    _as(page, login, "lianluo")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(path)
    expect(page.locator("[data-testid=opinion]")).to_contain_text("未发现影响使用的问题")
    expect(page.locator("body")).not_to_contain_text("违规收受礼金")  # the unit never reads the file
    _record(page, "讨论决定", today, "党组会议应到7人、实到7人，表决同意。")
    expect(page.locator("[data-testid=procedure]")).to_contain_text("党组会议应到7人")
    expect(page.locator("[data-testid=flags]")).to_contain_text("讨论决定的会议未按“三重一大”事项报备")
    _shot(page, "4-decided-1366")
    assert visit_at_each_width(page, [path, "/responsibility/appointments/"]) == []
    assert console_errors == []


def test_the_group_sees_the_risk_map_of_its_units(page, login, world, console_errors):
    def add(department, post, level, category):
        risks.add_risk(
            world.users.lianluo,
            unit=world.edu,
            data=risks.RiskInput(
                department=department,
                post=post,
                power_item=f"{post}权力事项",
                category=category,
                level=level,
                manifestation="审核把关不严，违规办理",
                measures="分岗设权、分级授权，定期轮岗",
                owner=world.edu_clerk,
                leader=world.edu_deputy,
                review_on=shanghai_today() + datetime.timedelta(days=10),
            ),
        )

    add("计划财务科", "财务审核岗", "high", "process")
    add("计划财务科", "政府采购经办岗", "high", "process")
    add("基础教育科", "招生录取岗", "medium", "post")
    add("办公室", "公务用车管理岗", "low", "system")
    _as(page, login, "lianluo")
    page.goto("/")
    expect(page.locator("body")).to_contain_text("廉政风险点待复核")

    _as(page, login, "zu4")
    page.goto("/responsibility/risks/map/")
    overview = page.locator("[data-testid=risk-overview]")
    expect(overview).to_contain_text("测试市教育局")
    expect(overview).to_contain_text("尚未登记")  # 财政局 has no register yet
    _shot(page, "5-risk-map-1366")
    page.click("text=测试市教育局")
    expect(page.locator("[data-testid=by-department]")).to_contain_text("计划财务科")
    expect(page.locator("[data-testid=by-category] tbody tr").nth(1)).to_contain_text("2")  # 业务流程: 2 high
    _shot(page, "6-unit-map-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _shot(page, "7-unit-map-390")
    assert (
        visit_at_each_width(
            page,
            ["/responsibility/risks/map/", f"/responsibility/risks/map/?unit={world.edu.pk}", "/responsibility/risks/"],
        )
        == []
    )
    assert console_errors == []
