import base64
import datetime
import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from paizhu.accounts.middleware import RequireSecondFactorMiddleware
from paizhu.accounts.stepup import OTP_AT_SESSION_KEY, StepUpRequired, require_recent_otp
from paizhu.audit.models import AuditEntry

from .conftest import login, totp_code

WRONG_CODE_ERROR = "动态验证码不正确或已过期，请重新输入。"


def enrolment_secret(html: str) -> bytes:
    secret = re.search(r'id="otp-secret">([A-Z2-7=]+)<', html).group(1)
    return base64.b32decode(secret)


def test_first_login_enrols_an_authenticator_then_later_logins_verify(client, world):
    user = world.users.zu4
    response = login(client, user)
    assert response["Location"] == "/"
    page = client.get("/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/otp/")
    html = page.content.decode()
    assert "绑定身份验证器" in html and "<svg" in html
    key = enrolment_secret(html)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert device.bin_key == key

    response = client.post("/accounts/otp/?next=/org/people/", {"token": totp_code(device), "next": "/org/people/"})
    assert response.status_code == 302 and response["Location"] == "/org/people/"
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/org/people/").status_code == 200
    assert {"auth.otp_enrolled", "auth.otp_verified"} <= set(AuditEntry.objects.values_list("action", flat=True))

    client.post("/accounts/logout/")
    login(client, user)
    page = client.get("/accounts/otp/")
    html = page.content.decode()
    assert "双因子认证" in html and "otp-secret" not in html
    device.refresh_from_db()
    response = client.post("/accounts/otp/", {"token": totp_code(device, steps_ahead=1)})
    assert response.status_code == 302 and response["Location"] == "/"


def test_wrong_code_is_refused_in_chinese_and_audited(client, world, verified_login):
    user = world.users.wei
    verified_login(user)
    client.post("/accounts/logout/")
    login(client, user)
    response = client.post("/accounts/otp/", {"token": "000000"})
    assert response.status_code == 200
    assert WRONG_CODE_ERROR in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_verified()
    assert AuditEntry.objects.filter(action="auth.otp_failed", actor=user).exists()


@pytest.mark.parametrize("token", ["", "12345", "abcdef", "1234567"])
def test_malformed_codes_get_a_chinese_message(client, world, token):
    login(client, world.users.wei)
    html = client.post("/accounts/otp/", {"token": token}).content.decode()
    assert "6 位" in html


def test_failed_codes_are_throttled_even_for_the_right_code(client, world, verified_login):
    user = world.users.xinfang
    verified_login(user)
    client.post("/accounts/logout/")
    device = TOTPDevice.objects.get(user=user)
    start = timezone.now()
    with freeze_time(start) as clock:
        login(client, user)
        waits = []
        for _ in range(3):
            client.post("/accounts/otp/", {"token": "000000"})
            html = client.post("/accounts/otp/", {"token": totp_code(device, steps_ahead=1)}).content.decode()
            waits.append(int(re.search(r"验证失败次数过多，请 (\d+) 秒后再试。", html).group(1)))
            clock.tick(datetime.timedelta(seconds=waits[-1]))
        assert waits == [1, 2, 4]
        device.refresh_from_db()
        assert device.throttling_failure_count == 3
        response = client.post("/accounts/otp/", {"token": totp_code(device, steps_ahead=1)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_code_cannot_be_used_twice(client, world, verified_login):
    user = world.users.guanli
    verified_login(user)
    device = TOTPDevice.objects.get(user=user)
    used = totp_code(device)
    client.post("/accounts/logout/")
    login(client, user)
    assert WRONG_CODE_ERROR in client.post("/accounts/otp/", {"token": used}).content.decode()


@pytest.mark.parametrize("name", ["shuji", "lianluo", "sysadmin"])
def test_roles_without_clue_access_are_not_forced(client, world, name):
    login(client, getattr(world.users, name))
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("name", ["wei", "zu4a", "secadmin", "auditor"])
@pytest.mark.parametrize(
    "path",
    ["/", "/org/people/", "/org/groups/", "/audit/", "/accounts/users/", "/accounts/grants/", "/accounts/password/"],
)
def test_unverified_users_are_sent_to_the_code_page_from_every_page(client, world, name, path):
    login(client, getattr(world.users, name))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/?next=")


def test_holding_any_second_factor_role_forces_it_whichever_role_is_acting(client, world):
    from paizhu.accounts.services import bootstrap_grant

    shuji = world.users.shuji
    bootstrap_grant(shuji, "group_member", world.g4)
    login(client, shuji)
    assert client.get("/").status_code == 302


def test_step_up_asks_for_the_code_again_after_five_minutes(client, world, verified_login):
    user = world.users.xinfang
    start = timezone.now()
    with freeze_time(start) as clock:
        verified_login(user)
        request = client.get("/").wsgi_request
        assert require_recent_otp(request) is None
        clock.tick(datetime.timedelta(minutes=5, seconds=1))
        request = client.get("/").wsgi_request
        with pytest.raises(StepUpRequired):
            require_recent_otp(request)
        assert require_recent_otp(request, minutes=10) is None

        page = client.get("/accounts/otp/?step_up=1&next=/org/people/")
        assert "再次验证身份" in page.content.decode()
        device = TOTPDevice.objects.get(user=user)
        response = client.post(
            "/accounts/otp/", {"token": totp_code(device, 1), "step_up": "1", "next": "/org/people/"}
        )
        assert response["Location"] == "/org/people/"
        assert client.session[OTP_AT_SESSION_KEY] == pytest.approx(start.timestamp() + 301, abs=1)
    steps = AuditEntry.objects.filter(action="auth.otp_verified").order_by("seq").values_list("details", flat=True)
    assert [d["stage"] for d in steps] == ["login", "step_up"]


def test_step_up_required_turns_into_a_redirect_back_to_the_page(rf: RequestFactory, world):
    def view(request):
        require_recent_otp(request)
        return HttpResponse("secret")

    middleware = RequireSecondFactorMiddleware(view)
    request = rf.get("/clues/1/identity/")
    request.user = world.users.xinfang
    request.user.is_verified = lambda: True
    request.session = {}
    try:
        view(request)
    except StepUpRequired as exc:
        response = middleware.process_exception(request, exc)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/otp/?step_up=1&next=%2Fclues%2F1%2Fidentity%2F"

    post = rf.post("/clues/1/export/", HTTP_REFERER="http://testserver/clues/1/")
    response = middleware.process_exception(post, StepUpRequired())
    assert response["Location"] == "/accounts/otp/?step_up=1&next=http%3A%2F%2Ftestserver%2Fclues%2F1%2F"


def test_step_up_is_off_when_second_factor_is_not_required(rf, world, settings):
    settings.OTP_REQUIRED = False
    request = rf.get("/")
    request.user = world.users.xinfang
    request.session = {}
    assert require_recent_otp(request) is None


def test_otp_page_does_not_redirect_off_site(client, world, verified_login):
    user = world.users.wei
    verified_login(user)
    response = client.get("/accounts/otp/?next=https://evil.example/")
    assert response["Location"] == "/"


def test_api_clients_get_401_not_a_login_page(client, world):
    login(client, world.users.zu4)
    response = client.get("/api/v1/org/people")
    assert response.status_code == 401
    assert response.json() == {"detail": "须先完成双因子认证。"}
