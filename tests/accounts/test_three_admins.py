"""三员分立 held by more than one person: a 三员 role and a business role never sit on the same user,
and nobody edits their own account (issue 8)."""

import pytest

from paizhu.accounts import services
from paizhu.accounts.models import RoleGrant
from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.roles import Role
from tests.fixtures import make_user

from .conftest import login


def _state(user):
    return (
        sorted(RoleGrant.objects.filter(user=user).values_list("role", "revoked_at")),
        AuditEntry.objects.filter(action="grant.created").count(),
    )


def test_security_admin_cannot_make_the_system_administrator_a_commission_leader(world):
    sysadmin = world.users.sysadmin
    before = _state(sysadmin)
    with pytest.raises(DomainError, match="三员分立") as error:
        services.grant_role(world.users.secadmin, sysadmin, Role.COMMISSION_LEADER, world.city)
    assert error.value.field == "role"
    assert "系统管理员" in error.value.message and "委领导" in error.value.message
    assert _state(sysadmin) == before, "nothing granted, nothing audited as granted"


def test_security_admin_cannot_give_the_auditor_a_group_role(world):
    auditor = world.users.auditor
    before = _state(auditor)
    with pytest.raises(DomainError, match="三员分立") as error:
        services.grant_role(world.users.secadmin, auditor, Role.GROUP_MEMBER, world.g4)
    assert error.value.field == "role"
    assert _state(auditor) == before


def test_security_admin_cannot_make_a_group_leader_the_auditor(world):
    zu4 = world.users.zu4
    before = _state(zu4)
    with pytest.raises(DomainError, match="三员分立") as error:
        services.grant_role(world.users.secadmin, zu4, Role.SECURITY_AUDITOR)
    assert error.value.field == "role"
    assert "组长（第四纪检监察组）" in error.value.message
    assert _state(zu4) == before


@pytest.mark.parametrize("business", [Role.LIAISON, Role.PARTY_SECRETARY])
def test_unit_roles_are_business_roles_too(world, business):
    with pytest.raises(DomainError, match="三员分立"):
        services.grant_role(world.users.secadmin, world.users.sysadmin, business, world.edu)
    with pytest.raises(DomainError, match="三员分立"):
        services.grant_role(world.users.secadmin, world.users.shuji, Role.SYSTEM_ADMIN)


def test_the_installer_path_obeys_the_rule_too(world):
    with pytest.raises(DomainError, match="三员分立"):
        services.bootstrap_grant(world.users.auditor, Role.CASE_REVIEW, world.city)


def test_a_revoked_business_role_does_not_count(world):
    secadmin = world.users.secadmin
    leaver = make_user("leaver", Role.GROUP_MEMBER, world.g2)
    services.revoke_grant(secadmin, RoleGrant.objects.get(user=leaver), "调离派驻机构，转任安全审计员")
    grant = services.grant_role(secadmin, leaver, Role.SECURITY_AUDITOR)
    assert grant.role == Role.SECURITY_AUDITOR
    with pytest.raises(DomainError, match="三员分立"):
        services.grant_role(secadmin, leaver, Role.GROUP_MEMBER, world.g2)


def test_business_roles_still_combine_and_three_admins_still_stay_apart(world):
    secadmin = world.users.secadmin
    services.grant_role(secadmin, world.users.zu4, Role.LIAISON, world.edu)
    with pytest.raises(DomainError, match="不能兼任"):
        services.grant_role(secadmin, world.users.auditor, Role.SYSTEM_ADMIN)


def test_the_grant_form_shows_the_refusal_at_the_role_field(client, world, verified_login):
    verified_login(world.users.secadmin)
    sysadmin = world.users.sysadmin
    response = client.post(
        "/accounts/grants/new/",
        {"user": sysadmin.pk, "role": Role.COMMISSION_LEADER, "commission": world.city.pk, "note": "试图兼任"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "三员分立" in " ".join(form.errors["role"])
    html = response.content.decode()
    assert "三员分立" in html and "is-invalid" in html
    assert not RoleGrant.objects.filter(user=sysadmin, role=Role.COMMISSION_LEADER).exists()


# ---------------------------------------------------------------- nobody edits their own account


def test_the_system_administrator_cannot_rename_their_own_account(client, world):
    sysadmin = world.users.sysadmin
    with pytest.raises(PermissionDenied, match="不能对自己的账户"):
        services.update_user(sysadmin, sysadmin, full_name="冒名顶替")
    sysadmin.refresh_from_db()
    assert sysadmin.full_name == "sysadmin"
    assert not AuditEntry.objects.filter(action="user.updated").exists()


def test_the_own_account_page_offers_no_edit_and_refuses_a_post(client, world):
    sysadmin = world.users.sysadmin
    login(client, sysadmin)
    html = client.get(f"/accounts/users/{sysadmin.pk}/").content.decode()
    assert "保存</button>" not in html and 'name="full_name"' not in html
    response = client.post(f"/accounts/users/{sysadmin.pk}/", {"full_name": "冒名顶替", "person_name": ""})
    assert response.status_code in (200, 403)
    sysadmin.refresh_from_db()
    assert sysadmin.full_name == "sysadmin"
    # Another account still has its form.
    other = client.get(f"/accounts/users/{world.users.lianluo.pk}/").content.decode()
    assert "保存</button>" in other and 'name="full_name"' in other


def test_the_system_administrator_cannot_change_their_own_state(world):
    sysadmin = world.users.sysadmin
    with pytest.raises(PermissionDenied, match="不能对自己的账户"):
        services.set_user_active(sysadmin, sysadmin, False)
    sysadmin.refresh_from_db()
    assert sysadmin.is_active


def test_the_grants_list_offers_revoke_only_where_the_service_allows(client, world, verified_login):
    verified_login(world.users.secadmin)
    html = client.get("/accounts/grants/").content.decode()
    own = RoleGrant.objects.get(user=world.users.secadmin)
    other = RoleGrant.objects.get(user=world.users.zu4a)
    assert f"/accounts/grants/{own.pk}/revoke/" not in html
    assert f"/accounts/grants/{other.pk}/revoke/" in html
    assert not services.can_revoke(world.users.secadmin, own)
    assert services.can_revoke(world.users.secadmin, other)
    assert not services.can_revoke(world.users.auditor, other)


def test_the_demo_logins_load_and_keep_the_three_administrators_apart(db, settings, tmp_path):
    from paizhu.accounts.demo import USERNAMES
    from paizhu.core import demo
    from paizhu.core.roles import THREE_ADMINS

    settings.DEMO_MODE = True
    settings.DATA_KEY_FILE = tmp_path / "data.key"
    demo.run(("paizhu.org.demo", "paizhu.accounts.demo"))
    grants = RoleGrant.objects.active().filter(user__username__in=USERNAMES)
    roles_by_user: dict[str, set[str]] = {}
    for username, role in grants.values_list("user__username", "role"):
        roles_by_user.setdefault(username, set()).add(role)
    assert set(roles_by_user) == set(USERNAMES)
    for username, roles in roles_by_user.items():
        assert not (roles & THREE_ADMINS and roles - THREE_ADMINS), username
        assert len(roles & THREE_ADMINS) <= 1, username
