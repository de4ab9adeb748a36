"""整改 in the browser: on a phone the unit's 联络员 answers every item with a photo and its 党组书记 signs the
整改报告; at a desk the group sends one item back with the reason, the unit answers it again, the group
verifies it and closes the demand."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from paizhu.rectification import services
from paizhu.rectification.models import Demand
from paizhu.workflow import approvals
from paizhu.workflow import services as workflow_services

from .fit import assert_fits

PHOTO = b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00" + bytes(range(256)) * 8 + b"\xff\xd9"
ITEMS = [
    "党组会议研究“三重一大”事项前未按规定向派驻组报备，须建立会前报备制度。",
    "2025年以来违规发放津补贴，须全面清理并追缴违规款项。",
    "公务用车节假日未封存，须落实封存制度并建立检查台账。",
]
PHONE, DESK = {"width": 390, "height": 844}, {"width": 1366, "height": 768}
SHOTS = "test-artifacts/browser"


@pytest.fixture(autouse=True)
def setup(transactional_db, world):
    from django.apps import apps

    import_module("paizhu.rectification.migrations.0002_default_rule").seed(apps, None)
    # Deadlines may run into next year: its calendar as the demo enters it.
    import_module("paizhu.core.demo_calendar").load(SimpleNamespace(users={"sysadmin": world.users.sysadmin}))


def _issued(world) -> Demand:
    u = world.users
    demand = services.draft_demand(
        u.zu4a,
        unit=world.edu,
        kind="discipline",
        problems="列席党组会议发现，“三重一大”决策事项未按规定报备，会议未执行末位表态制度。",
        source_label="列席党组会议发现",
        items=ITEMS,
        reply_workdays=20,
    )
    demand = services.submit_demand(u.zu4a, demand, version=demand.version)
    return workflow_services.decide_approval(u.zu4, approvals.current(demand), version=demand.version, approve=True)


def _answer(page, number: int, text: str) -> None:
    page.get_by_role("link", name="答复整改情况").click()
    page.fill("textarea[name=progress]", text)
    page.fill("input[name=responsible]", "王建国")
    page.locator("input[name=uploads]").set_input_files(
        [{"name": f"第{number}项现场照片.jpg", "mimeType": "image/jpeg", "buffer": PHOTO}]
    )
    page.get_by_role("button", name="答复整改情况").click()
    expect(page.get_by_text(f"第{number}项已答复整改情况。")).to_be_visible()


def _sign(page, demand, summary: str) -> None:
    page.goto(f"/rectification/{demand.pk}/")
    page.get_by_role("link", name="签发整改报告").click()
    page.fill("textarea[name=summary]", summary)
    page.check("input[name=signed]")
    assert_fits(page, "签发整改报告（手机）")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="签发整改报告").click()
    expect(page.get_by_text("已签发整改报告。")).to_be_visible()


def _verify(page, item, accept: bool, reason: str = "") -> None:
    page.goto(f"/rectification/items/{item.pk}/")
    page.get_by_role("link", name="验收").click()
    page.check(f"input[name=accept][value='{1 if accept else 0}']")
    if reason:
        page.fill("textarea[name=reason]", reason)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="验收").click()
    expect(page.get_by_text(f"第{item.number}项已验收。")).to_be_visible()


def test_the_unit_answers_on_a_phone_and_the_group_verifies_at_a_desk(page, login, world, console_errors):
    demand = _issued(world)
    one, two, three = demand.items.order_by("number")

    page.set_viewport_size(PHONE)
    login(page, "lianluo")
    expect(page.get_by_text("整改任务")).to_be_visible()
    for word in ("问题线索", "信访举报", "案件"):
        expect(page.locator("nav")).not_to_contain_text(word)
    assert_fits(page, "联络员首页（手机）")
    page.screenshot(path=f"{SHOTS}/rectification-unit-home-390.png", full_page=True)
    for item in (one, two, three):
        page.goto(f"/rectification/items/{item.pk}/")
        assert_fits(page, "整改事项（手机）")
        _answer(page, item.number, f"第{item.number}项已整改：制度已建立并执行，台账附后。")
    page.goto("/rectification/unit/")
    assert_fits(page, "本单位整改（手机）")
    page.screenshot(path=f"{SHOTS}/rectification-unit-answered-390.png", full_page=True)
    page.context.clear_cookies()

    login(page, "shuji")
    expect(page.get_by_text("待签发整改报告")).to_be_visible()
    _sign(page, demand, "党组召开专题会议研究整改，逐项明确责任人和时限，现将整改情况报告如下。")
    page.context.clear_cookies()

    page.set_viewport_size(DESK)
    login(page, "zu4a")
    expect(page.get_by_text("待验收整改事项")).to_be_visible()
    _verify(page, one, True)
    _verify(page, two, False, "未见追缴款项的银行回单，请补充后重新报送。")
    _verify(page, three, True)
    page.goto(f"/rectification/{demand.pk}/")
    assert_fits(page, "整改建议（桌面）")
    expect(page.get_by_role("link", name="办结")).to_have_count(0)  # an item is not cleared: no close offered
    page.screenshot(path=f"{SHOTS}/rectification-group-detail-1366.png", full_page=True)
    page.context.clear_cookies()

    page.set_viewport_size(PHONE)
    login(page, "lianluo")
    expect(page.get_by_text("未见追缴款项的银行回单")).to_be_visible()  # sent back, and why, on the home page
    page.goto(f"/rectification/items/{two.pk}/")
    expect(page.get_by_text("派驻组退回重改")).to_be_visible()
    assert_fits(page, "退回的事项（手机）")
    page.screenshot(path=f"{SHOTS}/rectification-unit-returned-390.png", full_page=True)
    _answer(page, 2, "已追缴全部违规款项，银行回单附后。")
    page.context.clear_cookies()
    login(page, "shuji")
    _sign(page, demand, "补充报送第2项整改情况。")
    page.context.clear_cookies()

    page.set_viewport_size(DESK)
    login(page, "zu4a")
    _verify(page, two, True)
    page.goto(f"/rectification/{demand.pk}/")
    page.get_by_role("link", name="办结").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="办结").click()
    expect(page.get_by_text("已办结。")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("已办结")
    assert_fits(page, "办结的整改建议（桌面）")
    page.screenshot(path=f"{SHOTS}/rectification-group-closed-1366.png", full_page=True)
    demand.refresh_from_db()
    assert (demand.status, [i.rating for i in demand.items.order_by("number")]) == ("closed", ["early"] * 3)
    assert console_errors == []
