"""Names typed on the public form are matched against the roster: one cadre of that name in that unit is a
suggested link that 信访室 confirms; several are a choice; none stays typed. Never silent, never automatic."""

import pytest
from django.test import Client

from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError, NotFound, PermissionDenied
from paizhu.intake import services
from paizhu.intake.models import Report, ReportedName
from paizhu.intake.services import NamedPerson
from paizhu.org.models import Person
from tests.fixtures import sign_in

from .conftest import report_input


def _public(world, *named):
    report, _ = services.submit_public_report(report_input(unit=world.edu, named=list(named)))
    return report


def test_a_typed_name_and_unit_of_one_cadre_is_a_suggested_match_not_a_link(world):
    report = _public(world, NamedPerson(name="李红梅", unit=world.edu, post="副局长"))
    assert not report.subjects.exists()  # suggested, not linked
    (match,) = services.subject_matches(world.users.xinfang, report)
    assert match.typed.name == "李红梅" and match.candidates == [world.edu_deputy] and match.suggested
    # The routing proposal already considers the suggested cadre (a same-level-managed leader).
    assert report.proposed_group is None and "李红梅" in report.routing_reason
    assert "待确认" in report.routing_reason


def test_xinfang_confirms_the_match_on_the_report_page(client, world):
    report = _public(world, NamedPerson(name="李红梅", unit=world.edu, post="副局长"))
    typed = report.named.get()
    sign_in(client, world.users.xinfang)
    page = client.get(f"/intake/{report.pk}/").content.decode()
    assert "匹配干部名册" in page and f"/intake/{report.pk}/subjects/{typed.pk}/confirm/" in page
    response = client.post(f"/intake/{report.pk}/subjects/{typed.pk}/confirm/", {"person": world.edu_deputy.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert list(report.subjects.all()) == [world.edu_deputy]
    entry = AuditEntry.objects.get(action="report.subject_matched")
    assert entry.actor == world.users.xinfang and entry.details["person"] == world.edu_deputy.pk
    assert report.events.filter(title="确认被反映人").exists()
    # The proposal now rests on the linked cadre, and the page no longer asks.
    assert "李红梅" in report.routing_reason and "待确认" not in report.routing_reason
    assert f"/subjects/{typed.pk}/confirm/" not in client.get(f"/intake/{report.pk}/").content.decode()
    assert services.subject_matches(world.users.xinfang, report) == []


def test_several_cadres_of_that_name_in_that_unit_are_a_choice_never_silent(world):
    twin = Person.objects.create(name="赵小军", unit=world.edu, post="副科长", rank=Person.Rank.SECTION_DEPUTY)
    report = _public(world, NamedPerson(name="赵小军", unit=world.edu))
    assert not report.subjects.exists()
    (match,) = services.subject_matches(world.users.xinfang, report)
    assert set(match.candidates) == {world.edu_clerk, twin} and not match.suggested
    assert "赵小军" in report.routing_reason and "2人" in report.routing_reason
    services.confirm_subject_match(world.users.xinfang, report, match.typed, twin)
    assert list(report.subjects.all()) == [twin]


def test_no_cadre_of_that_name_stays_typed(world):
    report = _public(world, NamedPerson(name="张三", unit=world.edu))
    assert services.subject_matches(world.users.xinfang, report) == []
    assert not report.subjects.exists() and report.named.get().name == "张三"


def test_a_typed_unit_written_out_matches_by_the_units_name(world):
    report = _public(world, NamedPerson(name="赵小军", unit_text="测试市教育局"))
    (match,) = services.subject_matches(world.users.xinfang, report)
    assert match.candidates == [world.edu_clerk]


def test_confirm_refuses_a_person_who_is_not_a_candidate(world):
    report = _public(world, NamedPerson(name="赵小军", unit=world.edu))
    typed = report.named.get()
    with pytest.raises(DomainError, match="不符"):
        services.confirm_subject_match(world.users.xinfang, report, typed, world.edu_deputy)
    other = _public(world, NamedPerson(name="李红梅", unit=world.edu))
    with pytest.raises(NotFound):
        services.confirm_subject_match(world.users.xinfang, report, other.named.get(), world.edu_deputy)
    assert not report.subjects.exists()
    assert not AuditEntry.objects.filter(action="report.subject_matched").exists()


def test_only_xinfang_or_the_current_holder_confirms(world):
    import datetime

    report = services.register_report(
        world.users.xinfang,
        report_input(unit=world.edu, named=[NamedPerson(name="赵小军", unit=world.edu)]),
        channel="letter",
        received_on=datetime.date(2026, 3, 2),
    )
    report = services.confirm_routing(world.users.xinfang, report, group=world.g4)
    typed = report.named.get()
    for user in (world.users.zu2, world.users.lianluo, world.users.sysadmin):
        with pytest.raises(NotFound):
            services.confirm_subject_match(user, report, typed, world.edu_clerk)
    with pytest.raises((NotFound, PermissionDenied)):
        services.confirm_subject_match(world.users.wei, report, typed, world.edu_clerk)
    with pytest.raises((NotFound, PermissionDenied)):
        services.confirm_subject_match(world.users.zu4a, report, typed, world.edu_clerk)  # not the handler
    assert not report.subjects.exists()
    # The group holding it (its leader) may confirm; so may 信访室.
    services.confirm_subject_match(world.users.zu4, report, typed, world.edu_clerk)
    assert list(report.subjects.all()) == [world.edu_clerk]


def test_the_confirm_page_hides_the_panel_from_those_who_may_not_confirm(world):
    report = _public(world, NamedPerson(name="李红梅", unit=world.edu))
    page = sign_in(Client(), world.users.wei).get(f"/intake/{report.pk}/").content.decode()
    assert "/subjects/" not in page
    typed = report.named.get()
    response = sign_in(Client(), world.users.zu2).post(
        f"/intake/{report.pk}/subjects/{typed.pk}/confirm/", {"person": world.edu_deputy.pk}
    )
    assert response.status_code == 404
    assert not Report.objects.get(pk=report.pk).subjects.exists()
    assert ReportedName.objects.filter(report=report).count() == 1
