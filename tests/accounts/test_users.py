"""系统管理员: accounts only, every change audited, nothing on their own account, no roles."""

import pytest
from axes.models import AccessAttempt
from django_otp.plugins.otp_totp.models import TOTPDevice

from paizhu.accounts import services
from paizhu.accounts.models import RoleGrant, User
from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError, NotFound, PermissionDenied
from paizhu.org.models import Person
from tests.fixtures import PASSWORD, make_user

from .conftest import login, totp_code

INITIAL = "Chushi-Mima-2026x"


@pytest.fixture
def admin_client(client, world):
    login(client, world.users.sysadmin)
    return client


def create(client, **overrides):
    data = {
        "username": "liuyang",
        "full_name": "刘洋",
        "password1": INITIAL,
        "password2": INITIAL,
        "person_name": "",
    }
    data.update(overrides)
    return client.post("/accounts/users/new/", data)


def test_create_user_through_the_page(admin_client, world):
    response = create(admin_client)
    user = User.objects.get(username="liuyang")
    assert response["Location"] == f"/accounts/users/{user.pk}/"
    assert user.full_name == "刘洋" and user.check_password(INITIAL)
    assert user.must_change_password and not user.is_staff and not user.is_superuser
    assert not RoleGrant.objects.filter(user=user).exists()
    entry = AuditEntry.objects.get(action="user.created")
    assert entry.actor == world.users.sysadmin
    assert entry.details == {"username": "liuyang", "full_name": "刘洋", "person": None}
    assert INITIAL not in str(entry.details)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password1": "short", "password2": "short"}, "密码长度太短"),
        ({"password1": "xx-liuyang-2026", "password2": "xx-liuyang-2026"}, "密码不得包含用户名"),
        ({"password2": INITIAL + "x"}, "两次输入的密码不一致"),
        ({"username": "ZU4"}, "用户名“ZU4”已被使用"),
        ({"username": "刘 洋"}, "用户名只能包含字母、数字"),
        ({"full_name": ""}, "请填写“姓名”。"),  # the field named, not the framework's words
        ({"person_name": "不存在的人"}, "干部名册中没有在职干部“不存在的人”"),
    ],
)
def test_create_user_errors_are_chinese_and_keep_the_input(admin_client, world, overrides, message):
    response = create(admin_client, **overrides)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "请修改以下问题后重新提交" in html
    assert 'value="刘洋"' in html or overrides.get("full_name") == ""
    assert not User.objects.filter(full_name="刘洋").exists()


def test_person_is_chosen_by_exact_name_and_homonyms_ask_for_a_choice(admin_client, world):
    create(admin_client, person_name="赵小军")
    assert User.objects.get(username="liuyang").person == world.edu_clerk
    twin = Person.objects.create(name="李红梅", unit=world.water, post="科长")
    html = create(admin_client, username="lhm", person_name="李红梅").content.decode()
    assert "名册中有 2 名干部叫“李红梅”，请选择其中一人。" in html
    assert "李红梅（测试市水利局，科长）" in html and "李红梅（测试市教育局，副局长）" in html
    response = create(admin_client, username="lhm", person_name="李红梅", person=twin.pk)
    assert response.status_code == 302
    assert User.objects.get(username="lhm").person == twin


def test_a_person_links_to_one_account(admin_client, world):
    html = create(admin_client, person_name="周正").content.decode()
    assert "干部“周正”已关联用户“zu4”。" in html


def test_list_filters_and_paginates_with_fixed_queries(admin_client, world, django_assert_max_num_queries):
    for i in range(25):
        make_user(f"extra{i:02d}")
    with django_assert_max_num_queries(12):
        page = admin_client.get("/accounts/users/")
    html = page.content.decode()
    assert "共 38 条" in html and "下一页" in html
    html = admin_client.get("/accounts/users/?q=extra1").content.decode()
    assert "共 10 条" in html
    world.users.zu4.is_active = False
    world.users.zu4.save()
    html = admin_client.get("/accounts/users/?status=inactive").content.decode()
    assert "共 1 条" in html and ">zu4<" in html


def test_locked_accounts_are_listed_and_can_be_unlocked(client, admin_client, world):
    other = type(client)()
    for _ in range(5):
        other.post("/accounts/login/", {"username": "zu4a", "password": "wrong-password-123"})
    html = admin_client.get("/accounts/users/?status=locked").content.decode()
    assert "共 1 条" in html and ">zu4a<" in html and "登录锁定" in html
    zu4a = world.users.zu4a
    assert "解除锁定" in admin_client.get(f"/accounts/users/{zu4a.pk}/").content.decode()
    response = admin_client.post(f"/accounts/users/{zu4a.pk}/unlock/", follow=True)
    assert "已解除账户“zu4a”的登录锁定。" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="zu4a").exists()
    assert login(other, zu4a).status_code == 302
    assert AuditEntry.objects.filter(action="user.unlocked", object_id=str(zu4a.pk)).exists()


def test_deactivation_ends_the_users_session_and_reactivation_restores_login(client, admin_client, world):
    from django.test import Client

    shuji_client = Client()
    login(shuji_client, world.users.shuji)
    assert shuji_client.get("/").status_code == 200
    shuji = world.users.shuji
    admin_client.post(f"/accounts/users/{shuji.pk}/active/", {"active": "0"})
    shuji.refresh_from_db()
    assert not shuji.is_active
    assert shuji_client.get("/")["Location"].startswith("/accounts/login/")
    admin_client.post(f"/accounts/users/{shuji.pk}/active/", {"active": "1"})
    assert login(shuji_client, shuji).status_code == 302
    assert list(
        AuditEntry.objects.filter(action__startswith="user.").order_by("seq").values_list("action", flat=True)
    ) == ["user.deactivated", "user.reactivated"]


