"""Who sees the supervision log: its group, the commission's leadership and dispatch office — nobody else."""

import pytest

from paizhu import access
from paizhu.access import services as access_services
from paizhu.access.models import RelationDeclaration
from paizhu.supervision.models import Activity, Finding, Kind

from .conftest import meeting_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _seen(world, model, pk, action="view"):
    u = world.users
    return {name for name in vars(u) if access.scope(getattr(u, name), model, action).filter(pk=pk).exists()}


def test_the_group_and_the_commission_see_a_record_and_its_findings_and_nobody_else(meeting, world):
    assert _seen(world, Activity, meeting.pk) == {"wei", "guanli", "zu4", "zu4a"}
    finding = meeting.findings.get()
    assert _seen(world, Finding, finding.pk) == {"wei", "guanli", "zu4", "zu4a"}


def test_the_author_and_the_leader_act_on_a_record_only_the_leader_on_its_findings(meeting, world):
    assert _seen(world, Activity, meeting.pk, "act") == {"zu4", "zu4a"}
    assert _seen(world, Finding, meeting.findings.get().pk, "act") == {"zu4"}


def test_unit_users_have_no_section_at_all(meeting, world):
    for name in ("shuji", "lianluo", "sysadmin", "secadmin", "auditor", "xinfang", "anguan", "shenli"):
        assert not access.has_section(getattr(world.users, name), Activity), name


def test_a_conflict_with_any_unit_of_a_record_hides_it(world):
    from paizhu.supervision import services

    activity = services.record_activity(
        world.users.zu4, Kind.SPECIAL, meeting_input(world, units=[world.edu, world.fin], topic="公务接待专项检查")
    )
    assert activity.unit == world.edu
    access_services.declare_relation(world.users.zu4a, RelationDeclaration.Kind.FORMER_UNIT, unit=world.fin)
    assert "zu4a" not in _seen(world, Activity, activity.pk)
    assert "zu4a" not in _seen(world, Finding, activity.findings.get().pk)


def test_a_relation_to_a_person_concerned_hides_the_record(meeting, world):
    access_services.declare_relation(world.users.zu4, RelationDeclaration.Kind.RELATIVE, person=world.edu_head)
    assert "zu4" not in _seen(world, Activity, meeting.pk)
