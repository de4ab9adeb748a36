"""Forwarding records dated out of order are refused at the field, in Chinese, and nothing is recorded."""

import datetime
import re

import pytest
from django.test import Client

from paizhu.audit.models import AuditEntry
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError
from paizhu.intake import services
from paizhu.intake.models import ForwardingRecord

pytestmark = pytest.mark.django_db
HIGHER = ForwardingRecord.Reason.HIGHER_MANAGED


@pytest.mark.parametrize(
    ("received", "forwarded", "field", "message"),
    [
        (
            datetime.date(2026, 9, 29),
            datetime.date(2026, 9, 28),
            "forwarded_on",
            "转送日期不能早于收到日期（2026-09-29）。",
        ),
        (None, None, "received_on", "请填写收到日期。"),
        ("tomorrow", None, "received_on", "收到日期不能晚于今天。"),
        (datetime.date(2026, 9, 29), "tomorrow", "forwarded_on", "日期不能晚于今天。"),
    ],
)
def test_a_forwarding_out_of_order_is_refused_and_nothing_recorded(world, received, forwarded, field, message):
    tomorrow = shanghai_today() + datetime.timedelta(days=1)
    received = tomorrow if received == "tomorrow" else received
    forwarded = tomorrow if forwarded == "tomorrow" else forwarded
    with pytest.raises(DomainError) as refusal:
        services.record_forwarding(
            world.users.xinfang, received_on=received, reason=HIGHER, forwarded_to="省纪委监委", forwarded_on=forwarded
        )
    assert (refusal.value.field, refusal.value.message) == (field, message)
    assert not ForwardingRecord.objects.exists()
    assert not AuditEntry.objects.filter(action="forwarding.recorded").exists()


def test_the_forwarding_page_shows_the_refusal_at_the_field(world, settings):
    settings.OTP_REQUIRED = False
    client = Client()
    client.force_login(world.users.xinfang)
    response = client.post(
        "/intake/forwarding/",
        {"received_on": "2026-09-29", "reason": HIGHER, "forwarded_to": "省纪委监委", "forwarded_on": "2026-09-01"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["forwarded_on"] == ["转送日期不能早于收到日期（2026-09-29）。"]
    body = response.content.decode()
    field = re.search(r'<input[^>]*name="forwarded_on"[^>]*>', body).group(0)
    assert "is-invalid" in field
    assert "转送日期不能早于收到日期（2026-09-29）。" in body
    assert not ForwardingRecord.objects.exists()
