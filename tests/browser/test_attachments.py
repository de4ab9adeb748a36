"""On a phone: the member photographs the signed written explanation and keeps it with the step, then adds a file."""

import datetime
from importlib import import_module

import pytest
from playwright.sync_api import expect

from paizhu.clues import services
from paizhu.clues.workflows import ClueStatus
from paizhu.core.calendar import shanghai_today
from paizhu.workflow import approvals, attachments
from paizhu.workflow import services as workflow_services

from .fit import assert_fits

PHOTO = b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00" + bytes(range(256)) * 8 + b"\xff\xd9"


@pytest.fixture(autouse=True)
def approval_rules(transactional_db):
    from django.apps import apps

    class Moved:  # the rules have moved to the kernel since migration 0002 seeded them
        @staticmethod
        def get_model(app_label, name):
            return apps.get_model("workflow" if name == "ApprovalRule" else app_label, name)

    import_module("paizhu.clues.migrations.0002_default_rules_and_reasons").seed(Moved, None)


def _awaiting_reply(world):
    u = world.users
    today = shanghai_today()
    clue = services.register_clue(
        u.zu4a,
        source_kind="supervision",
        received_on=today - datetime.timedelta(days=3),
        unit=world.edu,
        subjects=[world.edu_clerk],
        categories=["integrity"],
        summary="日常监督中发现其违规收受礼品礼金。",
    )
    clue = services.propose_disposal(u.zu4a, clue, version=clue.version, method="inquiry", reasons="问题较轻，宜函询。")
    while (step := approvals.current(clue)) is not None:
        clue = workflow_services.decide_approval(
            u.zu4, step, version=clue.version, approve=True, opinion="同意", attested=True
        )
    assert clue.status == ClueStatus.INQUIRY
    return services.issue_inquiry(u.zu4a, clue, version=clue.version, mode="letter", on=today)


def test_the_signed_explanation_photographed_on_a_phone(page, login, world, console_errors):
    clue = _awaiting_reply(world)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "zu4a")
    page.goto(f"/clues/{clue.pk}/reply/")
    page.fill("input[name=received_on]", shanghai_today().isoformat())
    page.fill("textarea[name=summary]", "本人对反映问题作了书面说明，经单位主要负责人签字。")
    page.check("input[name=countersigned]")
    upload = page.locator("input[name=uploads]")
    assert "image/*" in upload.get_attribute("accept")
    upload.set_input_files([{"name": "书面说明.jpg", "mimeType": "image/jpeg", "buffer": PHOTO}])
    assert_fits(page, "登记书面说明（手机）")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="登记书面说明").click()
    expect(page.get_by_text("已登记书面说明。")).to_be_visible()
    section = page.locator("section[aria-labelledby=attachments-title]")
    expect(section.get_by_role("link", name="书面说明（签字件）")).to_be_visible()
    assert_fits(page, "线索详情（手机）")

    page.locator("summary", has_text="上传材料").click()
    page.fill("input[name=label]", "送达回证")
    page.locator("#attach-uploads").set_input_files([{"name": "回证.jpg", "mimeType": "image/jpeg", "buffer": PHOTO}])
    section.locator("form button[type=submit]").click()
    expect(page.get_by_text("已上传1个文件：送达回证。")).to_be_visible()
    expect(section.get_by_role("link", name="送达回证")).to_be_visible()
    assert [a.label for a in attachments.of(clue)] == ["书面说明（签字件）", "送达回证"]
    assert console_errors == []
