"""Every page shell names the platform's icon, so that no browser asks for /favicon.ico and gets a 404."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ICON = 'rel="icon" href="/static/paizhu/favicon'


def test_the_admin_pages_name_the_icon(world):
    client = Client()
    client.force_login(world.users.sysadmin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert ICON in response.content.decode()


def test_the_platform_pages_and_the_bare_400_page_name_it(client):
    assert ICON in client.get("/accounts/login/").content.decode()
    response = client.get("/", headers={"host": "not-ours.example"})
    assert response.status_code == 400
    assert ICON in response.content.decode()
