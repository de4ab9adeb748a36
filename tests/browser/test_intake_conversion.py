"""A letter through the staff pages: 信访室 registers it, confirms the proposed routing, and it becomes a clue —
converted by the group that handles it, or, for a matter the commission handles, by 信访室 into 案管's ledger."""

from playwright.sync_api import expect

from paizhu.clues.models import Clue
from paizhu.core.calendar import shanghai_today
from paizhu.intake.models import Report

REPORTER = "刘晓燕"
CONTACT = "13812345678"


def _as(page, login, username):
    page.context.clear_cookies()
    login(page, username)


def _register_letter(page, person, facts: str) -> Report:
    page.goto("/intake/new/")
    page.select_option("#id_channel", "letter")
    page.fill("#id_received_on", shanghai_today().isoformat())
    page.locator("#id_subjects").press_sequentially(person.name, delay=30)  # the people picker
    page.get_by_role("option", name=person.name).first.click()
    expect(page.get_by_role("checkbox", name=person.name)).to_be_checked()
    page.check("input[name=categories][value=integrity]")
    page.fill("#id_facts", facts)
    page.fill("#id_reporter_name", REPORTER)
    page.fill("#id_reporter_contact", CONTACT)
    with page.expect_navigation():
        page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("请确认分办")
    return Report.objects.get(facts=facts)


def _confirm_proposed_routing(page, expected: str) -> None:
    routing = page.locator(".action-card", has_text="系统建议")
    expect(routing).to_contain_text(f"系统建议：{expected}")
    with page.expect_navigation():
        routing.get_by_role("button", name="确认分办").click()
    expect(page.locator(".alert-success")).to_contain_text("已确认分办")


def _convert(page) -> None:
    card = page.locator(".action-card", has_text="转为问题线索")
    with page.expect_navigation():
        card.get_by_role("button", name="登记为问题线索").click()


def test_a_registered_letter_is_routed_to_the_group_and_becomes_its_clue(page, login, world, console_errors):
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmation before registering a clue
    facts = "市教育局科员赵小军利用经办学校食堂采购的职务便利，收受供应商购物卡。"

    _as(page, login, "xinfang")
    report = _register_letter(page, world.edu_clerk, facts)
    _confirm_proposed_routing(page, str(world.g4))
    assert page.locator(".action-card", has_text="转为问题线索").count() == 0  # the group converts, not 信访室

    _as(page, login, "zu4")  # the leader names the handler, who then works the report
    page.goto(f"/intake/{report.pk}/")
    card = page.locator(".action-card", has=page.locator(".card-header", has_text="承办人"))
    card.locator("select[name=handler]").select_option(str(world.users.zu4a.pk))
    with page.expect_navigation():
        card.get_by_role("button", name="指定承办人").click()
    expect(page.locator(".alert-success")).to_contain_text("已指定承办人")

    _as(page, login, "zu4a")
    page.goto(f"/intake/{report.pk}/")
    _convert(page)
    clue = Clue.objects.get()
    expect(page.locator(".alert-success")).to_contain_text(f"已转为问题线索 {clue.serial}")
    page.get_by_role("link", name=clue.serial).click()
    page.wait_for_url(f"**/clues/{clue.pk}/")
    html = page.content()
    assert facts in html and report.serial in html
    assert REPORTER not in html and CONTACT not in html
    assert clue.group == world.g4 and clue.status == "assigned"
    assert console_errors == []


def test_a_letter_the_commission_handles_goes_to_case_management_awaiting_assignment(
    page, login, world, console_errors
):
    page.on("dialog", lambda dialog: dialog.accept())
    facts = "市教育局副局长李红梅违规收受管理服务对象礼品礼金，逢年过节收受购物卡。"

    _as(page, login, "xinfang")
    report = _register_letter(page, world.edu_deputy, facts)  # a leadership member: the commission handles it
    _confirm_proposed_routing(page, "委机关信访室")
    expect(page.locator(".action-card", has_text="转为问题线索")).to_contain_text("进入案件监督管理室线索台账")
    _convert(page)
    clue = Clue.objects.get()
    expect(page.locator(".alert-success")).to_contain_text(f"已转为问题线索 {clue.serial}")
    expect(page.locator(".alert-success")).to_contain_text("待分办")
    assert page.url.endswith(f"/intake/{report.pk}/")
    assert page.get_by_role("link", name=clue.serial).count() == 0  # 信访室 does not see clues
    assert console_errors == []
    assert page.goto(f"/clues/{clue.pk}/").status == 404
    console_errors.clear()  # the browser logs the 404 we asked for

    _as(page, login, "anguan")
    page.goto("/clues/")
    page.get_by_role("link", name=clue.serial).click()
    html = page.content()
    assert facts in html and REPORTER not in html and CONTACT not in html
    assert clue.group is None and clue.status == "registered"
    assert console_errors == []
