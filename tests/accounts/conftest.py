"""Helpers for account tests: TOTP codes, and clients logged in with or without the second factor."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.fixtures import PASSWORD


def totp_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for `device` now (or `steps_ahead` 30-second steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def login(client, user, password=PASSWORD):
    return client.post("/accounts/login/", {"username": user.username, "password": password})


@pytest.fixture
def verified_login(client):
    """Log `user` in through the real forms: password, then a code from an enrolled authenticator."""

    def do(user, c=None):
        c = c or client
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="测试", confirmed=True)
        assert login(c, user).status_code == 302
        response = c.post("/accounts/otp/", {"token": totp_code(device)})
        assert response.status_code == 302, response.content.decode()[:500]
        return c

    return do
