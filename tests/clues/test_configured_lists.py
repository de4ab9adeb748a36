"""Lists chosen from configuration, not typed: the commission's departments (org.Office) for 分办, 审理室's staff
for an 审理谈话 (at least two)."""

import pytest
from django.test import Client

from paizhu.clues import services
from paizhu.clues.forms import AssignmentForm, ReviewTalkForm
from paizhu.clues.workflows import ClueStatus
from paizhu.core.errors import DomainError
from paizhu.core.roles import Role
from paizhu.org.models import Office
from tests.fixtures import make_user


def test_the_assignment_form_offers_the_configured_departments_only(world, make_clue):
    clue = make_clue(assign=False)
    Office.objects.filter(name="第五纪检监察室").update(is_active=False)
    form = AssignmentForm(user=world.users.anguan, clue=clue, initial={"version": clue.version})
    offered = [label for _, label in form.fields["office"].choices]
    assert "第一纪检监察室" in offered and "党风政风监督室" in offered
    assert "第五纪检监察室" not in offered  # not in use
    assert "信访室" not in offered  # does not take clues
    form = AssignmentForm({"version": clue.version, "office": "自拟部门"}, user=world.users.anguan, clue=clue)
    assert not form.is_valid() and "office" in form.errors


def test_the_service_refuses_a_department_not_on_the_list(world, make_clue):
    clue = make_clue(assign=False)
    with pytest.raises(DomainError, match="不是可承办线索的委机关部门") as refused:
        services.propose_assignment(world.users.anguan, clue, version=clue.version, office="第九纪检监察室")
    assert refused.value.field == "office"
    clue.refresh_from_db()
    assert clue.status == ClueStatus.REGISTERED
    client = Client()
    client.force_login(world.users.anguan)
    response = client.post(f"/clues/{clue.pk}/assign/", {"version": clue.version, "office": "第一纪检监察室"})
    assert response.status_code == 302
    clue.refresh_from_db()
    assert clue.status == ClueStatus.ASSIGNING


def test_the_review_talk_names_two_of_the_review_offices_staff(world):
    second = make_user("shenli2", Role.CASE_REVIEW, world.city, full_name="王审理")
    form = ReviewTalkForm(user=world.users.shenli)
    offered = dict(form.fields["talked_by"].choices)
    assert set(offered.values()) == {"shenli", "王审理"}  # 审理室's staff, nobody else
    data = {"version": 1, "talked_on": "2026-03-13", "place": "谈话室", "record": "核对事实"}
    form = ReviewTalkForm({**data, "talked_by": [str(second.pk)]}, user=world.users.shenli)
    assert not form.is_valid() and "请至少勾选二人" in str(form.errors["talked_by"])
    form = ReviewTalkForm({**data, "talked_by": [str(world.users.zu4a.pk), str(second.pk)]}, user=world.users.shenli)
    assert not form.is_valid() and "talked_by" in form.errors  # a group member is no reviewer
    form = ReviewTalkForm({**data, "talked_by": [str(world.users.shenli.pk), str(second.pk)]}, user=world.users.shenli)
    assert form.is_valid(), form.errors
    assert form.service_kwargs()["talked_by"] == "shenli、王审理"
