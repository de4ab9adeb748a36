"""A group member's day on a 390 px phone: the to-dos on the home page, a clue registered with the people
picker (typed and picked by keyboard), an inquiry talk recorded with the photographed signed record, the conclusion it leaves; every page fits (the
written reply on a phone: test_attachments.py).

Screenshots of each step are kept in test-artifacts/browser/phone/ (looked at by hand; the guide takes its own).
"""

import datetime
from importlib import import_module

import pytest
from playwright.sync_api import expect

from paizhu.clues import services
from paizhu.clues.models import Clue
from paizhu.clues.workflows import ClueStatus
from paizhu.core.calendar import shanghai_today
from paizhu.workflow import approvals, attachments
from paizhu.workflow import services as workflow_services

from .conftest import ARTIFACTS
from .fit import assert_fits

PHONE = {"width": 390, "height": 844}
PHOTO = b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00" + bytes(range(256)) * 8 + b"\xff\xd9"


@pytest.fixture(autouse=True)
def approval_rules(transactional_db):
    from django.apps import apps

    class Moved:  # the rules have moved to the kernel since migration 0002 seeded them
        @staticmethod
        def get_model(app_label, name):
            return apps.get_model("workflow" if name == "ApprovalRule" else app_label, name)

    import_module("paizhu.clues.migrations.0002_default_rules_and_reasons").seed(Moved, None)


def _shot(page, name: str) -> None:
    (ARTIFACTS / "phone").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone" / f"{name}.png"), full_page=True)


def _approved_for_inquiry(world, clue: Clue) -> Clue:
    u = world.users
    clue = services.propose_disposal(
        u.zu4a, clue, version=clue.version, method="inquiry", reasons="问题较轻，宜谈话了解。"
    )
    deciders = {"group_leader": u.zu4, "case_management": u.anguan, "commission_leader": u.wei}
    while (step := approvals.current(clue)) is not None:
        decider = deciders[step.role]
        clue = workflow_services.decide_approval(
            decider, step, version=clue.version, approve=True, opinion="同意", attested=True
        )
    assert clue.status == ClueStatus.INQUIRY
    return clue


def test_a_member_registers_a_clue_talks_and_reads_the_to_dos_on_a_phone(page, login, world, console_errors):
    page.set_viewport_size(PHONE)
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "zu4a")
    today = shanghai_today()

    # Register: one field per row, the subject found by typing and picked with the keyboard.
    page.goto("/clues/new/")
    page.get_by_label("线索来源").select_option("supervision")
    page.get_by_label("受理日期").fill((today - datetime.timedelta(days=2)).isoformat())
    page.get_by_label("涉及单位").select_option(str(world.edu.pk))
    search = page.get_by_role("combobox", name="被反映人")
    search.press_sequentially("副局长", delay=30)
    option = page.get_by_role("option", name="李红梅（测试市教育局副局长）【班子成员】【同级党委管理】")
    expect(option).to_be_visible()
    assert_fits(page, "登记线索：查找被反映人（手机）")
    _shot(page, "1-register-picker")
    search.press("Enter")
    expect(page.get_by_label("李红梅（测试市教育局副局长）【班子成员】【同级党委管理】")).to_be_checked()
    expect(page.get_by_role("listbox")).to_be_hidden()
    search.press_sequentially("赵", delay=30)
    expect(page.get_by_role("option", name="赵小军（测试市教育局科员）")).to_be_visible()
    search.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    page.get_by_label("主要问题").fill("日常监督中发现其违规收受管理服务对象礼品礼金。")
    assert_fits(page, "登记线索（手机）")
    _shot(page, "2-register-filled")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text("已登记线索")).to_be_visible()
    clue = Clue.objects.get()
    assert list(clue.subjects.all()) == [world.edu_deputy]  # the half-typed 赵 was not picked
    assert_fits(page, "线索详情（手机）")

    # The to-dos on the home page: the new clue waits for the member's proposal.
    page.goto("/")
    expect(page.get_by_text(clue.serial).first).to_be_visible()
    assert_fits(page, "工作台（手机）")
    _shot(page, "3-home-todos")

    # Record the talk, then the written explanation.
    clue = _approved_for_inquiry(world, clue)
    page.goto(f"/clues/{clue.pk}/inquiry/")
    page.get_by_label("谈话", exact=True).check()
    page.get_by_label("谈话日期 / 函件送达日期").fill(today.isoformat())
    page.get_by_label("备注").fill("在驻在部门谈话室谈话，本人如实说明情况。")
    upload = page.locator("input[name=uploads]")
    assert "image/*" in upload.get_attribute("accept")  # the phone offers its camera
    upload.set_input_files([{"name": "谈话笔录.jpg", "mimeType": "image/jpeg", "buffer": PHOTO}])
    assert_fits(page, "谈话函询（手机）")
    _shot(page, "4-talk")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记")).to_be_visible()
    clue.refresh_from_db()
    assert clue.inquiry_mode == "talk" and clue.status == ClueStatus.INQUIRY_CONCLUDING
    assert [a.label for a in attachments.of(clue)] == ["第1次谈话笔录（签字件）"]
    # The talk leaves the conclusion to propose: the home page says so; its form fits too.
    page.goto("/")
    expect(page.get_by_text(clue.serial).first).to_be_visible()
    assert_fits(page, "工作台：谈话之后（手机）")
    _shot(page, "5-home-after-talk")
    page.goto(f"/clues/{clue.pk}/conclude/")
    expect(page.get_by_label("了结意见及理由")).to_be_visible()
    assert_fits(page, "提出了结意见（手机）")
    _shot(page, "6-conclude")
    assert console_errors == []
