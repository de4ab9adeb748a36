"""Through the pages: the ledger's export button downloads the filtered ledger; a group leader records a
collective screening meeting and the handler's proposal cites it."""

import datetime

from openpyxl import load_workbook
from playwright.sync_api import expect

from paizhu.clues import services
from paizhu.clues.models import ScreeningMeeting
from paizhu.core.calendar import shanghai_today
from tests.browser.test_clues import approval_rules  # noqa: F401 - autouse: the default rules


def _registered_by_the_group(world, summary="日常监督中发现其违规收受礼品礼金。"):
    return services.register_clue(
        world.users.zu4a,
        source_kind="supervision",
        received_on=shanghai_today() - datetime.timedelta(days=3),
        unit=world.edu,
        subjects=[world.edu_clerk],
        categories=["integrity"],
        summary=summary,
    )


def test_the_export_button_downloads_the_filtered_ledger(page, login, world, console_errors):
    clue = _registered_by_the_group(world)
    other = _registered_by_the_group(world, "反映其公车私用。")
    services.propose_disposal(world.users.zu4a, other, version=other.version, method="inquiry", reasons="函询")
    login(page, "zu4")
    page.goto("/clues/")
    page.get_by_label("状态").select_option(label="待提出处置意见")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/clues/?*status=assigned*")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出").click()
    download = info.value
    assert download.suggested_filename.startswith("问题线索台账_") and download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:
        rows = list(load_workbook(file).active.iter_rows(values_only=True))
    assert "筛选条件：状态：待提出处置意见" in rows[1][0]
    assert [r[1] for r in rows[4:]] == [clue.serial]
    assert console_errors == []


def test_a_screening_meeting_is_recorded_and_the_proposal_cites_it(page, login, world, console_errors):
    page.on("dialog", lambda dialog: dialog.accept())
    clue = _registered_by_the_group(world)
    today = shanghai_today()

    login(page, "zu4")
    page.goto("/")
    page.locator(".sidenav").get_by_role("link", name="集体排查").click()
    page.get_by_role("link", name="登记集体排查").click()
    page.get_by_label("会议日期").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("zu4", exact=True).check()  # the group's staff, ticked
    page.get_by_label("zu4a", exact=True).check()
    page.get_by_label("其他参会人员").fill("驻在部门纪委书记")
    page.get_by_label(f"{clue.serial} 排查意见").select_option(label="谈话函询")
    page.get_by_label(f"{clue.serial} 意见说明").fill("问题较具体，先行函询")
    page.get_by_role("button", name="登记").click()
    page.wait_for_url("**/clues/screenings/*/")
    expect(page.get_by_text("问题较具体，先行函询")).to_be_visible()
    meeting = ScreeningMeeting.objects.get()

    page.context.clear_cookies()
    login(page, "zu4a")
    page.goto(f"/clues/{clue.pk}/")
    expect(page.get_by_text(f"集体排查（{today:%Y-%m-%d}")).to_be_visible()
    page.get_by_role("link", name="提出处置意见").click()
    page.get_by_label("谈话函询").check()
    page.get_by_label("处置理由").fill("经集体排查，先行函询。")
    page.get_by_label("集体排查").select_option(str(meeting.pk))
    page.get_by_role("button", name="提出处置意见").click()
    expect(page.get_by_text(f"提出处置意见（经{today:%Y-%m-%d}集体排查）：谈话函询")).to_be_visible()
    assert console_errors == []
