"""The security administrator's 接口令牌 page: the token made on the command line is listed with its last use,
revoked after a reason is given (an empty one is refused at the field), and the page fits at 1366 px and 390 px."""

from django.test import Client

from paizhu.accounts import tokens
from tests.browser.conftest import ARTIFACTS
from tests.browser.fit import WIDTHS, assert_fits


def test_security_administrator_lists_and_revokes_an_api_token(page, login, world, console_errors):
    token, text = tokens.create_token(world.users.secadmin, world.users.zu4, days=90, note="统计数据对接（市统计局）")
    assert Client().get("/api/v1/org/people", headers={"Authorization": f"Bearer {text}"}).status_code == 200
    login(page, "secadmin")
    page.click(".sidenav >> text=接口令牌")
    page.wait_for_load_state()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        row = page.locator("table.table-pz tbody tr").first
        assert token.prefix in row.inner_text() and "统计数据对接" in row.inner_text()
        assert row.locator(".badge").inner_text() == "有效" and "从未使用" not in row.inner_text()
        assert text not in page.content()
        assert_fits(page, f"接口令牌 {width}px")
        page.screenshot(path=str(ARTIFACTS / f"api-tokens-{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.click("table.table-pz a:has-text('撤销')")
    page.wait_for_load_state()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('撤销令牌')")
    page.wait_for_load_state()
    assert "请填写撤销原因" in page.locator(".content").inner_text()
    page.fill("textarea[name=reason]", "对接已停止")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('撤销令牌')")
    page.wait_for_load_state()
    assert "该令牌立即失效" in page.locator(".alert-success").inner_text()
    assert page.locator("table.table-pz tbody tr .badge").first.inner_text() == "已撤销"
    assert Client().get("/api/v1/org/people", headers={"Authorization": f"Bearer {text}"}).status_code == 401
    assert console_errors == []
