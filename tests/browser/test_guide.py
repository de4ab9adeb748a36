"""The user guide in the browser: 帮助 in the top bar, guides with their headings and pictures, the reporter's guide
logged out. With PAIZHU_GUIDE_SHOTS=1 it also takes the screenshots the guide shows (docs/guide/img/)."""

import base64
import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from paizhu.guide import guides
from tests.query_counts import add_case, add_clue, add_report

DOT = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
IMAGE_SOURCES = "() => [...document.querySelectorAll('.guide-body img')].map(i => i.src)"


def _hold_pictures(page) -> None:
    """The browser's own parallel picture loads trip the test server's shared in-memory SQLite (a locked table,
    a 400): they are answered here, and `_images_load` fetches the real ones one by one."""
    page.route("**/help/img/**", lambda route: route.fulfill(status=200, content_type="image/png", body=DOT))


def _images_load(page) -> list[bool]:
    """Each picture of the page is served as a PNG to this reader (fetched with the page's session)."""
    loaded = []
    for src in page.evaluate(IMAGE_SOURCES):
        response = page.request.get(src)
        loaded.append(response.status == 200 and response.headers.get("content-type") == "image/png")
    return loaded


@pytest.mark.parametrize(
    ("username", "slug", "heading"),
    [("zu4a", "group-member", "组员使用指南"), ("shenli", "case-management", "案件监督管理室、案件审理室使用指南")],
)
def test_help_in_the_top_bar_opens_the_acting_roles_guide(page, login, world, console_errors, username, slug, heading):
    _hold_pictures(page)
    login(page, username)
    page.click(".topbar a:has-text('帮助')")
    page.wait_for_url("**/help/")
    first = page.locator(".guide-list a").first
    expect(first).to_contain_text("当前角色")
    first.click()
    page.wait_for_url(f"**/help/{slug}/")
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator(".guide-body h2").nth(1)).to_be_visible()  # at least two sections
    loaded = _images_load(page)
    assert loaded and all(loaded)
    assert console_errors == []


def test_the_reporters_guide_is_reachable_logged_out(page, world, console_errors):
    _hold_pictures(page)
    page.goto("/report/")
    page.click(".public-tabs a:has-text('举报须知')")
    page.wait_for_url("**/help/reporter/")
    # Waiting assertions: the click returns before the guide page has loaded.
    expect(page.locator("h1")).to_have_text("网上举报人指南")
    expect(page.locator(".guide-body h2", has_text="查询办理进度")).to_have_count(1)
    loaded = _images_load(page)
    assert loaded and all(loaded)
    assert console_errors == []
    page.goto("/help/group-member/")
    assert "/accounts/login/" in page.url


def test_help_fits_a_phone(page, login, world, console_errors):
    page.set_viewport_size({"width": 390, "height": 844})
    _hold_pictures(page)
    login(page, "zu4a")
    help_link = page.locator(".topbar a[href='/help/']")
    assert help_link.is_visible()
    box = help_link.bounding_box()
    assert box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for path in ("/help/", "/help/group-member/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    assert console_errors == []


# --- screenshots for docs/guide/img (PAIZHU_GUIDE_SHOTS=1) -------------------------------------------------------

WIDE = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _shoot(page, name: str, url: str, viewport=WIDE) -> None:
    page.set_viewport_size(viewport)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(guides.IMAGE_DIR / name), full_page=False)


def _as(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


@pytest.mark.skipif(os.environ.get("PAIZHU_GUIDE_SHOTS") != "1", reason="截图只在 PAIZHU_GUIDE_SHOTS=1 时生成")
def test_take_the_guides_screenshots(page, login, world):
    from paizhu.clues import services as clues
    from paizhu.clues.models import Method
    from paizhu.workflow import approvals
    from paizhu.workflow import services as workflow

    u = world.users
    # The pictures show names, not the test accounts' user names.
    names = {
        "zu4": "林志远",
        "zu4a": "周晓楠",
        "wei": "沈国华",
        "xinfang": "陈丽",
        "anguan": "王立新",
        "shenli": "郑敏",
    }
    for username, full_name in names.items():
        type(u.zu4).objects.filter(username=username).update(full_name=full_name)
    recent = timezone.localdate() - datetime.timedelta(days=10)  # deadlines running, not long overdue
    for _ in range(3):
        add_report(world)
    add_report(world, handler=u.zu4a)
    clue = add_clue(world, received_on=recent)
    add_clue(world, received_on=recent)
    inquiry = add_clue(world, received_on=recent)
    inquiry = clues.propose_disposal(
        u.zu4a, inquiry, version=inquiry.version, method=Method.INQUIRY, reasons="问题具体，可查性强。"
    )
    verification = add_clue(world, received_on=recent)
    verification = clues.propose_disposal(
        u.zu4a,
        verification,
        version=verification.version,
        method=Method.VERIFICATION,
        reasons="反映问题具体，需初步核实。",
    )
    verification = workflow.decide_approval(
        u.zu4,
        approvals.current(verification),
        version=verification.version,
        approve=True,
        opinion="同意，报分管委领导。",
    )
    case = add_case(world, add_clue(world, received_on=recent))

    _as(page, login, "zu4a")
    _shoot(page, "home-todo.png", "/")
    _shoot(page, "group-member-todo.png", "/", PHONE)
    _shoot(page, "group-member-register.png", "/clues/new/")
    _shoot(page, "group-member-clue.png", f"/clues/{clue.pk}/")
    _shoot(page, "group-member-propose.png", f"/clues/{clue.pk}/propose/")

    _as(page, login, "zu4")
    _shoot(page, "group-leader-approvals.png", "/approvals/")
    _shoot(page, "group-leader-screening.png", "/clues/screenings/new/")
    _shoot(page, "group-leader-ledger.png", "/clues/")

    _as(page, login, "wei")
    _shoot(page, "commission-decide.png", f"/approvals/{approvals.current(verification).pk}/")
    _shoot(page, "commission-ledger.png", "/clues/", PHONE)

    _as(page, login, "xinfang")
    _shoot(page, "petition-register.png", "/intake/new/")
    _shoot(page, "petition-list.png", "/intake/")
    _shoot(page, "petition-due.png", "/intake/due/")

    _as(page, login, "anguan")
    _shoot(page, "case-management-ledger.png", "/clues/")
    _as(page, login, "shenli")
    _shoot(page, "case-review-case.png", f"/clues/cases/{case.pk}/")

    _as(page, login, "lianluo")
    _shoot(page, "unit-home.png", "/", PHONE)
    _as(page, login, "sysadmin")
    _shoot(page, "admin-users.png", "/accounts/users/")
    _as(page, login, "auditor")
    _shoot(page, "admin-audit.png", "/audit/")

    page.context.clear_cookies()
    _shoot(page, "reporter-form.png", "/report/", PHONE)
    _shoot(page, "reporter-status.png", "/report/status/", PHONE)

    for g in guides.GUIDES:
        for name in guides.referenced_images(g):
            assert (guides.IMAGE_DIR / name).is_file(), name
