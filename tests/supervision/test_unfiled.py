"""A 三重一大 decision taken at a meeting without its filing (报备) becomes a finding; the record shows the day's filings."""

import datetime

import pytest
from django.test import Client

from paizhu.core.errors import DomainError
from paizhu.responsibility.services import filings
from paizhu.supervision import services
from paizhu.supervision.models import Kind
from tests.fixtures import sign_in

from .conftest import meeting_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_a_meeting_flagged_unfiled_gets_the_finding_first(world):
    activity = services.record_activity(world.users.zu4a, Kind.MEETING, meeting_input(world, unfiled=True))
    texts = [f.text for f in activity.findings.all()]
    assert texts == [
        "局党组会议（2026年第21次）研究“三重一大”事项前未按规定向派驻组报备："
        "研究市第一中学教学楼改造项目（预算1860万元）；研究2名科级干部任免",
        "教学楼改造项目（1860万元）未按规定提前向派驻组报备即提交党组会研究",
    ]


def test_unfiled_needs_the_items_and_means_nothing_to_other_kinds(world):
    with pytest.raises(DomainError, match="未经报备的“三重一大”事项") as refused:
        services.record_activity(world.users.zu4a, Kind.MEETING, meeting_input(world, major_items="", unfiled=True))
    assert refused.value.field == "major_items"
    inspection = meeting_input(world, topic="制度执行", findings=[], unfiled=True)
    assert not services.record_activity(world.users.zu4a, Kind.INSPECTION, inspection).findings.exists()


def test_the_form_offers_it_for_a_meeting_only_and_the_record_shows_the_days_filings(world):
    client = sign_in(Client(), world.users.zu4a)
    assert 'name="unfiled"' in client.get("/supervision/new/meeting/").content.decode()
    assert 'name="unfiled"' not in client.get("/supervision/new/inspection/").content.decode()
    activity = services.record_activity(world.users.zu4a, Kind.MEETING, meeting_input(world, unfiled=True))
    assert "测试市教育局没有该日会议的“三重一大”报备" in client.get(f"/supervision/{activity.pk}/").content.decode()
    filing = filings.file_matter(
        world.users.lianluo,
        unit=world.edu,
        category="appointment",
        title="研究2名科级干部任免",
        agenda="一、研究干部任免",
        meeting_kind="party_group",
        meeting_on=datetime.date(2026, 11, 12),
        on=datetime.date(2026, 11, 10),
    )
    page = client.get(f"/supervision/{activity.pk}/").content.decode()
    assert filing.serial in page and "没有该日会议" not in page
    assert 'name="unfiled"' not in client.get(f"/supervision/{activity.pk}/edit/").content.decode()
