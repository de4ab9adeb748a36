"""廉政档案: the unit's 联络员 asks to open a deputy's file before a promotion (1366 px), the group's leader approves it
from the inbox, the 联络员 reads the summary sheet on a phone — conclusions only, nothing of the clue side — and
the leader reads the whole file; every page fits at 1366 and 390 px. With PAIZHU_GUIDE_SHOTS=1 the two pictures of
the guide are taken here too (docs/guide/img)."""

import os
import pathlib
from importlib import import_module

import pytest
from playwright.sync_api import expect

from paizhu.integrity.models import FileRequest
from tests.integrity.conftest import CASE, CLEARED, PENALTY, make_dossier

from .fit import assert_fits, visit_at_each_width

SHOTS = pathlib.Path("test-artifacts/browser")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def dossier(transactional_db, world):
    from django.apps import apps

    # An earlier transactional test's flush empties what migration 0002 seeded: the shipped rule again.
    import_module("paizhu.integrity.migrations.0002_default_rule").seed(apps, None)
    return make_dossier(world)


def _shot(page, name: str, guide: str = "") -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"integrity-{name}.png"), full_page=True)
    if guide and os.environ.get("PAIZHU_GUIDE_SHOTS") == "1":
        from paizhu.guide import guides

        page.screenshot(path=str(guides.IMAGE_DIR / guide), full_page=False)


def _as(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def test_the_unit_asks_the_leader_approves_the_unit_reads_the_summary_and_the_group_the_file(
    page, login, world, dossier, console_errors
):
    page.on("dialog", lambda dialog: dialog.accept())
    _as(page, login, "lianluo")
    page.goto("/integrity/requests/")
    page.get_by_role("link", name="申请查阅").click()
    search = page.get_by_role("combobox", name="查阅对象")
    search.press_sequentially("李红", delay=30)
    page.get_by_role("option", name="李红梅（测试市教育局副局长）【班子成员】【同级党委管理】").click()
    page.get_by_label("查阅用途").select_option("promotion")
    page.get_by_label("查阅事由").fill("拟提拔为局长人选，党组会议研究前了解其党风廉政情况。")
    assert_fits(page, "申请查阅")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".alert-success")).to_contain_text("已提出查阅申请")
    expect(page.locator("main")).to_contain_text("待审批")
    request = FileRequest.objects.get()
    assert page.get_by_role("link", name="查阅廉洁情况").count() == 0

    _as(page, login, "zu4")
    page.goto("/approvals/")
    page.get_by_role("link", name=request.serial).first.click()
    from paizhu.workflow import approvals

    page.locator(f"a[href='/approvals/{approvals.current(request).pk}/']").click()
    expect(page.locator("main")).to_contain_text("拟提拔为局长人选")
    page.get_by_label("同意", exact=True).check()
    page.get_by_role("button", name="提交审批意见").click()
    page.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == FileRequest.Status.APPROVED

    _as(page, login, "lianluo")
    page.set_viewport_size(PHONE)
    page.goto(f"/integrity/requests/{request.pk}/")
    expect(page.locator("main")).to_contain_text("已批准")
    page.get_by_role("link", name="查阅廉洁情况").click()
    main = page.locator("main")
    expect(main).to_contain_text(PENALTY)
    expect(main).to_contain_text("提醒谈话")
    for hidden in (CASE, CLEARED, "了结澄清", dossier.serial):
        expect(main).not_to_contain_text(hidden)
    assert_fits(page, "廉洁情况（手机）")
    _shot(page, "summary-390", "unit-integrity-summary.png")

    _as(page, login, "zu4")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/integrity/")
    page.get_by_role("link", name="李红梅").click()
    for shown in (CASE, CLEARED, dossier.serial, request.serial, "查阅记录"):
        expect(page.locator("main")).to_contain_text(shown)
    assert_fits(page, "廉政档案")
    _shot(page, "file-1366")
    page.set_viewport_size(PHONE)
    page.reload()
    _shot(page, "file-390", "group-leader-integrity-file.png")
    failures = visit_at_each_width(
        page,
        [
            "/integrity/",
            f"/integrity/{world.edu_deputy.pk}/",
            "/integrity/requests/",
            f"/integrity/requests/{request.pk}/",
        ],
    )
    assert failures == []
    assert console_errors == []
