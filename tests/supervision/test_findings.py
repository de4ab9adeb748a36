"""A finding becomes what the group leader decides: a clue, a first-form talk, or nothing, with a reason."""

import datetime

import pytest

from paizhu.audit.models import AuditEntry
from paizhu.clues.models import Clue
from paizhu.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied, StaleEdit
from paizhu.org.models import IntegrityRecord
from paizhu.supervision import services
from paizhu.supervision.models import Kind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_the_leader_registers_a_finding_as_a_clue_linked_both_ways(meeting, world):
    finding = meeting.findings.get()
    clue = services.dispose_as_clue(
        world.users.zu4,
        finding,
        version=1,
        summary="教学楼改造项目未报备即上会，涉嫌违反“三重一大”决策程序。",
        subjects=[world.edu_head],
        categories=["integrity"],
    )
    finding.refresh_from_db()
    assert (finding.status, finding.clue, finding.disposed_by, finding.version) == ("clue", clue, world.users.zu4, 2)
    assert finding.disposed_on == datetime.date(2026, 11, 20)
    assert (clue.source_kind, clue.source_ref, clue.group, clue.unit) == (
        "supervision",
        meeting.serial,
        world.g4,
        world.edu,
    )
    assert list(clue.subjects.all()) == [world.edu_head]
    assert "列席会议" in clue.source_detail
    assert meeting.events.last().title == f"问题发现登记为问题线索 {clue.serial}"
    assert AuditEntry.objects.get(action="finding.disposed_as_clue").details["clue"] == clue.pk
    with pytest.raises(IllegalTransition, match="当前状态为“已登记为问题线索”"):
        services.drop(world.users.zu4, finding, version=2, reason="重复")


def test_only_the_groups_leader_disposes_and_with_the_version_they_saw(meeting, world):
    finding = meeting.findings.get()
    u = world.users
    with pytest.raises(PermissionDenied, match="由派驻组组长处置"):
        services.drop(u.zu4a, finding, version=1, reason="不属实")
    with pytest.raises(NotFound):
        services.drop(u.zu2, finding, version=1, reason="不属实")
    with pytest.raises((NotFound, PermissionDenied)):
        services.drop(u.wei, finding, version=1, reason="不属实")
    with pytest.raises(StaleEdit):
        services.drop(u.zu4, finding, version=3, reason="不属实")
    with pytest.raises(DomainError, match="请填写不予处理理由"):
        services.drop(u.zu4, finding, version=1, reason=" ")
    assert not services.may_dispose(u.zu4a, finding) and services.may_dispose(u.zu4, finding)
    finding.refresh_from_db()
    assert finding.status == "pending" and not Clue.objects.exists()
    dropped = services.drop(u.zu4, finding, version=1, reason="经核，项目已于会前口头报备并补交书面材料。")
    assert (dropped.status, dropped.reason[:2]) == ("dropped", "经核")
    assert not services.may_dispose(u.zu4, dropped)


def test_a_refused_clue_leaves_the_finding_waiting(meeting, world):
    finding = meeting.findings.get()
    with pytest.raises(DomainError, match="被反映人须为涉及单位的干部"):
        services.dispose_as_clue(world.users.zu4, finding, version=1, summary="问题", subjects=[world.water_head])
    finding.refresh_from_db()
    assert (finding.status, finding.version) == ("pending", 1)
    assert not Clue.objects.exists()


def test_a_reminder_talk_answers_the_finding_and_reaches_the_integrity_file(meeting, world):
    finding = meeting.findings.get()
    data = services.ActivityInput(
        held_on=datetime.date(2026, 11, 19),
        units=[world.edu],
        persons=[world.edu_head],
        topic="“三重一大”事项未按规定报备",
        content="指出教学楼改造项目未提前报备的问题，王建国表示接受提醒，今后严格执行报备制度。",
    )
    talk = services.dispose_as_talk(world.users.zu4, finding, version=1, kind=Kind.REMINDER_TALK, data=data)
    finding.refresh_from_db()
    assert (finding.status, finding.talk) == ("talk", talk)
    assert (talk.kind, talk.author, talk.group) == ("reminder_talk", world.users.zu4, world.g4)
    entry = IntegrityRecord.objects.get(person=world.edu_head)
    assert (entry.kind, entry.source_serial, entry.form) == ("first_form_talk", talk.serial, 1)
    with pytest.raises(DomainError, match="请选择提醒谈话或谈话警示"):
        services.dispose_as_talk(world.users.zu4, finding, version=2, kind=Kind.HEART_TALK, data=data)


def test_a_finding_becomes_a_draft_demand_with_its_items_and_its_source_in_one_step(meeting, world):
    from paizhu.rectification.models import Demand

    finding = meeting.findings.get()
    demand = services.dispose_as_rectification(
        world.users.zu4,
        finding,
        version=1,
        kind="opinion",
        problems="“三重一大”事项未按规定报备即提交党组会研究。",
        items=["建立“三重一大”事项会前报备台账", "补报教学楼改造项目决策材料", "组织班子成员学习决策制度"],
        reply_workdays=15,
    )
    finding.refresh_from_db()
    assert (finding.status, finding.demand) == ("rectification", demand)
    assert (demand.unit, demand.group, demand.items.count()) == (world.edu, world.g4, 3)
    assert (demand.source_id, demand.source_label) == (finding.pk, f"{meeting.serial} 列席会议发现的问题")
    assert AuditEntry.objects.get(action="finding.disposed_as_rectification").details["demand"] == demand.pk
    with pytest.raises(DomainError, match="请至少列出一项整改事项"):
        other = services.record_activity(
            world.users.zu4a,
            Kind.INSPECTION,
            services.ActivityInput(
                held_on=datetime.date(2026, 11, 18),
                units=[world.edu],
                topic="公务接待",
                content="检查接待清单。",
                findings=["接待清单缺陪同人员"],
            ),
        ).findings.get()
        services.dispose_as_rectification(world.users.zu4, other, version=1, kind="opinion", problems="问题", items=[])
    other.refresh_from_db()
    assert other.status == "pending" and Demand.objects.count() == 1
