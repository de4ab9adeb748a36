import datetime

import pytest
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from paizhu.audit.models import AuditEntry
from tests.fixtures import PASSWORD

from .conftest import login


def test_idle_session_ends_on_the_login_page_with_a_notice(client, world, settings):
    settings.SESSION_IDLE_MINUTES = 30
    start = timezone.now()
    with freeze_time(start) as clock:
        login(client, world.users.shuji)
        assert client.get("/").status_code == 200
        clock.tick(datetime.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        clock.tick(datetime.timedelta(minutes=30, seconds=1))
        response = client.get("/org/people/", follow=True)
    assert response.redirect_chain[0][0] == "/accounts/login/?timeout=1&next=%2Forg%2Fpeople%2F"
    assert "长时间未操作，已自动退出，请重新登录。" in response.content.decode()
    assert "_auth_user_id" not in client.session
    logout = AuditEntry.objects.get(action="auth.logout")
    assert logout.details == {"reason": "idle_timeout"}


def test_idle_timeout_tells_htmx_to_navigate(client, world):
    start = timezone.now()
    with freeze_time(start) as clock:
        login(client, world.users.shuji)
        client.get("/")
        clock.tick(datetime.timedelta(minutes=31))
        response = client.get("/org/people/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/accounts/login/?timeout=1")


@pytest.mark.parametrize("path", ["/accounts/login/", "/"])
def test_security_headers(client, world, path):
    login(client, world.users.shuji)
    if path == "/accounts/login/":
        client.post("/accounts/logout/")
    response = client.get(path)
    assert response.status_code == 200
    csp = {part.split()[0]: part.split()[1:] for part in response["Content-Security-Policy"].split(";") if part.strip()}
    assert csp["script-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_carry_no_inline_script(client, world, verified_login):
    verified_login(world.users.wei)
    for path in ["/", "/accounts/password/", "/org/people/"]:
        html = client.get(path).content.decode()
        assert "<script>" not in html and " onclick=" not in html and " style=" not in html, path


def test_login_needs_the_csrf_token(world):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "shuji", "password": PASSWORD})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
    page = strict.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    response = strict.post(
        "/accounts/login/", {"username": "shuji", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_role_switch_needs_the_csrf_token(world):
    from paizhu.accounts.services import bootstrap_grant

    shuji = world.users.shuji
    second = bootstrap_grant(shuji, "liaison", world.fin)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(shuji)
    assert strict.post("/accounts/role/", {"grant": second.pk}).status_code == 403
    assert not AuditEntry.objects.filter(action="auth.role_switched").exists()
    token = strict.get("/").cookies["csrftoken"].value
    response = strict.post("/accounts/role/", {"grant": second.pk, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert strict.get("/").context["acting_grant"] == second
