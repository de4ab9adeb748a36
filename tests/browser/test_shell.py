"""The frame around every page: top bar, role switcher, navigation per role, demo banner, error pages, phone layout."""

import pytest

from paizhu.accounts.services import bootstrap_grant
from paizhu.core.roles import Role
from tests.browser.fit import assert_fits

# The line boxes the text of an element occupies.
LINES_OF_TEXT = (
    "(el) => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"
)

SELECTED_OPTION_FITS = """(select) => {
    const style = getComputedStyle(select);
    const context = document.createElement("canvas").getContext("2d");
    context.font = style.font;
    const text = context.measureText(select.options[select.selectedIndex].text).width;
    return text + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) <= select.clientWidth;
}"""


def nav_labels(page) -> list[str]:
    return [label.strip() for label in page.locator(".sidenav .nav-link").all_inner_texts()]


@pytest.mark.parametrize(
    ("username", "present", "absent"),
    [
        ("zu4", {"线索台账", "干部名册", "派驻机构", "回避申报", "修改密码"}, {"审计日志", "用户管理", "角色授权"}),
        ("lianluo", {"我的待办", "干部名册", "修改密码"}, {"线索台账", "派驻机构", "回避申报", "审计日志"}),
        ("auditor", {"审计日志", "角色授权"}, {"线索台账", "干部名册", "用户管理", "系统配置"}),
        ("sysadmin", {"用户管理", "系统配置"}, {"线索台账", "干部名册", "审计日志", "角色授权"}),
    ],
)
def test_navigation_shows_only_what_the_role_may_use(page, login, world, console_errors, username, present, absent):
    login(page, username)
    labels = set(nav_labels(page))
    assert present <= labels
    assert not absent & labels
    assert page.locator(".sidenav .nav-link.active").inner_text().strip() == "我的待办"
    assert console_errors == []


def test_role_switcher_changes_role_line_navigation_and_current_page(page, login, world, console_errors):
    liaison = bootstrap_grant(world.users.zu4, Role.LIAISON, world.edu)
    login(page, "zu4")
    assert page.locator(".page-header h1").inner_text() == "我的待办"
    assert "当前角色：组长（第四纪检监察组）" in page.locator(".content").inner_text()
    assert "线索台账" in nav_labels(page)

    with page.expect_navigation():
        page.select_option("#role-switcher", str(liaison.pk))
    assert "已切换为：联络员（测试市教育局）" in page.locator(".alert").inner_text()
    assert "当前角色：联络员（测试市教育局）" in page.locator(".content").inner_text()
    assert "线索台账" not in nav_labels(page)
    assert page.locator("#role-switcher option:checked").inner_text() == "联络员（测试市教育局）"

    # The audit trail is not even known to exist for this role: not found, in Chinese.
    response = page.goto("/audit/")
    assert response.status == 404
    assert page.locator(".page-header h1").inner_text() == "未找到"
    assert [error for error in console_errors if "404" not in error] == []


def test_unknown_page_is_a_chinese_not_found_page(page, login, world, console_errors):
    login(page, "shuji")
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.title().startswith("404")
    assert page.locator(".page-header h1").inner_text() == "未找到"
    assert "未找到该页面或记录" in page.locator(".alert").inner_text()
    page.click("text=返回首页")
    page.wait_for_load_state()
    assert page.locator(".page-header h1").inner_text() == "我的待办"
    assert [error for error in console_errors if "404" not in error] == []


def test_demo_banner_is_shown_in_demo_mode_only(page, world, settings, console_errors):
    page.goto("/accounts/login/")
    assert page.locator(".demo-banner").count() == 0
    settings.DEMO_MODE = True
    page.goto("/accounts/login/")
    banner = page.locator(".demo-banner")
    assert banner.is_visible()
    assert "演示环境：数据均为虚构" in banner.inner_text()
    assert console_errors == []


def test_phone_width_hides_navigation_behind_the_menu_button(page, login, world, console_errors):
    bootstrap_grant(world.users.zu4, Role.LIAISON, world.edu)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "zu4")
    assert page.locator("#role-switcher").evaluate(SELECTED_OPTION_FITS), "角色名称被截断"
    page.goto("/org/people/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "页面横向溢出"
    brand = page.locator(".topbar .navbar-brand").bounding_box()
    toggler = page.locator(".topbar .navbar-toggler").bounding_box()
    assert brand["x"] - (toggler["x"] + toggler["width"]) < 40, "平台名称应紧随导航按钮"
    # A table's rows are cards on a phone (paizhu.js, paizhu.css): each cell a line labelled by its column,
    # names kept whole rather than stacked one character per line, nothing scrolling sideways.
    row = page.locator("table.table-pz tbody tr", has_text="赵小军")
    assert row.evaluate("(el) => getComputedStyle(el).display") == "block"
    for cell in (row.locator("td").nth(1), row.locator("td").nth(2)):
        assert cell.evaluate(LINES_OF_TEXT) == 1, cell.inner_text()
        assert cell.get_attribute("data-label")
    assert_fits(page)
    people_link = page.locator(".sidenav .nav-link", has_text="干部名册")
    assert not people_link.is_visible()

    page.click("button[aria-label=展开导航]")
    page.locator("#sidenav.show").wait_for()
    assert people_link.is_visible()
    with page.expect_navigation():
        page.locator(".sidenav .nav-link", has_text="回避申报").click()
    assert page.locator(".page-header h1").inner_text() == "回避申报"
    assert not page.locator(".sidenav .nav-link", has_text="干部名册").is_visible()
    assert console_errors == []
