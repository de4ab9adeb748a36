"""集体排查: a meeting record endorsing a proposal per clue, referenced by proposals, on the timeline."""

import datetime

import pytest
from django.test import Client
from freezegun import freeze_time

from paizhu.audit.models import AuditEntry
from paizhu.clues import services
from paizhu.clues.models import ScreeningMeeting
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.workflow import services as workflow_services
from tests.clues.conftest import current

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 9)


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time("2026-03-10 10:00:00+08:00", tick=True):
        yield


def _screen(actor, items, **kwargs):
    return services.record_screening(
        actor, held_on=DAY, chaired_by="王组长", attendees="王组长、张三、李四", items=items, **kwargs
    )


def test_group_leader_records_a_meeting_and_each_clue_timeline_shows_the_decision(world, make_clue):
    a, b = make_clue(), make_clue([world.edu_deputy])
    meeting = _screen(world.users.zu4, [(a, "inquiry", "问题具体，先行函询"), (b, "close", "")])
    assert meeting.group == world.g4
    assert [(i.clue_id, i.decision) for i in meeting.items.all()] == [(a.pk, "inquiry"), (b.pk, "close")]
    event = a.events.get(code="clue.screened")
    assert event.title == "集体排查（2026-03-09，王组长主持）：拟谈话函询"
    assert event.opinion == "问题具体，先行函询" and event.actor == world.users.zu4
    entry = AuditEntry.objects.get(action="screening.recorded")
    assert entry.details["clues"] == {a.serial: "inquiry", b.serial: "close"}
    assert AuditEntry.objects.filter(action="clue.screened").count() == 2


def test_a_proposal_may_cite_the_meeting_only_with_the_endorsed_method(world, make_clue):
    clue = make_clue()
    meeting = _screen(world.users.zu4, [(clue, "inquiry", "")])
    with pytest.raises(DomainError, match="集体排查意见为“谈话函询”"):
        services.propose_disposal(
            world.users.zu4a, clue, version=clue.version, method="verification", reasons="初核", meeting=meeting
        )
    other = make_clue()
    elsewhere = _screen(world.users.zu4, [(other, "inquiry", "")])
    with pytest.raises(DomainError, match="未研究本线索"):
        services.propose_disposal(
            world.users.zu4a, clue, version=clue.version, method="inquiry", reasons="函询", meeting=elsewhere
        )
    clue = services.propose_disposal(
        world.users.zu4a, clue, version=clue.version, method="inquiry", reasons="函询", meeting=meeting
    )
    assert current(clue).payload["meeting"] == meeting.pk
    assert clue.events.last().title.startswith("提出处置意见（经2026-03-09集体排查）：谈话函询")


def test_only_group_leaders_and_case_management_record_and_only_clues_awaiting_a_proposal(world, make_clue):
    clue = make_clue()
    with pytest.raises(PermissionDenied):
        _screen(world.users.zu4a, [(clue, "inquiry", "")])
    with pytest.raises(DomainError, match=clue.serial):
        _screen(world.users.zu2, [(clue, "inquiry", "")])  # another group's clue
    unassigned = make_clue(assign=False)
    with pytest.raises(DomainError, match=unassigned.serial):
        _screen(world.users.anguan, [(unassigned, "inquiry", "")])
    with pytest.raises(DomainError, match="至少"):
        _screen(world.users.zu4, [])
    with pytest.raises(DomainError, match="会议日期不能晚于今天"):
        services.record_screening(
            world.users.zu4, held_on=DAY + datetime.timedelta(days=5), chaired_by="王", attendees="王", items=[]
        )
    assert not ScreeningMeeting.objects.exists()
    with pytest.raises(DomainError, match=clue.serial):
        _screen(world.users.anguan, [(clue, "verification", "")])  # the group's clue: its leader screens it
    held = make_clue(assign=False)
    held = services.propose_assignment(world.users.anguan, held, version=held.version, office="第一纪检监察室")
    held = workflow_services.decide_approval(
        world.users.wei, current(held), version=held.version, approve=True, opinion="同意"
    )
    meeting = _screen(world.users.anguan, [(held, "verification", "")])
    assert meeting.group is None and meeting.held_by() == "委机关"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_meeting_pages_record_list_and_show_it_within_scope(world, make_clue):
    a, b = make_clue(), make_clue()
    client = _client(world.users.zu4)
    form = client.get("/clues/screenings/new/")
    assert form.status_code == 200 and a.serial in form.content.decode()
    response = client.post(
        "/clues/screenings/new/",
        {
            "held_on": "2026-03-09",
            "chaired_by": "王组长",
            "attendees": [world.users.zu4.pk, world.users.zu4a.pk],
            "guests": "张三",
            "notes": "",
            f"decision_{a.pk}": "park",
            f"opinion_{a.pk}": "暂无可查性",
            f"decision_{b.pk}": "",
        },
    )
    meeting = ScreeningMeeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/clues/screenings/{meeting.pk}/"
    assert [i.clue_id for i in meeting.items.all()] == [a.pk]
    assert meeting.attendees == "zu4、zu4a、张三"  # the group's staff as ticked, then the guests typed
    body = client.get(f"/clues/screenings/{meeting.pk}/").content.decode()
    assert a.serial in body and "暂存待查" in body and "暂无可查性" in body and 'class="watermark"' in body
    assert "2026-03-09" in client.get("/clues/screenings/").content.decode()
    assert _client(world.users.zu4a).get(f"/clues/screenings/{meeting.pk}/").status_code == 200
    for username in ("zu2", "shuji", "sysadmin", "auditor", "shenli"):
        assert _client(getattr(world.users, username)).get(f"/clues/screenings/{meeting.pk}/").status_code == 404
        assert "2026-03-09" not in _client(getattr(world.users, username)).get("/clues/screenings/").content.decode()
    assert _client(world.users.zu4a).get("/clues/screenings/new/").status_code == 404
    # The handler's proposal form offers the meeting; the clue's timeline shows the decision.
    propose = _client(world.users.zu4a).get(f"/clues/{a.pk}/propose/").content.decode()
    assert "2026-03-09 第四纪检监察组集体排查（王组长主持）" in propose
    assert "集体排查（2026-03-09，王组长主持）：拟暂存待查" in client.get(f"/clues/{a.pk}/").content.decode()


