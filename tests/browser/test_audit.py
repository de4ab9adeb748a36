"""The security auditor's pages: filter the trail, read an entry, verify the chain (and see it fail when tampered)."""

from django.db import connection

from paizhu.access.models import RelationDeclaration
from paizhu.access.services import declare_relation
from paizhu.audit.models import AuditEntry


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
