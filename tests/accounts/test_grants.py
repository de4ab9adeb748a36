"""安全保密管理员 grants and revokes roles (never their own); 安全审计员 reads the list."""

import pytest

from paizhu.accounts import services
from paizhu.accounts.models import RoleGrant
from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.roles import Role
from tests.fixtures import make_user


@pytest.fixture
def sec_client(client, world, verified_login):
    verified_login(world.users.secadmin)
    return client


def grant(client, user, role, **scope):
    data = {
        "user": user.pk,
        "role": role,
        "commission": "",
        "group": "",
        "unit": "",
        "note": "市纪委组织部〔2026〕12号",
    }
    data.update({k: v.pk for k, v in scope.items()})
    return client.post("/accounts/grants/new/", data)


def test_grant_a_group_role_through_the_page(sec_client, world):
    newcomer = make_user("xinren", full_name="新人")
    page = sec_client.get("/accounts/grants/new/")
    html = page.content.decode()
    assert "新人（xinren）" in html and "data-scope-map" in html and "paizhu/accounts.js" in html
    assert "（secadmin）" not in html, "nobody is offered themselves"
    response = grant(sec_client, newcomer, Role.GROUP_MEMBER, group=world.g4, unit=world.edu)
    assert response.status_code == 302
    created = RoleGrant.objects.get(user=newcomer)
    assert (created.role, created.group, created.unit, created.granted_by) == (
        Role.GROUP_MEMBER,
        world.g4,
        None,
        world.users.secadmin,
    )
    entry = AuditEntry.objects.get(action="grant.created", actor=world.users.secadmin)
    assert entry.details == {"user": "xinren", "role": "group_member", "scope": "第四纪检监察组"}


@pytest.mark.parametrize(
    ("role", "scope_field", "label"),
    [
        (Role.CASE_REVIEW, "commission", "纪委监委"),
        (Role.GROUP_LEADER, "group", "派驻纪检监察组"),
        (Role.LIAISON, "unit", "驻在部门"),
    ],
)
def test_the_scope_object_follows_the_role(sec_client, world, role, scope_field, label):
    newcomer = make_user("xinren")
    html = grant(sec_client, newcomer, role).content.decode()
    assert f"须选择{label}" in html
    scope = {"commission": world.city, "group": world.g2, "unit": world.water}[scope_field]
    assert grant(sec_client, newcomer, role, **{scope_field: scope}).status_code == 302
    assert RoleGrant.objects.get(user=newcomer).scope_object == scope


def test_system_roles_take_no_scope_and_three_admins_stay_apart(sec_client, world):
    newcomer = make_user("xinren")
    assert grant(sec_client, newcomer, Role.SECURITY_AUDITOR, group=world.g4).status_code == 302
    assert RoleGrant.objects.get(user=newcomer).scope_object is None
    html = grant(sec_client, newcomer, Role.SYSTEM_ADMIN).content.decode()
    assert "三员分立：xinren已是安全审计员，不能兼任系统管理员。" in html


def test_nobody_grants_to_themselves_in_the_ui(sec_client, world):
    secadmin = world.users.secadmin
    html = grant(sec_client, secadmin, Role.SECURITY_AUDITOR).content.decode()
    assert "请修改以下问题后重新提交" in html
    assert RoleGrant.objects.filter(user=secadmin).count() == 1
    with pytest.raises(PermissionDenied, match="不能为自己授予角色"):
        services.grant_role(secadmin, secadmin, Role.SECURITY_AUDITOR)


def test_revoke_with_a_reason(sec_client, world):
    target = RoleGrant.objects.get(user=world.users.zu4a)
    page = sec_client.get(f"/accounts/grants/{target.pk}/revoke/")
    assert "组员（第四纪检监察组）" in page.content.decode()
    html = sec_client.post(f"/accounts/grants/{target.pk}/revoke/", {"reason": ""}).content.decode()
    assert "请填写撤销原因。" in html
    response = sec_client.post(f"/accounts/grants/{target.pk}/revoke/", {"reason": "调离派驻机构"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.revoked_at and target.revoked_by == world.users.secadmin and target.revoke_reason == "调离派驻机构"
    assert AuditEntry.objects.get(action="grant.revoked").details["note"] == "调离派驻机构"
    html = sec_client.get("/accounts/grants/?status=revoked").content.decode()
    assert "共 1 条" in html and "调离派驻机构" in html
    html = sec_client.post(f"/accounts/grants/{target.pk}/revoke/", {"reason": "再次"}).content.decode()
    assert "该授权已于" in html


def test_nobody_revokes_their_own_grant_in_the_ui(sec_client, world):
    own = RoleGrant.objects.get(user=world.users.secadmin)
    assert sec_client.get(f"/accounts/grants/{own.pk}/revoke/").status_code == 404
    assert sec_client.post(f"/accounts/grants/{own.pk}/revoke/", {"reason": "试图自行撤销"}).status_code == 404
    own.refresh_from_db()
    assert own.revoked_at is None
    with pytest.raises(PermissionDenied, match="不能撤销自己的角色"):
        services.revoke_grant(world.users.secadmin, own, "试图自行撤销")


def test_revoked_role_is_gone_on_the_next_request(client, sec_client, world, verified_login):
    from django.test import Client

    zu4a_client = Client()
    verified_login(world.users.zu4a, zu4a_client)
    assert zu4a_client.get("/org/people/").status_code == 200
    target = RoleGrant.objects.get(user=world.users.zu4a)
    services.revoke_grant(world.users.secadmin, target, "调离")
    html = zu4a_client.get("/").content.decode()
    assert "您的账户尚未被授予任何角色" in html


def test_list_filters_and_query_count(sec_client, world, django_assert_max_num_queries):
    for i in range(25):
        services.grant_role(world.users.secadmin, make_user(f"m{i:02d}"), Role.GROUP_MEMBER, world.g2)
    with django_assert_max_num_queries(12):
        html = sec_client.get("/accounts/grants/").content.decode()
    assert "共 38 条" in html and "授予角色" in html and "下一页" in html
    assert "共 26 条" in sec_client.get("/accounts/grants/?role=group_member").content.decode()
    assert "共 1 条" in sec_client.get("/accounts/grants/?q=zu4a").content.decode()


def test_auditor_reads_the_list_without_actions(client, world, verified_login):
    verified_login(world.users.auditor)
    html = client.get("/accounts/grants/").content.decode()
    assert "共 13 条" in html and "只读" in html
    assert "授予角色</a>" not in html and "/revoke/" not in html
    assert client.get("/accounts/grants/new/").status_code == 403
    target = RoleGrant.objects.get(user=world.users.zu4a)
    assert client.post(f"/accounts/grants/{target.pk}/revoke/", {"reason": "x"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.revoke_grant(world.users.auditor, target, "x")


@pytest.mark.parametrize("name", ["sysadmin", "wei", "shuji"])
def test_others_see_no_grants(client, world, verified_login, name):
    verified_login(getattr(world.users, name))
    assert client.get("/accounts/grants/").status_code == 403
    assert client.get("/accounts/grants/new/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.grant_role(getattr(world.users, name), make_user("xr"), Role.LIAISON, world.edu)


def test_inactive_users_get_no_grants(world):
    sleeper = make_user("sleeper")
    sleeper.is_active = False
    sleeper.save()
    with pytest.raises(DomainError, match="已停用"):
        services.grant_role(world.users.secadmin, sleeper, Role.LIAISON, world.edu)
