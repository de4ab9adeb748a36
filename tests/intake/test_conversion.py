import datetime

import pytest

from paizhu.clues.models import Clue
from paizhu.core.errors import PermissionDenied
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
    return services.confirm_routing(world.users.xinfang, report, group=world.g4)


def test_report_becomes_clues_linked_both_ways_without_identity(world, routed):
    first = services.convert_to_clue(
        world.users.zu4a, routed, ClueDraft(summary=FACTS_CAR, subjects=[world.edu_clerk], categories=["integrity"])
    )
    second = services.convert_to_clue(
        world.users.zu4a, routed, ClueDraft(summary="违规发放津补贴问题", categories=["organisational"])
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
    with pytest.raises(PermissionDenied):
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