def test_an_empty_meeting_form_is_refused_with_a_message(world, make_clue):
    make_clue()
    response = _client(world.users.zu4).post(
        "/clues/screenings/new/", {"held_on": "2026-03-09", "chaired_by": "王组长", "attendees": [world.users.zu4.pk]}
    )
    assert response.status_code == 200 and "请至少对一条线索提出排查意见。" in response.content.decode()
    assert not ScreeningMeeting.objects.exists()


def test_a_recused_reader_sees_the_meeting_without_that_clue(world, make_clue):
    from paizhu.access.services import recuse

    a, b = make_clue(), make_clue([world.edu_deputy])
    meeting = _screen(world.users.zu4, [(a, "inquiry", ""), (b, "close", "")])
    member = world.users.zu4a
    recuse(member, b, "与被反映人系同学关系")
    body = _client(member).get(f"/clues/screenings/{meeting.pk}/").content.decode()
    assert a.serial in body and b.serial not in body


def test_the_meeting_pages_do_a_fixed_number_of_queries(world, make_clue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(world.users.zu4)

    def counts():
        result = []
        for url in ("/clues/screenings/", "/clues/screenings/new/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    _screen(world.users.zu4, [(make_clue(), "inquiry", "")])
    few = counts()
    for _ in range(4):
        _screen(world.users.zu4, [(make_clue(), "inquiry", ""), (make_clue(), "close", "")])
    assert counts() == few
    assert few[0] <= 20 and few[1] <= 20


def test_the_approver_sees_what_is_asked_and_the_meeting_behind_it(world, make_clue):
    clue = make_clue()
    meeting = _screen(world.users.zu4, [(clue, "inquiry", "")])
    services.propose_disposal(
        world.users.zu4a, clue, version=clue.version, method="inquiry", reasons="函询", meeting=meeting
    )
    body = _client(world.users.zu4).get(f"/approvals/{current(clue).pk}/").content.decode()
    assert '<dd class="col-sm-9 fw-bold">谈话函询</dd>' in body
    assert f'href="/clues/screenings/{meeting.pk}/"' in body


def test_the_attendees_are_the_groups_staff_ticked_and_one_is_needed(world, make_clue):
    clue = make_clue()
    client = _client(world.users.zu4)
    body = client.get("/clues/screenings/new/").content.decode()
    assert f'name="attendees" value="{world.users.zu4a.pk}"' in body  # the group's members are offered
    assert f'name="attendees" value="{world.users.zu2.pk}"' not in body  # another group's are not
    base = {
        "held_on": "2026-03-09",
        "chaired_by": "王组长",
        f"decision_{clue.pk}": "park",
        f"opinion_{clue.pk}": "暂存",
    }
    response = client.post("/clues/screenings/new/", base)
    assert "请勾选“参会人员”。" in response.content.decode()
    response = client.post("/clues/screenings/new/", {**base, "attendees": [world.users.zu2.pk]})
    assert "参会人员" in response.content.decode() and response.status_code == 200
    assert not ScreeningMeeting.objects.exists()