def test_reset_password_forces_a_change_and_ends_sessions(admin_client, world):
    from django.test import Client

    lianluo = world.users.lianluo
    own = Client()
    login(own, lianluo)
    temporary = "Linshi-Mima-2026y"
    page = admin_client.get(f"/accounts/users/{lianluo.pk}/password/")
    assert "临时密码" in page.content.decode()
    response = admin_client.post(
        f"/accounts/users/{lianluo.pk}/password/", {"password1": temporary, "password2": temporary}
    )
    assert response.status_code == 302
    lianluo.refresh_from_db()
    assert lianluo.check_password(temporary) and lianluo.must_change_password
    assert own.get("/")["Location"].startswith("/accounts/login/")
    assert login(own, lianluo, temporary).status_code == 302
    assert own.get("/")["Location"] == "/accounts/password/"
    assert AuditEntry.objects.get(action="user.password_reset").details == {"username": "lianluo"}


def test_reset_second_factor_makes_the_user_enrol_again(admin_client, world, verified_login):
    from django.test import Client

    wei = world.users.wei
    verified_login(wei, Client())
    response = admin_client.post(f"/accounts/users/{wei.pk}/otp-reset/", follow=True)
    assert "已重置“wei”的身份验证器" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=wei).exists()
    fresh = Client()
    login(fresh, wei)
    assert "绑定身份验证器" in fresh.get("/accounts/otp/").content.decode()


def test_edit_name_and_person(admin_client, world):
    lianluo = world.users.lianluo
    page = admin_client.get(f"/accounts/users/{lianluo.pk}/")
    assert 'value="lianluo"' in page.content.decode()
    response = admin_client.post(f"/accounts/users/{lianluo.pk}/", {"full_name": "赵小军", "person_name": "赵小军"})
    assert response.status_code == 302
    lianluo.refresh_from_db()
    assert (lianluo.full_name, lianluo.person) == ("赵小军", world.edu_clerk)
    entry = AuditEntry.objects.get(action="user.updated")
    assert entry.details["changes"] == {"full_name": ["lianluo", "赵小军"], "person": [None, world.edu_clerk.pk]}
    assert 'value="赵小军"' in admin_client.get(f"/accounts/users/{lianluo.pk}/").content.decode()
    admin_client.post(f"/accounts/users/{lianluo.pk}/", {"full_name": "赵小军", "person_name": ""})
    lianluo.refresh_from_db()
    assert lianluo.person is None


def test_no_actions_on_ones_own_account(admin_client, world):
    sysadmin = world.users.sysadmin
    html = admin_client.get(f"/accounts/users/{sysadmin.pk}/").content.decode()
    assert "不能对本人账户执行停用、重置等操作" in html
    response = admin_client.post(f"/accounts/users/{sysadmin.pk}/active/", {"active": "0"}, follow=True)
    assert "不能对自己的账户执行此操作" in response.content.decode()
    sysadmin.refresh_from_db()
    assert sysadmin.is_active
    with pytest.raises(PermissionDenied):
        services.reset_password(sysadmin, sysadmin, INITIAL)


@pytest.mark.parametrize("name", ["secadmin", "auditor", "wei", "shuji"])
def test_only_the_system_administrator_manages_accounts(client, world, verified_login, name):
    user = getattr(world.users, name)
    verified_login(user)
    assert client.get("/accounts/users/").status_code == 403
    assert client.get("/accounts/users/new/").status_code == 403
    assert create(client).status_code == 403
    target = world.users.lianluo
    assert client.get(f"/accounts/users/{target.pk}/").status_code == 404
    assert client.post(f"/accounts/users/{target.pk}/active/", {"active": "0"}).status_code == 404
    assert (
        client.post(f"/accounts/users/{target.pk}/password/", {"password1": INITIAL, "password2": INITIAL}).status_code
        == 404
    )
    target.refresh_from_db()
    assert target.is_active and target.check_password(PASSWORD)
    with pytest.raises(PermissionDenied):
        services.create_user(user, username="x1", full_name="某某", password=INITIAL)
    with pytest.raises((PermissionDenied, NotFound)):
        services.set_user_active(user, target, False)


def test_services_refuse_duplicates_and_weak_passwords(world):
    admin = world.users.sysadmin
    with pytest.raises(DomainError, match="已被使用"):
        services.create_user(admin, username="Wei", full_name="魏", password=INITIAL)
    with pytest.raises(DomainError, match="至少 12 个字符") as error:
        services.create_user(admin, username="wang", full_name="王", password="short")
    assert error.value.field == "password"
    with pytest.raises(DomainError, match="没有登录失败记录"):
        services.unlock_user(admin, world.users.wei)


def test_user_pages_look_right(admin_client, world):
    html = admin_client.get("/accounts/users/").content.decode()
    assert "新建用户" in html and 'aria-current="page"' in html and "用户管理" in html
    shuji = world.users.shuji
    html = admin_client.get(f"/accounts/users/{shuji.pk}/").content.decode()
    assert "停用账户" in html and "重置密码" in html and "data-confirm" in html


def test_step_up_code_helper_matches_the_device(world):
    device = TOTPDevice.objects.create(user=world.users.wei, name="t", confirmed=True)
    assert device.verify_token(totp_code(device))
