"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

    def test_something(page, login, world):       # every test in tests/browser/ is marked `browser`
        login(page, "zu4")                        # password, then the second factor (enrolling if needed)
        page.goto("/org/people/")                 # paths are relative to the live server
        assert console_errors == []               # request the `console_errors` fixture to catch CSP violations

The live server serves /static/ (pytest-django wraps it in StaticFilesHandler). A failing test leaves a
screenshot in test-artifacts/browser/. Without /usr/bin/chromium these tests are skipped, with the reason shown.
"""

import base64
import os
import pathlib
import re
import time

import pytest

from tests.fixtures import PASSWORD

CHROMIUM = pathlib.Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = pathlib.Path(__file__).resolve().parent
ARTIFACTS = HERE.parents[1] / "test-artifacts" / "browser"


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason=f"浏览器测试已跳过：未找到 {CHROMIUM}（apt-get install chromium）")
    for item in items:
        if HERE in pathlib.Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while it is started: Django
    # would refuse ORM calls from the test itself, and on PostgreSQL tests that run later, with the
    # loop still running, leave a connection the final DROP DATABASE trips over. So: one Playwright
    # per module, and Django's async guard off only meanwhile (no async code shares these connections).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server, transactional_db, request):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 768})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', request.node.nodeid)}.png"))
    context.close()


@pytest.fixture
def console_errors(page):
    """Console errors (CSP violations among them) and failed requests of the page, for tests to assert on."""
    errors: list[str] = []

    def on_console(message):
        url = message.location.get("url", "")
        if message.type == "error" and "favicon" not in url:
            errors.append(f"{message.text} ({url})")

    page.on("console", on_console)
    # A favicon load cut short by the next navigation is not a failure of the page.
    page.on("requestfailed", lambda req: None if "favicon" in req.url else errors.append(f"请求失败：{req.url}"))
    return errors


def totp_token(key: bytes, at: float | None = None) -> str:
    """The code an authenticator app shows for `key` at time `at` (default now)."""
    from django_otp.oath import TOTP

    totp = TOTP(key)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


@pytest.fixture
def login(live_server):
    """`login(page, username, password=PASSWORD)`: the login form, then the code page when the role needs it."""

    def do(page, username: str, password: str = PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        if "/accounts/otp/" in page.url:
            page.fill("input[name=token]", _current_code(page, username))
            page.click("button[type=submit]")
            page.wait_for_load_state()
        assert "/accounts/" not in page.url or "/accounts/password/" in page.url, f"登录未完成：{page.url}"

    return do


def _current_code(page, username: str) -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    secret = page.locator("#otp-secret")
    if secret.count():
        return totp_token(base64.b32decode(secret.inner_text()))
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    # A code is accepted once: a second login within the same 30 s takes the next step's code
    # (the device tolerates one step of clock drift).
    step_now = int(time.time() - device.t0) // device.step
    step = max(step_now, device.last_t + 1)
    return totp_token(device.bin_key, device.t0 + step * device.step)
