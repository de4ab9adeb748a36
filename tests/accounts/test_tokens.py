"""API tokens: made by the security administrator, shown once, stored as a digest, expiring, revocable,
each use audited like a session login, listed on the security administrator's page."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from freezegun import freeze_time

from paizhu.accounts import tokens
from paizhu.accounts.models import ApiToken
from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError, PermissionDenied
from tests.fixtures import sign_in

PEOPLE = "/api/v1/org/people"


def _create(world, user=None, days=90):
    return tokens.create_token(world.users.secadmin, user or world.users.zu4, days=days, note="统计数据对接")


def _get(text, url=PEOPLE):
    return Client().get(url, headers={"Authorization": f"Bearer {text}"})


def test_the_command_prints_the_token_once_and_keeps_only_its_digest(world):
    out, err = StringIO(), StringIO()
    call_command(
        "token",
        "create",
        "zu4",
        "--expires",
        "90d",
        "--by",
        "secadmin",
        "--note",
        "统计数据对接",
        stdout=out,
        stderr=err,
    )
    text = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert text.startswith("pz_") and len(text) > 40
    assert token.digest == hashlib.sha256(text.encode()).hexdigest() and text not in token.digest
    assert token.user == world.users.zu4 and token.created_by == world.users.secadmin
    assert "只显示这一次" in err.getvalue()
    assert 89 <= (token.expires_at - token.created_at).days <= 90
    listed = StringIO()
    call_command("token", "list", stdout=listed)
    assert token.prefix in listed.getvalue() and text not in listed.getvalue() and "从未使用" in listed.getvalue()
    entry = AuditEntry.objects.filter(action="token.created").get()
    assert entry.actor == world.users.secadmin and text not in str(entry.details)


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["zu4", "--expires", "400d", "--by", "secadmin"], "1–365"),
        (["zu4", "--expires", "soon", "--by", "secadmin"], "90d"),
        (["zu4", "--expires", "90d", "--by", "sysadmin"], "安全保密管理员"),  # 三员分立
        (["secadmin", "--expires", "90d", "--by", "secadmin"], "不能为自己"),
        (["nobody", "--expires", "90d", "--by", "secadmin"], "不存在"),
    ],
)
def test_the_command_refuses_in_chinese(world, args, problem):
    with pytest.raises(CommandError, match=problem):
        call_command("token", "create", *args, "--note", "对接", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


def test_only_the_security_administrator_makes_a_token(world):
    with pytest.raises(PermissionDenied):
        tokens.create_token(world.users.sysadmin, world.users.zu4, days=30, note="对接")
    with pytest.raises(DomainError, match="用途"):
        tokens.create_token(world.users.secadmin, world.users.zu4, days=30, note=" ")


def test_a_token_reads_in_its_users_scope_and_the_first_use_is_a_login(world):
    _, text = _create(world)
    response = _get(text)
    assert response.status_code == 200
    names = {p["name"] for p in response.json()["items"]}
    assert "王建国" in names and "陈志强" not in names  # zu4's scope, as on the pages (test_api)
    login = AuditEntry.objects.filter(action="auth.login").latest("seq")
    assert login.actor == world.users.zu4 and login.details["method"] == "token" and login.role == "group_leader"
    assert _get(text).status_code == 200
    assert (
        AuditEntry.objects.filter(action="auth.login", actor=world.users.zu4).count() == 1
    )  # one login, not one per call
    assert ApiToken.objects.get().last_used_at is not None
    listed = AuditEntry.objects.filter(action="person.listed").latest("seq")
    assert listed.actor == world.users.zu4 and listed.details["channel"] == "api"


def test_a_token_used_again_after_the_idle_time_is_a_new_login(world, settings):
    _, text = _create(world)
    with freeze_time("2026-04-01 09:00:00+08:00"):
        _get(text)
    with freeze_time("2026-04-01 09:05:00+08:00"):
        _get(text)
    with freeze_time("2026-04-01 12:00:00+08:00"):
        _get(text)
    assert AuditEntry.objects.filter(action="auth.login", actor=world.users.zu4).count() == 2


def test_an_expired_token_is_refused_and_the_refusal_audited(world):
    with freeze_time("2026-04-01 09:00:00+08:00"):
        _, text = _create(world, days=30)
        assert _get(text).status_code == 200
    with freeze_time("2026-05-01 09:00:01+08:00"):
        response = _get(text)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
    failed = AuditEntry.objects.filter(action="auth.login_failed").latest("seq")
    assert failed.details["reason"] == "expired" and failed.details["method"] == "token"


def test_a_revoked_token_is_refused_at_once(world):
    token, text = _create(world)
    assert _get(text).status_code == 200
    call_command("token", "revoke", str(token.pk), "--by", "secadmin", "--reason", "对接停止", stdout=StringIO())
    assert _get(text).status_code == 401
    assert AuditEntry.objects.filter(action="auth.login_failed").latest("seq").details["reason"] == "revoked"
    with pytest.raises(DomainError, match="已撤销"):
        tokens.revoke_token(world.users.secadmin, token, "再撤一次")


def test_a_deactivated_user_s_token_and_a_made_up_token_are_refused(world):
    _, text = _create(world)
    world.users.zu4.is_active = False
    world.users.zu4.save()
    assert _get(text).status_code == 401
    assert _get("pz_" + "x" * 43).status_code == 401
    assert AuditEntry.objects.filter(action="auth.login_failed").latest("seq").details["reason"] == "unknown_token"
    assert _get("not-a-token").status_code == 401


def test_the_security_administrator_lists_and_revokes_tokens_on_their_page(world):
    token, text = _create(world)
    _get(text)
    admin = sign_in(Client(), world.users.secadmin)
    page = admin.get("/accounts/tokens/").content.decode()
    assert token.prefix in page and "统计数据对接" in page and "有效" in page and text not in page
    assert "从未使用" not in page  # its last use is shown
    response = admin.post(f"/accounts/tokens/{token.pk}/revoke/", {"reason": ""})
    assert "请填写撤销原因" in response.content.decode()
    admin.post(f"/accounts/tokens/{token.pk}/revoke/", {"reason": "调离岗位"})
    assert "已撤销" in admin.get("/accounts/tokens/?status=revoked").content.decode()
    assert _get(text).status_code == 401


@pytest.mark.parametrize("role", ["auditor", "sysadmin", "zu4", "wei"])
def test_others_do_not_revoke_tokens(world, role):
    token, _ = _create(world, user=world.users.zu4a)
    client = sign_in(Client(), getattr(world.users, role))
    listing = client.get("/accounts/tokens/")
    assert listing.status_code == (200 if role == "auditor" else 403)  # the auditor reads, as for grants
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/", {"reason": "x"}).status_code in {403, 404}
    token.refresh_from_db()
    assert token.revoked_at is None


def test_expiry_is_enforced_to_the_second(world):
    with freeze_time("2026-04-01 09:00:00+08:00"):
        token, text = _create(world, days=1)
    assert token.expires_at == datetime.datetime(2026, 4, 2, 1, 0, tzinfo=datetime.UTC)
    with freeze_time("2026-04-02 08:59:59+08:00"):
        assert _get(text).status_code == 200
    with freeze_time("2026-04-02 09:00:00+08:00"):
        assert _get(text).status_code == 401


def test_a_token_reads_the_schema_outside_demo_mode_and_a_revoked_one_does_not(world, settings):
    settings.DEMO_MODE = False
    token, text = _create(world)
    assert _get(text, "/api/v1/openapi.json").json()["info"]["title"] == "派驻监督工作平台接口"
    tokens.revoke_token(world.users.secadmin, token, "停用")
    assert _get(text, "/api/v1/openapi.json").status_code == 401
