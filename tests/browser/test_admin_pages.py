"""三员 pages: the system administrator's users, the security administrator's grants, passwords."""

from paizhu.accounts.models import RoleGrant, User
from paizhu.audit.models import AuditEntry
from tests.fixtures import PASSWORD, make_user

NEW_PASSWORD = "Jianglin#2026-anquan"  # noqa: S105


def logout(page) -> None:
    page.click(".topbar button:has-text('退出')")
    page.wait_for_load_state()


def nav_labels(page) -> set[str]:
    return {label.strip() for label in page.locator(".sidenav .nav-link").all_inner_texts()}


def test_system_administrator_creates_a_user_after_fixing_the_form(page, login, world, console_errors):
    login(page, "sysadmin")
    page.click(".sidenav >> text=用户管理")
    page.wait_for_load_state()
    page.click("text=新建用户")
    page.wait_for_load_state()
    page.fill("input[name=username]", "sumingyuan")
    page.fill("input[name=full_name]", "苏明远")
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD + "x")
    page.click("button:has-text('创建用户')")
    page.wait_for_load_state()
    assert "确认密码：两次输入的密码不一致。" in page.locator(".alert-danger").inner_text()
    assert "两次输入的密码不一致" in page.locator(".invalid-feedback").inner_text()
    assert page.input_value("input[name=username]") == "sumingyuan"  # nothing typed is lost

    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.click("button:has-text('创建用户')")
    page.wait_for_load_state()
    assert "已创建用户“sumingyuan”" in page.locator(".alert-success").inner_text()
    assert "苏明远" in page.locator("input[name=full_name]").input_value()

    page.goto("/accounts/users/?q=苏明远")
    rows = page.locator("table.table-pz tbody tr")
    assert rows.count() == 1
    assert "sumingyuan" in rows.first.inner_text()
    assert "正常" in rows.first.inner_text()
    assert User.objects.get(username="sumingyuan").must_change_password
    assert console_errors == []


def test_security_administrator_grants_a_role_and_the_grantee_navigation_changes(page, login, world, console_errors):
    make_user("sumingyuan", full_name="苏明远")
    login(page, "sumingyuan")
    assert "尚未被授予任何角色" in page.locator(".content").inner_text()
    assert "干部名册" not in nav_labels(page)
    logout(page)

    login(page, "secadmin")
    page.click(".sidenav >> text=角色授权")
    page.wait_for_load_state()
    page.click("text=授予角色")
    page.wait_for_load_state()
    page.select_option("select[name=user]", label="苏明远（sumingyuan）")
    page.select_option("select[name=role]", "liaison")
    page.select_option("select[name=unit]", label="测试市教育局")
    page.fill("input[name=note]", "测教党〔2026〕12号")
    page.click("button:has-text('授予')")
    page.wait_for_load_state()
    assert "已授予“苏明远”角色：联络员（测试市教育局）" in page.locator(".alert-success").inner_text()
    row = page.locator("table.table-pz tbody tr").first
    assert "测教党〔2026〕12号" in row.inner_text()
    assert row.locator(".badge").inner_text() == "有效"
    logout(page)

    login(page, "sumingyuan")
    assert "干部名册" in nav_labels(page)
    assert "联络员（测试市教育局）" in page.locator(".topbar").inner_text()
    assert console_errors == []


def test_security_administrator_revokes_a_role_with_a_reason(page, login, world, console_errors):
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "secadmin")
    page.goto("/accounts/grants/?q=zu4a")
    page.locator("table.table-pz tbody tr").first.locator("text=撤销").click()
    page.wait_for_load_state()
    page.click("button:has-text('撤销角色')")
    page.wait_for_load_state()
    assert "撤销原因" in page.locator(".alert-danger").inner_text()  # the reason is required
    page.fill("[name=reason]", "调离第四纪检监察组")
    page.click("button:has-text('撤销角色')")
    page.wait_for_load_state()
    assert "已撤销“zu4a”的角色：组员（第四纪检监察组）" in page.locator(".alert-success").inner_text()
    page.goto("/accounts/grants/?q=zu4a&status=revoked")
    assert "调离第四纪检监察组" in page.locator("table.table-pz tbody tr").first.inner_text()
    assert not RoleGrant.objects.filter(user=world.users.zu4a, revoked_at__isnull=True).exists()
    assert console_errors == []


