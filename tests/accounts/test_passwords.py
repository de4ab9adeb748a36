import re

import pytest
from django.contrib.auth import password_validation

from paizhu.accounts import services
from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError
from tests.fixtures import PASSWORD, make_user

from .conftest import login

NEW = "Qingfeng-Zhengqi-2026"


def change(client, new1, new2=None, old=PASSWORD):
    return client.post(
        "/accounts/password/", {"old_password": old, "new_password1": new1, "new_password2": new2 or new1}
    )


@pytest.fixture
def shuji_client(client, world):
    login(client, world.users.shuji)
    return client


def test_change_password_page(shuji_client, world):
    page = shuji_client.get("/accounts/password/")
    html = page.content.decode()
    assert "修改密码" in html and "旧密码" in html and "至少 12 个字符" in html
    response = change(shuji_client, NEW)
    assert response.status_code == 302
    shuji = world.users.shuji
    shuji.refresh_from_db()
    assert shuji.check_password(NEW)
    assert shuji_client.get("/").status_code == 200, "the session survives the change"
    entry = AuditEntry.objects.get(action="user.password_changed")
    assert entry.actor == shuji and NEW not in str(entry.details)


def test_every_policy_message_is_chinese(db):
    user = make_user("shuji2")
    with pytest.raises(password_validation.ValidationError) as error:
        password_validation.validate_password("Shuji2", user)
    assert len(error.value.messages) == 3
    assert all(re.search(r"[\u4e00-\u9fff]", m) and not re.search(r"[A-Za-z]{3}", m) for m in error.value.messages)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Short-1a", "密码长度太短。密码必须包含至少 12 个字符。"),
        ("password1234", "这个密码太常见了。"),
        ("20262026202620262026", "密码只包含数字。"),
        ("xx-shuji-2026-yy", "密码不得包含用户名。"),
    ],
)
def test_policy_errors_are_chinese(shuji_client, world, new, message):
    response = change(shuji_client, new)
    assert response.status_code == 200
    assert message in response.content.decode()
    world.users.shuji.refresh_from_db()
    assert world.users.shuji.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="user.password_changed").exists()


def test_wrong_old_password_and_mismatch_are_chinese(shuji_client):
    html = change(shuji_client, NEW, old="wrong-old-password").content.decode()
    assert "你的旧密码不正确" in html
    html = change(shuji_client, NEW, NEW + "x").content.decode()
    assert "输入的两个密码不一致。" in html


def test_similar_to_username_is_refused(db):
    user = make_user("zhangweiguo")
    with pytest.raises(password_validation.ValidationError) as error:
        password_validation.validate_password("Zhangweiguo1!", user)
    assert "密码跟 用户名 太相似了。" in error.value.messages


def test_service_refuses_a_weak_password_with_a_field(world):
    with pytest.raises(DomainError) as error:
        services.change_own_password(world.users.shuji, "123")
    assert error.value.field == "password" and "至少 12 个字符" in error.value.message


def test_forced_change_comes_before_everything_else(client, world):
    shuji = world.users.shuji
    shuji.must_change_password = True
    shuji.save()
    login(client, shuji)
    for path in ["/", "/org/people/", "/accounts/users/"]:
        response = client.get(path)
        assert response["Location"] == "/accounts/password/", path
    assert "须先修改密码才能继续使用系统" in client.get("/accounts/password/").content.decode()
    assert change(client, NEW).status_code == 302
    shuji.refresh_from_db()
    assert not shuji.must_change_password
    assert client.get("/").status_code == 200


@pytest.mark.real_hashing
def test_passwords_are_stored_with_argon2(world):
    user = services.change_own_password(world.users.shuji, NEW)
    assert user.password.startswith("argon2")
    assert user.check_password(NEW)
