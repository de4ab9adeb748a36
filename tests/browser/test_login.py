import base64

from django_otp.oath import TOTP

from paizhu.audit.models import AuditEntry


def test_first_login_enrols_the_authenticator_and_lands_on_home(page, live_server, world, console_errors):
    page.goto("/")
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", "wei")
    page.fill("input[name=password]", "paizhu-test-2026")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/otp/" in page.url
    assert page.locator("h1").inner_text() == "绑定身份验证器"
    assert page.locator(".qr svg").is_visible()

    key = base64.b32decode(page.locator("#otp-secret").inner_text())
    page.fill("input[name=token]", "000000")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "动态验证码不正确或已过期" in page.locator(".invalid-feedback").inner_text()

    page.wait_for_timeout(1100)  # django-otp makes the next attempt wait 1 s after a failure
    page.fill("input[name=token]", f"{TOTP(key).token():06d}")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/"
    assert page.locator(".page-header h1").inner_text() == "我的待办"
    assert "委领导（测试市纪委监委）" in page.locator(".topbar").inner_text()
    assert console_errors == []
    assert AuditEntry.objects.filter(action="auth.otp_enrolled", actor=world.users.wei).exists()


def test_login_helper_verifies_repeatedly_and_static_files_are_served(page, login, world, console_errors):
    login(page, "zu4")
    assert page.locator(".page-header h1").inner_text() == "我的待办"
    page.click("text=退出")
    page.wait_for_load_state()
    login(page, "zu4")  # same 30-second step: the helper moves to the next code
    assert page.locator(".page-header h1").inner_text() == "我的待办"
    assert page.request.get("/static/paizhu/paizhu.css").ok
    assert page.request.get("/static/vendor/htmx-2/htmx-2.min.js").ok
    assert console_errors == []


def test_grant_form_shows_only_the_scope_the_role_needs(page, login, world, console_errors):
    login(page, "secadmin")
    page.goto("/accounts/grants/new/")
    scopes = {name: page.locator(f".js-scope[data-scope={name}]") for name in ("commission", "group", "unit")}
    assert not any(box.is_visible() for box in scopes.values())
    page.select_option("select[name=role]", "group_leader")
    assert [name for name, box in scopes.items() if box.is_visible()] == ["group"]
    page.select_option("select[name=role]", "liaison")
    assert [name for name, box in scopes.items() if box.is_visible()] == ["unit"]
    page.select_option("select[name=role]", "security_auditor")
    assert not any(box.is_visible() for box in scopes.values())
    assert console_errors == []
