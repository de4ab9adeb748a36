import datetime

import pytest

from paizhu.clues.models import Clue
from paizhu.core.errors import DomainError, NotFound, PermissionDenied
from paizhu.intake import queries, services
from paizhu.intake.models import ReportClueLink
from paizhu.intake.services import ClueDraft, NamedPerson
from tests.fixtures import sign_in

from .conftest import FACTS_CAR, real_name_identity, report_input


@pytest.fixture
def routed(world):
    report = services.register_report(
        world.users.xinfang,
        report_input(subjects=[world.edu_clerk], named=[], identity=real_name_identity()),
        channel="letter",
        received_on=datetime.date(2026, 9, 29),
    )
    report = services.confirm_routing(world.users.xinfang, report, group=world.g4)
    return services.assign_handler(world.users.zu4, report, world.users.zu4a)


def test_report_becomes_clues_linked_both_ways_without_identity(world, routed):
    first = services.convert_to_clue(
        world.users.zu4a, routed, ClueDraft(summary=FACTS_CAR, subjects=[world.edu_clerk], categories=["integrity"])
    )
    second = services.convert_to_clue(
        world.users.zu4a, routed, ClueDraft(summary="违规发放津补贴问题", categories=["organizational"])
    )
    assert first.source_ref == routed.serial and first.group == world.g4
    assert second.categories == ["organizational"]
    assert set(routed.clue_links.values_list("clue", flat=True)) == {first.pk, second.pk}
    assert ReportClueLink.objects.get(clue=first).report == routed  # the clue reaches its report
    identity = real_name_identity()
    for clue in Clue.objects.all():
        values = " ".join(str(getattr(clue, f.attname, "")) for f in Clue._meta.concrete_fields)
        assert identity.name not in values and identity.contact not in values and identity.id_number not in values


def test_only_the_handling_group_converts(world, routed):
    with pytest.raises(NotFound):  # 信访室 no longer holds a report routed to a group
        services.convert_to_clue(world.users.xinfang, routed, ClueDraft(summary=FACTS_CAR))
    assert not Clue.objects.exists()


def test_identity_absent_from_clue_pages_for_group_staff(client, world, routed):
    clue = services.convert_to_clue(world.users.zu4, routed, ClueDraft(summary=FACTS_CAR, subjects=[world.edu_clerk]))
    sign_in(client, world.users.zu4a)
    identity = real_name_identity()
    for url in ("/clues/", f"/clues/{clue.pk}/", f"/intake/{routed.pk}/"):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert identity.name not in html and identity.contact not in html and identity.id_number not in html
    html = client.get(f"/intake/{routed.pk}/").content.decode()
    assert clue.serial in html


def test_same_person_reports_found_across_typed_and_chosen_names(world):
    chosen = services.register_report(
        world.users.xinfang,
        report_input(subjects=[world.edu_deputy], named=[]),
        channel="letter",
        received_on=datetime.date(2026, 9, 1),
    )
    typed, _ = services.submit_public_report(
        report_input(
            unit=world.edu,
            named=[NamedPerson(name=world.edu_deputy.name, unit=world.edu)],
            facts="另一件事情，她违规兼职取酬，在企业担任顾问。",
        )
    )
    elsewhere, _ = services.submit_public_report(
        report_input(unit=world.water, named=[NamedPerson(name=world.edu_deputy.name, unit=world.water)])
    )
    found = list(queries.about_same_people(world.users.xinfang, chosen))
    assert typed in found and elsewhere not in found


@pytest.fixture
def commission_held(world):
    """A real-name letter about a leadership member: the commission handles it itself (group=None)."""
    report = services.register_report(
        world.users.xinfang,
        report_input(subjects=[world.edu_deputy], named=[], identity=real_name_identity()),
        channel="letter",
        received_on=datetime.date(2026, 9, 29),
    )
    assert report.proposed_group is None and report.proposed_office == "petition_office"
    return services.confirm_routing(world.users.xinfang, report, group=None, office="petition_office")


def test_petition_office_converts_a_commission_report_into_the_central_ledger(client, world, commission_held):
    sign_in(client, world.users.xinfang)
    detail = client.get(f"/intake/{commission_held.pk}/").content.decode()
    assert "登记为问题线索" in detail and "待分办" in detail
    response = client.post(
        f"/intake/{commission_held.pk}/convert/",
        {"summary": FACTS_CAR, "subjects": [world.edu_deputy.pk], "categories": ["integrity"]},
        follow=True,
    )
    clue = Clue.objects.get()
    assert response.redirect_chain[-1][0] == f"/intake/{commission_held.pk}/"
    html = response.content.decode()
    assert f"已转为问题线索 {clue.serial}" in html and "案件监督管理室线索台账" in html
    assert f'href="/clues/{clue.pk}/"' not in html  # 信访室 sees the serial, not a link it cannot follow
    assert clue.status == "registered" and clue.group is None and clue.source_kind == "petition"
    assert clue.source_ref == commission_held.serial and clue.created_by == world.users.xinfang
    assert not clue.handlers.exists()  # 分办 decides who handles it
    assert ReportClueLink.objects.get(clue=clue).report == commission_held
    assert client.get(f"/clues/{clue.pk}/").status_code == 404  # 信访室 does not see clues

    sign_in(client, world.users.anguan)
    assert clue.serial in client.get("/clues/").content.decode()
    clue_page = client.get(f"/clues/{clue.pk}/")
    identity = real_name_identity()
    assert clue_page.status_code == 200
    assert identity.name not in clue_page.content.decode() and identity.contact not in clue_page.content.decode()
    # 案管 takes it from there, as with a clue it registered itself.
    from paizhu.clues.services import propose_assignment

    proposed = propose_assignment(world.users.anguan, clue, version=clue.version, group=world.g4)
    assert proposed.status == "assigning"


def test_a_commission_report_is_not_converted_by_a_group_nor_a_group_report_by_the_petition_office(
    world, commission_held, routed
):
    with pytest.raises(NotFound):  # the group does not even see it
        services.convert_to_clue(world.users.zu4, commission_held, ClueDraft(summary=FACTS_CAR))
    with pytest.raises(NotFound):
        services.convert_to_clue(world.users.xinfang, routed, ClueDraft(summary=FACTS_CAR))
    assert not Clue.objects.exists()


def test_the_petition_office_registers_only_report_clues(world):
    from paizhu.clues.services import register_clue

    with pytest.raises(PermissionDenied):  # no report behind it: 案管 registers
        register_clue(
            world.users.xinfang,
            source_kind="petition",
            received_on=datetime.date(2026, 9, 1),
            unit=world.edu,
            summary="无来源编号的线索",
        )
    with pytest.raises(PermissionDenied):
        register_clue(
            world.users.xinfang,
            source_kind="supervision",
            received_on=datetime.date(2026, 9, 1),
            unit=world.edu,
            summary="监督检查发现",
            source_ref="XF-2026-000001",
        )
    assert not Clue.objects.exists()


def test_a_transfer_held_by_the_commission_keeps_its_source_and_goes_to_case_management(world):
    report = services.register_report(
        world.users.xinfang,
        report_input(subjects=[world.edu_deputy], named=[]),
        channel="inspection",
        source="市委第三巡察组",
        received_on=datetime.date(2026, 9, 29),
    )
    report = services.confirm_routing(world.users.xinfang, report, group=None, office="petition_office")
    with pytest.raises(DomainError, match="巡视巡察移交的材料请移送案件监督管理室"):
        services.convert_to_clue(world.users.xinfang, report, ClueDraft(summary=FACTS_CAR))
    assert not Clue.objects.exists()
