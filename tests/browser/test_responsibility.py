"""主体责任: a leadership member signs the list with their own login, the main leader signs last and the list
freezes; the group sees every signature and the frozen version's hash (1366 and 390 px)."""

import datetime

from playwright.sync_api import expect

from paizhu.core.roles import Role
from paizhu.org.models import Person
from paizhu.responsibility.services import lists as services
from tests.fixtures import make_user

from .conftest import _current_code
from .fit import assert_fits, visit_at_each_width


def _list_waiting_for_the_deputy(world):
    head = Person.objects.create(name="孙丽娟", unit=world.edu, post="基础教育科科长", rank=Person.Rank.SECTION_CHIEF)
    clerk = Person.objects.create(name="钱志远", unit=world.edu, post="基础教育科科员", rank=Person.Rank.STAFF)
    chain = {
        1: make_user("chengban", Role.LIAISON, world.edu, person=clerk, full_name=clerk.name),
        2: make_user("kezhang", Role.LIAISON, world.edu, person=head, full_name=head.name),
        3: make_user("fenguan", Role.LIAISON, world.edu, person=world.edu_deputy, full_name=world.edu_deputy.name),
        4: world.users.shuji,
    }
    lianluo = world.users.lianluo
    rlist = services.create_list(
        lianluo, unit=world.edu, year=2026, level="member", person=world.edu_deputy, area="基础教育、教育督导"
    )
    services.save_item(
        lianluo,
        rlist,
        version=None,
        kind="duty",
        task="每半年听取分管科室党风廉政建设情况汇报",
        due_on=datetime.date(2026, 12, 20),
    )
    rlist.refresh_from_db()
    rlist = services.start_signing(lianluo, rlist, version=rlist.version, signers=chain)
    for step in (1, 2):
        rlist = services.sign(chain[step], rlist, version=rlist.version, opinion="同意。")
    return rlist


def _sign(page, path, username, opinion, login):
    """Sign as `username`: the second factor again when the platform asks for it, then the signature."""
    page.context.clear_cookies()
    login(page, username)
    page.goto(path)
    page.fill("textarea[name=opinion]", opinion)
    page.click("text=本人签字")
    page.wait_for_load_state()
    if "/accounts/otp/" in page.url:  # the step-up (outside demo mode): enter the code, then sign again
        page.fill("input[name=token]", _current_code(page, username))
        page.click("button[type=submit]")
        page.wait_for_load_state()
        page.goto(path)
        page.fill("textarea[name=opinion]", opinion)
        page.click("text=本人签字")
        page.wait_for_load_state()


def test_a_leadership_member_signs_the_list_freezes_and_the_group_sees_it(page, login, world, console_errors):
    rlist = _list_waiting_for_the_deputy(world)
    path = f"/responsibility/{rlist.pk}/"
    page.on("dialog", lambda dialog: dialog.accept())

    _sign(page, path, "fenguan", "同意，分管领域严格落实。", login)
    expect(page.locator(".alert-success")).to_contain_text("已签字，清单转下一环节签字")
    assert_fits(page)

    page.set_viewport_size({"width": 390, "height": 844})
    _sign(page, path, "shuji", "同意，严格履行第一责任人职责。", login)
    expect(page.locator(".alert-success")).to_contain_text("签字背书已全部完成，清单已锁定")
    assert_fits(page)
    rlist.refresh_from_db()
    assert rlist.status == "signed"
    expect(page.locator("[data-testid=content-hash]")).to_have_text(rlist.signed_hash)
    expect(page.locator("text=本人签字")).to_have_count(0)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, "zu4")
    page.goto(path)
    table = page.locator("[data-testid=signatures]")
    expect(table).to_contain_text("同意，分管领域严格落实。")
    expect(table).to_contain_text("同意，严格履行第一责任人职责。")
    expect(page.locator("[data-testid=content-hash]")).to_have_text(rlist.signed_hash)
    expect(page.locator("text=新增事项")).to_have_count(0)
    assert visit_at_each_width(page, [path, "/responsibility/"]) == []
    assert console_errors == []


def test_the_unit_files_a_major_matter_and_the_group_records_attendance_and_opinion(page, login, world, console_errors):
    from paizhu.core.calendar import add_workdays, shanghai_today

    meeting = add_workdays(shanghai_today(), 3)
    login(page, "lianluo")
    page.goto("/responsibility/filings/new/")
    page.select_option("select[name=category]", "appointment")
    page.fill("input[name=title]", "研究基础教育科科长拟任人选")
    page.select_option("select[name=meeting_kind]", "party_group")
    page.fill("input[name=meeting_on]", meeting.isoformat())
    page.fill("textarea[name=agenda]", "一、听取组织人事科关于选拔任用工作情况的汇报\n二、讨论决定拟任人选")
    page.click("button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("已报备")
    assert "逾期报备" not in page.locator(".page-header").inner_text()
    path = page.url.removeprefix(page.url.split("/responsibility/")[0])

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "zu4")
    page.goto("/")
    page.click("text=研究基础教育科科长拟任人选")
    page.click("text=回复报备（是否列席）")
    page.check("input[name=attend][value='1']")
    page.fill("input[name=attendees]", "周正")
    page.fill("textarea[name=opinion]", "请严格执行干部选拔任用工作条例，确保程序完整。")
    assert_fits(page)
    page.click("button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("已回复报备")
    supervision = page.locator("[data-testid=supervision]")
    expect(supervision).to_contain_text("列席（周正）")
    expect(supervision).to_contain_text("请严格执行干部选拔任用工作条例")
    assert_fits(page)
    assert visit_at_each_width(page, [path, "/responsibility/filings/"]) == []
    assert console_errors == []
