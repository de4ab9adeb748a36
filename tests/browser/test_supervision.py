"""The supervision log in the browser: a member records a 列席会议 on a 390 px phone with a photo (the draft
survives leaving the page), and the leader disposes of its finding as a clue at 1366 px; every page fits."""

import pytest
from playwright.sync_api import expect

from paizhu.clues.models import Clue
from paizhu.supervision.models import Activity

from .conftest import ARTIFACTS
from .fit import assert_fits

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
PHOTO = b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00" + bytes(range(256)) * 8 + b"\xff\xd9"

pytestmark = pytest.mark.browser


def _shot(page, name: str) -> None:
    (ARTIFACTS / "supervision").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "supervision" / f"{name}.png"), full_page=True)


def test_a_member_records_a_meeting_on_a_phone_and_the_leader_makes_its_finding_a_clue(
    page, login, world, console_errors
):
    page.set_viewport_size(PHONE)
    login(page, "zu4a")
    page.goto("/supervision/new/")
    assert_fits(page, "选择类别（手机）")
    page.get_by_role("link", name="列席会议").click()
    page.get_by_label("测试市教育局").check()
    page.get_by_label("会议名称").fill("局党组会议（2026年第23次）")
    page.get_by_label("研究的“三重一大”事项").fill("研究市第一中学教学楼改造项目（预算1860万元）")
    # Called away: the page is left and opened again; what was typed comes back.
    page.goto("/supervision/new/meeting/")
    expect(page.get_by_text("已恢复上次未保存的内容")).to_be_visible()
    expect(page.get_by_label("会议名称")).to_have_value("局党组会议（2026年第23次）")
    expect(page.get_by_label("测试市教育局")).to_be_checked()
    page.get_by_label("否，主要负责人未末位表态").check()
    page.get_by_label("会议情况").fill("局长首先发表意见定调，其余班子成员随后表态。")
    page.get_by_label("发现的问题").fill("教学楼改造项目未按规定提前向派驻组报备即提交党组会研究")
    photos = page.locator("input[name=photos]")
    assert photos.get_attribute("accept") == "image/*" and photos.get_attribute("capture") == "environment"
    expect(page.get_by_text("未选择文件")).to_be_visible()  # the browser's own words are not shown
    photos.set_input_files([{"name": "会场.jpg", "mimeType": "image/jpeg", "buffer": PHOTO}])
    expect(page.locator(".file-pick")).to_contain_text("拍照或选择照片会场.jpg")
    assert_fits(page, "登记列席会议（手机）")
    _shot(page, "1-meeting-phone")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已登记列席会议")).to_be_visible()
    activity = Activity.objects.get()
    assert (activity.meeting, activity.last_word, activity.findings.count()) == ("局党组会议（2026年第23次）", "no", 1)
    expect(page.get_by_role("link", name="现场照片")).to_be_visible()
    assert_fits(page, "监督记录（手机）")
    _shot(page, "2-record-phone")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('paizhu-draft:')).length") == 0

    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    login(page, "zu4")
    page.goto("/")
    expect(page.get_by_text("问题发现待处置")).to_be_visible()
    page.goto(f"/supervision/{activity.pk}/")
    assert_fits(page, "监督记录（组长）")
    page.get_by_role("link", name="登记为问题线索").click()
    page.get_by_label("主要问题").fill("教学楼改造项目（1860万元）未报备即上会，涉嫌违反“三重一大”决策程序。")
    assert_fits(page, "登记为问题线索")
    _shot(page, "3-dispose-desktop")
    page.get_by_role("button", name="登记为问题线索").click()
    clue = Clue.objects.get()
    expect(page.get_by_text(f"已登记问题线索 {clue.serial}")).to_be_visible()
    page.get_by_role("link", name=clue.serial).click()
    expect(page.get_by_text(activity.serial)).to_be_visible()
    page.goto("/supervision/")
    assert_fits(page, "监督记录列表")
    page.goto(f"/supervision/units/{world.edu.pk}/")
    assert_fits(page, "单位年度监督")
    _shot(page, "4-unit-year")
    assert console_errors == []