def test_a_reset_password_must_be_changed_at_the_next_login(page, login, world, console_errors):
    page.on("dialog", lambda dialog: dialog.accept())
    temporary = "Linshi#2026-mima"  # noqa: S105
    login(page, "sysadmin")
    page.goto(f"/accounts/users/{world.users.lianluo.pk}/")
    page.click("a:has-text('重置密码')")
    page.wait_for_load_state()
    page.fill("input[name=password1]", temporary)
    page.fill("input[name=password2]", temporary)
    page.click("button:has-text('重置密码')")
    page.wait_for_load_state()
    assert "已重置“lianluo”的密码" in page.locator(".alert-success").inner_text()
    logout(page)

    login(page, "lianluo", temporary)
    assert "/accounts/password/" in page.url
    assert "须先修改密码" in page.locator(".alert-warning").inner_text()
    page.goto("/org/people/")  # nothing else opens before the change
    assert "/accounts/password/" in page.url
    page.fill("input[name=old_password]", "wrong-password-0")
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("button:has-text('修改密码')")
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback").count() >= 1
    assert "旧密码" in page.locator(".alert-danger").inner_text()
    page.fill("input[name=old_password]", temporary)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("button:has-text('修改密码')")
    page.wait_for_load_state()
    assert "密码已修改" in page.locator(".alert-success").inner_text()
    page.goto("/org/people/")
    assert page.locator(".page-header h1").inner_text() == "干部名册"
    assert console_errors == []


def attempt_login(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_repeated_wrong_passwords_lock_the_account_until_the_administrator_unlocks_it(
    page, login, world, settings, console_errors
):
    page.on("dialog", lambda dialog: dialog.accept())
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt_login(page, "lianluo", "wrong-password-0")
        assert "用户名或密码错误" in page.locator("main").inner_text()
    attempt_login(page, "lianluo", "wrong-password-0")
    assert "账户已临时锁定" in page.locator("h1").inner_text()
    attempt_login(page, "lianluo", PASSWORD)  # the right password does not help while locked
    assert "账户已临时锁定" in page.locator("h1").inner_text()

    login(page, "sysadmin")
    page.goto(f"/accounts/users/{world.users.lianluo.pk}/")
    assert "登录锁定" in page.locator(".page-header h1").inner_text()
    page.click("button:has-text('解除锁定')")
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1
    assert "正常" in page.locator(".page-header h1").inner_text()
    logout(page)

    login(page, "lianluo")
    assert page.locator(".page-header h1").inner_text() == "我的待办"
    assert [error for error in console_errors if "/accounts/login/" not in error] == []


def test_a_deactivated_account_cannot_log_in(page, login, world, console_errors):
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "sysadmin")
    page.goto(f"/accounts/users/{world.users.lianluo.pk}/")
    page.click("button:has-text('停用账户')")
    page.wait_for_load_state()
    assert "已停用" in page.locator(".page-header h1").inner_text()
    assert page.locator("button:has-text('启用账户')").is_visible()
    logout(page)

    attempt_login(page, "lianluo", PASSWORD)
    assert "/accounts/login/" in page.url
    # The same answer as a wrong password: a guesser does not learn which accounts exist or are switched off.
    assert "用户名或密码错误" in page.locator("main").inner_text()
    assert console_errors == []


def test_the_auditor_reads_grants_but_cannot_change_them(page, login, world, console_errors):
    login(page, "auditor")
    page.click(".sidenav >> text=角色授权")
    page.wait_for_load_state()
    assert "只读：角色的授予和撤销由安全保密管理员办理" in page.locator("main").inner_text()
    assert page.locator("text=授予角色").count() == 0
    assert page.locator("table.table-pz a:has-text('撤销')").count() == 0
    page.select_option("#f-role", "group_leader")
    page.click("button:has-text('查询')")
    page.wait_for_load_state()
    users = {text.split()[-1] for text in page.locator("table.table-pz tbody td:nth-child(2)").all_inner_texts()}
    assert users == {"zu4", "zu2"}
    assert page.goto("/accounts/grants/new/").status == 403  # the auditor knows grants exist: refused, not hidden
    assert page.locator(".page-header h1").inner_text() == "无权访问"
    assert [error for error in console_errors if "403" not in error] == []


def test_system_administrator_enters_a_workday_override_in_the_configuration_site(page, login, world, console_errors):
    login(page, "sysadmin")
    page.click(".sidenav >> text=系统配置")
    page.wait_for_load_state()
    assert page.locator("#site-name").inner_text() == "派驻监督工作平台 · 系统配置"
    assert page.locator("#content h1").inner_text() == "配置项"
    page.click("text=工作日调整")
    page.wait_for_load_state()
    page.click("text=增加 工作日调整")
    page.wait_for_load_state()
    page.fill("input[name=date]", "2027-02-20")
    page.select_option("select[name=kind]", "workday")
    page.fill("input[name=note]", "春节调休上班")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert "成功" in page.locator(".messagelist").inner_text()
    assert "春节调休上班" in page.locator("#result_list").inner_text()
    assert AuditEntry.objects.filter(actor=world.users.sysadmin, object_type="core.workdayoverride").exists()
    assert console_errors == []  # the admin's own scripts run under the platform's CSP
