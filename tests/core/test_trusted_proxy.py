"""Behind Nginx the client's address comes from X-Real-IP, believed only from PAIZHU_TRUSTED_PROXIES: the public
rate limit then counts each reporter's address, not the proxy's, and nobody else can choose their address."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from paizhu.intake.views import SUBMIT_LIMIT

pytestmark = pytest.mark.django_db


def _post(client, real_ip):
    return client.post(reverse("public_report:form"), {}, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=real_ip)


def test_the_proxy_names_the_client_and_each_client_is_counted_alone(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    cache.clear()
    client = Client()
    limit = SUBMIT_LIMIT[0]
    assert [_post(client, "203.0.113.5").status_code for _ in range(limit + 1)] == [200] * limit + [429]
    assert _post(client, "203.0.113.6").status_code == 200  # another reporter behind the same proxy


def test_the_header_of_an_untrusted_sender_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    cache.clear()
    client = Client()
    limit = SUBMIT_LIMIT[0]
    codes = [_post(client, f"203.0.113.{n}").status_code for n in range(limit + 1)]
    assert codes == [200] * limit + [429]  # one address however the header varies
