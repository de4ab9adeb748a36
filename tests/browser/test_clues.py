"""A clue through the pages: the member proposes, the group leader and the commission approve, the inquiry starts."""

import datetime
from importlib import import_module

import pytest
from playwright.sync_api import expect

from paizhu.clues import services
from paizhu.clues.models import Clue
from paizhu.clues.workflows import ClueStatus
from paizhu.core.calendar import shanghai_today


@pytest.fixture(autouse=True)
def approval_rules(transactional_db):
    """The default approval rules and close reasons: an earlier transactional test's flush empties what
    migration 0002 seeded."""
    from django.apps import apps

    class Moved:  # the rules have moved to the kernel since migration 0002 seeded them
        @staticmethod
        def get_model(app_label, name):
            return apps.get_model("workflow" if name == "ApprovalRule" else app_label, name)

    import_module("paizhu.clues.migrations.0002_default_rules_and_reasons").seed(Moved, None)


def _registered_by_the_group(world) -> Clue:
    u = world.users
    clue = services.register_clue(
        u.zu4a,
        source_kind="supervision",
        received_on=shanghai_today() - datetime.timedelta(days=3),
        unit=world.edu,
        subjects=[world.edu_deputy],  # a leadership member: the commission must approve too
        categories=["integrity"],
        summary="日常监督中发现其违规收受礼品礼金。",
    )
    return clue


def _as(page, login, username):
    page.context.clear_cookies()
    login(page, username)


def test_member_proposes_leader_and_commission_approve_and_the_clue_progresses(page, login, world, console_errors):
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmation of irreversible steps
    clue = _registered_by_the_group(world)

    _as(page, login, "zu4a")
    page.goto(f"/clues/{clue.pk}/")
    page.get_by_role("link", name="提出处置意见").click()
    page.get_by_label("谈话函询").check()
    page.get_by_label("处置理由").fill("反映问题具体，宜先行函询。")
    page.get_by_role("button", name="提出处置意见").click()
    expect(page.locator(".page-header").get_by_text("审批中")).to_be_visible()
    assert "待组长审核" in page.locator(".detail-header").inner_text()

    _as(page, login, "zu4")
    page.goto("/approvals/")
    page.get_by_role("link", name="审批", exact=True).click()
    page.get_by_label("同意", exact=True).check()
    page.get_by_label("意见").fill("拟同意，报委领导审批。")
    page.get_by_role("button", name="提交审批意见").click()
    page.wait_for_url("**/approvals/")
    assert "没有等待您审批的事项" in page.content()

    _as(page, login, "wei")
    page.goto("/approvals/")
    assert clue.serial in page.content()
    page.get_by_role("link", name="审批", exact=True).click()
    page.get_by_label("同意", exact=True).check()
    page.get_by_role("button", name="提交审批意见").click()
    page.wait_for_url("**/approvals/")

    _as(page, login, "zu4a")
    page.goto(f"/clues/{clue.pk}/")
    expect(page.locator(".page-header").get_by_text("谈话函询·待谈话或发函")).to_be_visible()
    timeline = page.locator("#timeline-title").locator("xpath=..").inner_text()
    assert "组长审核：同意" in timeline and "分管委领导审批：同意，开始谈话函询" in timeline
    page.get_by_role("link", name="登记谈话/函询").click()
    page.get_by_label("函询").check()
    page.get_by_label("谈话日期 / 函件送达日期").fill(shanghai_today().isoformat())
    page.get_by_role("button", name="登记谈话/函询").click()
    expect(page.locator(".detail-header")).to_contain_text("书面说明")
    clue.refresh_from_db()
    assert clue.status == ClueStatus.INQUIRY_REPLY
    assert "书面说明" in page.locator(".detail-header").inner_text()
    assert console_errors == []
