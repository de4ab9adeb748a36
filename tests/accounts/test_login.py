import datetime

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from freezegun import freeze_time

from paizhu.audit.models import AuditEntry
from tests.fixtures import PASSWORD

from .conftest import login

WRONG = "not-the-password-1234"


def fail(client, username, times=1):
    response = None
    for _ in range(times):
        response = client.post("/accounts/login/", {"username": username, "password": WRONG})
    return response


def actions():
    return list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))


def test_login_page_is_chinese(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "用户登录" in response.content.decode()


def test_wrong_password_shows_chinese_error_and_is_audited_without_the_password(client, world):
    response = fail(client, "zu4")
    html = response.content.decode()
    assert response.status_code == 200
    assert "用户名或密码错误。连续失败 5 次将锁定账户 15 分钟。" in html
    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert entry.actor is None
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(world.users.zu4.pk))
    assert entry.details == {"username": "zu4"}
    assert WRONG not in str(entry.details)
    assert all(WRONG not in (a.post_data or "") for a in AccessAttempt.objects.all())


def test_failed_login_of_unknown_username_keeps_only_the_typed_name(client, db):
    fail(client, "nobody-here")
    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert (entry.object_type, entry.object_id) == ("", "")
    assert entry.details == {"username": "nobody-here"}


def test_five_failures_lock_the_account_even_for_the_right_password(client, world):
    for attempt in range(4):
        assert fail(client, "zu4").status_code == 200, attempt
    locked = fail(client, "zu4")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "账户已临时锁定" in html and "15 分钟" in html
    refused = login(client, world.users.zu4)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert actions().count("auth.locked_out") == 1
    failed = AuditEntry.objects.filter(action="auth.login_failed").order_by("seq")
    assert [e.details.get("reason") for e in failed] == [None] * 5 + ["locked"]
    assert not AuditEntry.objects.filter(action="auth.login").exists()


def test_lock_ends_after_the_cool_off_and_is_not_extended_by_attempts(client, world):
    start = timezone.now()
    with freeze_time(start) as clock:
        fail(client, "zu4", times=5)
        clock.tick(datetime.timedelta(minutes=10))
        assert login(client, world.users.zu4).status_code == 429
        clock.tick(datetime.timedelta(minutes=5, seconds=1))
        response = login(client, world.users.zu4)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users.zu4.pk)


def test_lock_is_per_account(client, world):
    fail(client, "zu4", times=5)
    assert login(client, world.users.zu4a).status_code == 302


def test_success_resets_the_failure_count(client, world):
    fail(client, "shuji", times=4)
    assert login(client, world.users.shuji).status_code == 302
    client.post("/accounts/logout/")
    fail(client, "shuji", times=4)
    assert login(client, world.users.shuji).status_code == 302


def test_login_and_logout_are_audited(client, world):
    login(client, world.users.shuji)
    client.post("/accounts/logout/")
    entries = AuditEntry.objects.filter(action__in=["auth.login", "auth.logout"]).order_by("seq")
    assert [(e.action, e.actor_id, e.details) for e in entries] == [
        ("auth.login", world.users.shuji.pk, {}),
        ("auth.logout", world.users.shuji.pk, {"reason": "user"}),
    ]


def test_deactivated_user_cannot_log_in(client, world):
    world.users.shuji.is_active = False
    world.users.shuji.save()
    response = login(client, world.users.shuji)
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_login_does_not_redirect_off_site(client, world, target):
    response = client.post(
        "/accounts/login/", {"username": "shuji", "password": PASSWORD, "next": target}, follow=False
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
