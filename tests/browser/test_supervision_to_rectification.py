"""Issue 11's whole path in the browser: a member records a 列席会议 on a phone where a 三重一大 decision was
taken without its filing (the finding is made by the record itself); the leader, at a desk, makes it a
rectification demand with 3 items and issues it; the unit answers all three on a phone and its 党组书记 signs
the report; the group sends one back, the unit answers it again, the group verifies and the demand closes."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from paizhu.rectification.models import Demand
from paizhu.supervision.models import Activity

from .conftest import ARTIFACTS
from .fit import assert_fits
from .test_rectification import _answer, _sign, _verify

PHONE, DESK = {"width": 390, "height": 844}, {"width": 1366, "height": 768}
ITEMS = [
    "建立“三重一大”事项会前报备制度，议题至少提前1个工作日报派驻组。",
    "对教学楼改造项目决策程序进行复核，补充履行报备程序。",
    "党组会议严格执行主要负责人末位表态制度，会议记录如实记载表态顺序。",
]

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def setup(transactional_db, world):
    from django.apps import apps

    import_module("paizhu.rectification.migrations.0002_default_rule").seed(apps, None)
    import_module("paizhu.core.demo_calendar").load(SimpleNamespace(users={"sysadmin": world.users.sysadmin}))


def _shot(page, name: str) -> None:
    (ARTIFACTS / "issue11").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "issue11" / f"{name}.png"), full_page=True)


def test_a_meeting_without_filing_becomes_a_demand_answered_sent_back_verified_and_closed(
    page, login, world, console_errors
):
    page.set_viewport_size(PHONE)
    login(page, "zu4a")
    page.goto("/supervision/new/meeting/")
    page.get_by_label("测试市教育局").check()
    search = page.get_by_role("combobox", name="涉及人员")
    search.press_sequentially("局长", delay=30)
    page.get_by_role("option", name="王建国（测试市教育局局长）【班子成员】【同级党委管理】").click()
    expect(page.get_by_label("王建国（测试市教育局局长）【班子成员】【同级党委管理】")).to_be_checked()
    page.get_by_label("会议名称").fill("局党组会议（2026年第23次）")
    page.get_by_label("研究的“三重一大”事项").fill("研究市第一中学教学楼改造项目（预算1860万元）")
    page.get_by_label("会前未报备").check()
    page.get_by_label("否，主要负责人未末位表态").check()
    page.get_by_label("会议情况").fill("局长首先发表意见定调，其余班子成员随后表态，会前未向派驻组报送议题。")
    assert_fits(page, "登记列席会议（手机）")
    _shot(page, "1-meeting-390")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已登记列席会议")).to_be_visible()
    expect(page.get_by_text("测试市教育局没有该日会议的“三重一大”报备")).to_be_visible()
    activity = Activity.objects.get()
    assert list(activity.persons.all()) == [world.edu_head]
    finding = activity.findings.get()
    assert finding.text.startswith("局党组会议（2026年第23次）研究“三重一大”事项前未按规定向派驻组报备")
    assert_fits(page, "监督记录（手机）")
    _shot(page, "2-record-390")
    page.context.clear_cookies()

    page.set_viewport_size(DESK)
    login(page, "zu4")
    page.goto(f"/supervision/{finding.activity_id}/")
    page.get_by_role("link", name="提出整改要求").click()
    page.get_by_label("文书种类").select_option("discipline")
    page.get_by_label("整改事项").fill("\n".join(ITEMS))
    assert_fits(page, "提出整改要求（桌面）")
    _shot(page, "3-dispose-1366")
    page.get_by_role("button", name="提出整改要求").click()
    demand = Demand.objects.get()
    expect(page.get_by_text(f"已起草纪律检查建议书 {demand.serial}")).to_be_visible()
    page.get_by_role("link", name=demand.serial).click()
    page.get_by_role("link", name="报批").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="报批").click()
    demand.refresh_from_db()
    assert demand.status == "issued" and demand.items.count() == 3
    expect(page.locator("h1")).to_contain_text("整改中")
    _shot(page, "4-issued-1366")
    page.context.clear_cookies()

    one, two, three = demand.items.order_by("number")
    page.set_viewport_size(PHONE)
    login(page, "lianluo")
    for item in (one, two, three):
        page.goto(f"/rectification/items/{item.pk}/")
        _answer(page, item.number, f"第{item.number}项已整改：制度已建立，相关材料附后。")
    page.goto("/rectification/unit/")
    assert_fits(page, "本单位整改（手机）")
    _shot(page, "5-answered-390")
    page.context.clear_cookies()
    login(page, "shuji")
    _sign(page, demand, "党组专题研究整改，逐项明确责任人和时限，现报告整改情况。")
    page.context.clear_cookies()

    page.set_viewport_size(DESK)
    login(page, "zu4")
    _verify(page, one, True)
    _verify(page, two, False, "未见补充报备的材料，请补充后重新报送。")
    _verify(page, three, True)
    page.goto(f"/rectification/{demand.pk}/")
    expect(page.get_by_role("link", name="办结")).to_have_count(0)
    _shot(page, "6-sent-back-1366")
    page.context.clear_cookies()

    page.set_viewport_size(PHONE)
    login(page, "lianluo")
    expect(page.get_by_text("未见补充报备的材料")).to_be_visible()
    page.goto(f"/rectification/items/{two.pk}/")
    _answer(page, 2, "已补充履行报备程序，报备回执附后。")
    _shot(page, "7-answered-again-390")
    page.context.clear_cookies()
    login(page, "shuji")
    _sign(page, demand, "补充报送第2项整改情况。")
    page.context.clear_cookies()

    page.set_viewport_size(DESK)
    login(page, "zu4")
    _verify(page, two, True)
    page.goto(f"/rectification/{demand.pk}/")
    page.get_by_role("link", name="办结").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="办结").click()
    expect(page.get_by_text("已办结。")).to_be_visible()
    assert_fits(page, "办结（桌面）")
    _shot(page, "8-closed-1366")
    page.goto(f"/supervision/{finding.activity_id}/")
    expect(page.get_by_role("link", name=demand.serial)).to_be_visible()
    demand.refresh_from_db()
    assert demand.status == "closed" and all(i.status == "closed" for i in demand.items.all())
    assert console_errors == []
