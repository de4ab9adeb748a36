"""Routing inside jurisdiction: a matter goes to the group covering its unit, or where a 委领导 designates."""

import datetime

import pytest
from django.test import Client

from paizhu import access
from paizhu.access.models import JurisdictionDesignation
from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError, PermissionDenied
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2026, 3, 2)


@pytest.fixture
def report(world):
    from paizhu.intake import services
    from paizhu.intake.models import Channel

    return services.register_report(
        world.users.xinfang,
        services.ReportInput(facts="反映市教育局赵小军违规收受礼品礼金。", unit=world.edu, subjects=[world.edu_clerk]),
        channel=Channel.LETTER,
        received_on=RECEIVED,
    )


@pytest.fixture
def clue(world):
    from paizhu.clues import services
    from paizhu.clues.models import Source

    return services.register_clue(
        world.users.anguan,
        source_kind=Source.PETITION,
        received_on=RECEIVED,
        unit=world.edu,
        summary="反映其违规发放津补贴问题。",
        subjects=[world.edu_clerk],
        categories=["integrity"],
    )


def test_routing_a_report_to_a_group_that_does_not_cover_its_unit_is_refused(world, report):
    from paizhu.intake import services

    with pytest.raises(DomainError, match="不在第二纪检监察组监督范围内") as refused:
        services.confirm_routing(world.users.xinfang, report, group=world.g2, version=report.version)
    assert refused.value.field == "target"
    report.refresh_from_db()
    assert report.group is None
    assert not access.scope(world.users.zu2, type(report)).filter(pk=report.pk).exists()


def test_a_designation_by_the_commission_leader_opens_the_route_and_is_audited(world, report):
    from paizhu.access import jurisdiction
    from paizhu.intake import services

    with pytest.raises(PermissionDenied):
        jurisdiction.designate(world.users.xinfang, report, group=world.g2, reason="交叉监督")
    with pytest.raises(DomainError, match="理由"):
        jurisdiction.designate(world.users.wei, report, group=world.g2, reason="  ")
    assert not JurisdictionDesignation.objects.exists()

    jurisdiction.designate(world.users.wei, report, group=world.g2, reason="第四组组长与被反映人系同学，交叉办理")
    entry = AuditEntry.objects.get(action="jurisdiction.designated")
    assert entry.object_id == str(report.pk) and entry.actor == world.users.wei
    routed = services.confirm_routing(world.users.xinfang, report, group=world.g2, version=report.version)
    assert routed.group == world.g2
    assert access.scope(world.users.zu2, type(report)).filter(pk=report.pk).exists()


def test_assignment_of_a_clue_outside_the_groups_coverage_is_refused_without_designation(world, clue):
    from paizhu.access import jurisdiction
    from paizhu.clues import services

    with pytest.raises(DomainError, match="指定管辖") as refused:
        services.propose_assignment(world.users.anguan, clue, version=clue.version, group=world.g2)
    assert refused.value.field == "group"
    clue.refresh_from_db()
    assert clue.status == "registered"
    jurisdiction.designate(world.users.wei, clue, group=world.g2, reason="交叉办理")
    proposed = services.propose_assignment(world.users.anguan, clue, version=clue.version, group=world.g2)
    assert proposed.status == "assigning"
    # Covering group: no designation needed.
    other = services.register_clue(
        world.users.anguan, source_kind="petition", received_on=RECEIVED, unit=world.edu, summary="反映其公车私用。"
    )
    assert services.propose_assignment(world.users.anguan, other, version=other.version, group=world.g4).group is None


def test_the_commission_leader_designates_on_the_report_page(world, report):
    client = sign_in(Client(), world.users.wei)
    page = client.get(f"/intake/{report.pk}/").content.decode()
    assert f"/intake/{report.pk}/designate/" in page
    assert (
        f"/intake/{report.pk}/designate/"
        not in sign_in(Client(), world.users.xinfang).get(f"/intake/{report.pk}/").content.decode()
    )
    response = client.post(f"/intake/{report.pk}/designate/", {"group": world.g2.pk, "reason": "交叉办理"})
    assert response.status_code == 302
    designation = JurisdictionDesignation.objects.get()
    assert designation.group == world.g2 and designation.decided_by == world.users.wei
    assert "指定第二纪检监察组管辖" in client.get(f"/intake/{report.pk}/").content.decode()


def test_the_commission_leader_designates_on_the_clue_page(world, clue):
    client = sign_in(Client(), world.users.wei)
    assert f"/clues/{clue.pk}/designate/" in client.get(f"/clues/{clue.pk}/").content.decode()
    response = client.post(
        f"/clues/{clue.pk}/designate/", {"group": world.g2.pk, "reason": "交叉办理", "version": clue.version}
    )
    assert response.status_code == 302
    assert JurisdictionDesignation.objects.get().group == world.g2
    assert "指定第二纪检监察组管辖：交叉办理" in client.get(f"/clues/{clue.pk}/").content.decode()
    # 案管 may not designate: the step is not theirs.
    response = sign_in(Client(), world.users.anguan).post(
        f"/clues/{clue.pk}/designate/", {"group": world.g2.pk, "reason": "x", "version": clue.version}
    )
    assert response.status_code in {400, 403}
    assert JurisdictionDesignation.objects.count() == 1
