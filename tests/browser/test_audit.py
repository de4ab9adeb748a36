"""The security auditor's pages: filter the trail, read an entry, verify the chain (and see it fail when tampered)."""

import time

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from paizhu.access.models import RelationDeclaration
from paizhu.access.services import declare_relation
from paizhu.accounts.stepup import OTP_AT_SESSION_KEY
from paizhu.audit.models import AuditEntry
from paizhu.audit.services import record
from tests.browser.conftest import totp_token


def test_auditor_filters_by_action_opens_the_entry_and_verifies_the_chain(page, login, world, console_errors):
    declare_relation(world.users.zu4, RelationDeclaration.Kind.RELATIVE, person=world.edu_deputy, note="配偶之妹")
    login(page, "auditor")
    page.click(".sidenav >> text=审计日志")
    page.wait_for_load_state()
    assert page.locator(".watermark").count() == 1  # screens of the trail carry the viewer's name

    page.select_option("select[name=action]", "recusal.declared")
    page.click("button:has-text('查询')")
    page.wait_for_load_state()
    assert "action=recusal.declared" in page.url
    rows = page.locator("table.table-pz tbody tr")
    assert rows.count() == 1
    assert "申报回避关系" in rows.first.inner_text()
    assert "zu4" in rows.first.inner_text()

    rows.first.locator("a").first.click()
    page.wait_for_load_state()
    details = page.locator("dl.dl-pz").inner_text()
    assert "recusal.declared" in details
    assert '"kind": "relative"' in details
    assert f'"person": {world.edu_deputy.pk}' in details
    assert page.locator("dl.dl-pz .badge").inner_text() == "通过"

    page.click("text=全链校验")
    page.wait_for_load_state()
    page.click("button:has-text('立即校验')")
    page.wait_for_load_state()
    assert "审计链完整" in page.locator(".alert-success").inner_text()
    page.goto("/audit/verify/")
    assert "，auditor，审计链完整，共" in page.locator(".alert-secondary").inner_text()  # the last run, in one sentence
    page.goto("/audit/?action=audit.verified")
    assert page.locator("table.table-pz tbody tr").count() == 1
    assert console_errors == []


def test_a_tampered_entry_fails_verification_on_screen(page, login, world, console_errors):
    declare_relation(world.users.zu4, RelationDeclaration.Kind.OTHER, unit=world.water, note="曾在该局工作")
    entry = AuditEntry.objects.get(action="recusal.declared")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the append-only trigger refuses this, as it should
            cursor.execute("SET session_replication_role = replica")
        AuditEntry.objects.filter(pk=entry.pk).update(details={**entry.details, "unit": world.edu.pk})
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")

    login(page, "auditor")
    page.goto(f"/audit/{entry.pk}/")
    assert page.locator("dl.dl-pz .badge").inner_text() == "未通过"
    assert "详情与详情摘要不一致" in page.locator("dl.dl-pz").inner_text()
    page.goto("/audit/verify/")
    page.click("button:has-text('立即校验')")
    page.wait_for_load_state()
    failure = page.locator(".alert-danger").inner_text()
    assert f"审计链校验未通过：第 {entry.seq} 条记录" in failure
    assert "请立即报告安全保密管理员" in failure
    assert console_errors == []


def test_other_roles_do_not_learn_the_trail_exists(page, login, world, console_errors):
    login(page, "secadmin")
    assert "审计日志" not in page.locator(".sidenav").inner_text()
    response = page.goto("/audit/")
    assert response.status == 404
    assert page.locator(".page-header h1").inner_text() == "未找到"
    assert [error for error in console_errors if "404" not in error] == []


def test_export_asks_for_the_code_again_and_downloads_the_filtered_list(page, login, world, console_errors, tmp_path):
    declare_relation(world.users.zu4, RelationDeclaration.Kind.RELATIVE, person=world.edu_deputy)
    login(page, "auditor")
    # Ten minutes later: the code entered at login no longer covers an export.
    session_key = next(c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = SessionStore(session_key)
    session[OTP_AT_SESSION_KEY] = time.time() - 600
    session.save()

    page.goto("/audit/?action=recusal.declared")
    page.click("text=导出 Excel")
    page.wait_for_load_state()
    assert "/accounts/otp/" in page.url
    assert page.locator("h1").inner_text() == "再次验证身份"
    device = TOTPDevice.objects.get(user=world.users.auditor)
    step = max(int(time.time() - device.t0) // device.step, device.last_t + 1)
    page.fill("input[name=token]", totp_token(device.bin_key, device.t0 + step * device.step))
    with page.expect_download() as download:
        page.click("button:has-text('验证')")
    assert download.value.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    sheet = load_workbook(saved).active
    codes = {row[5] for row in sheet.iter_rows(values_only=True)}
    assert "recusal.declared" in codes
    assert not codes & {"auth.login_succeeded", "audit.viewed"}  # only what the filter selected
    assert AuditEntry.objects.filter(action="audit.exported", actor=world.users.auditor).count() == 1
    # Chromium reports a navigation that turns into a download as an aborted request.
    assert [error for error in console_errors if "/audit/export/" not in error] == []


def test_bulk_viewing_raises_an_alert_the_auditor_sees_first(page, login, world, settings, console_errors):
    settings.BULK_VIEW_ALERT_COUNT = 2
    for clue_id in (101, 102, 103):  # three different clues within minutes: over the threshold of two
        record(world.users.zu4, "clue.viewed", ("clues.clue", clue_id))
    login(page, "auditor")
    page.goto("/audit/")
    panel = page.locator(".alert-danger", has_text="近 7 日安全告警")
    assert "zu4在 10 分钟内查看的“问题线索”超过 2 个" in panel.inner_text()

    page.check("input[name=alerts]")
    page.click("button:has-text('查询')")
    page.wait_for_load_state()
    rows = page.locator("table.table-pz tbody tr")
    assert rows.count() == 1
    assert rows.first.locator(".badge").inner_text() == "告警"
    assert "table-danger" in rows.first.get_attribute("class")
    assert console_errors == []
