"""/admin/ is the system administrator's configuration site: acting role decides, not is_staff."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from paizhu.accounts.admin import SystemAdminSite
from paizhu.accounts.models import RoleGrant, User
from paizhu.core.models import WorkdayOverride

from .conftest import login


def test_the_default_site_is_the_system_administrators():
    assert isinstance(admin.site, SystemAdminSite)


def test_only_platform_configuration_models_are_registered():
    registered = set(admin.site._registry)
    assert WorkdayOverride in registered
    assert not {Group, TOTPDevice, User, RoleGrant} & registered
    assert all(model.__module__.startswith("paizhu.") for model in registered)


def test_system_administrator_enters_without_staff_or_superuser(client, world):
    sysadmin = world.users.sysadmin
    assert not sysadmin.is_staff and not sysadmin.is_superuser
    login(client, sysadmin)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "派驻监督工作平台 · 系统配置" in index.content.decode()
    assert client.get("/admin/core/workdayoverride/").status_code == 200
    assert client.get("/admin/core/workdayoverride/add/").status_code == 200
    assert client.get("/admin/auth/group/").status_code == 404
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert sysadmin.has_perm("core.change_workdayoverride")
    assert not sysadmin.has_perm("accounts.change_user")


def test_system_administrator_changes_are_audited(client, world):
    login(client, world.users.sysadmin)
    response = client.post(
        "/admin/core/workdayoverride/add/", {"date": "2027-10-09", "kind": "workday", "note": "国庆调休上班"}
    )
    assert response.status_code == 302
    assert WorkdayOverride.objects.get(date=datetime.date(2027, 10, 9)).created_by == world.users.sysadmin


@pytest.mark.parametrize("name", ["shuji", "lianluo"])
def test_other_roles_are_refused(client, world, name):
    login(client, getattr(world.users, name))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    refused = client.get(response["Location"])
    assert refused.status_code == 403
    assert "系统配置仅限系统管理员使用" in refused.content.decode()
    assert client.get("/admin/core/workdayoverride/").status_code == 302


def test_staff_flag_alone_does_not_open_the_site(client, world):
    shuji = world.users.shuji
    shuji.is_staff = True
    shuji.save()
    login(client, shuji)
    assert client.get("/admin/").status_code == 302


def test_anonymous_users_go_to_the_platform_login(client, db):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"


def test_acting_role_decides(client, world):
    # A 三员 role sits on no one who holds another role (三员分立), so "acting as" is tested by revocation:
    # the open session loses the site at its next request, whatever the user's flags.
    from paizhu.accounts.models import RoleGrant
    from paizhu.accounts.services import revoke_grant

    sysadmin = world.users.sysadmin
    login(client, sysadmin)
    assert client.get("/admin/").status_code == 200
    revoke_grant(world.users.secadmin, RoleGrant.objects.get(user=sysadmin), "调离信息中心")
    assert client.get("/admin/").status_code == 302


def test_admin_password_change_is_the_platforms(client, world):
    login(client, world.users.sysadmin)
    assert client.get("/admin/password_change/")["Location"] == "/accounts/password/"
