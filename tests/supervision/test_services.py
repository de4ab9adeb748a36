"""The supervision log's services: what a record takes, what it refuses, and who may correct it."""

import datetime

import pytest

from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError, NotFound, PermissionDenied, StaleEdit
from paizhu.org.models import IntegrityRecord
from paizhu.supervision import services
from paizhu.supervision.models import Activity, Kind
from paizhu.workflow import attachments
from tests.samples import PNG

from .conftest import meeting_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_a_meeting_is_recorded_with_its_findings_photos_timeline_and_audit(world, zu4b):
    u = world.users
    photo = attachments.Upload("IMG_0412.png", PNG)
    activity = services.record_activity(u.zu4a, Kind.MEETING, meeting_input(world, participants=[zu4b]), photos=[photo])
    assert activity.serial.startswith("JD-2026-")
    assert (activity.group, activity.unit, activity.author) == (world.g4, world.edu, u.zu4a)
    assert set(activity.participants.all()) == {u.zu4a, zu4b}  # the author is always among them
    assert activity.last_word == "no" and "1860万元" in activity.major_items
    (finding,) = activity.findings.all()
    assert finding.status == "pending" and "未按规定提前向派驻组报备" in finding.text
    (row,) = attachments.of(activity)
    assert (row.label, row.kind, row.name) == ("现场照片", "png", "IMG_0412.png")
    (event,) = activity.events.all()
    assert event.title == "登记列席会议，发现问题1个"
    entry = AuditEntry.objects.get(action="supervision.recorded")
    assert entry.details["findings"] == [finding.pk] and entry.details["attachments"] == [row.pk]
    assert not IntegrityRecord.objects.exists()  # a meeting is no first-form measure


def test_the_fields_a_kind_has_not_are_left_blank(world):
    activity = services.record_activity(
        world.users.zu4a,
        Kind.HEART_TALK,
        meeting_input(world, persons=[world.edu_deputy], topic="新任职谈心", findings=[]),
    )
    assert (activity.meeting, activity.major_items, activity.last_word, activity.opinion) == ("", "", "", "")
    assert activity.topic == "新任职谈心"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"held_on": datetime.date(2026, 11, 21)}, "held_on", "不能晚于今天"),
        ({"held_on": None}, "held_on", "请填写"),
        ({"units": []}, "units", "请选择监督的单位"),
        ({"meeting": " "}, "meeting", "请填写会议名称"),
        ({"last_word": ""}, "last_word", "末位表态"),
        ({"content": "字" * 5001}, "content", "不超过5000字"),
        ({"findings": ["问" * 1001]}, "findings", "不超过1000字"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_written(world, changes, field, message):
    with pytest.raises(DomainError, match=message) as refused:
        services.record_activity(world.users.zu4a, Kind.MEETING, meeting_input(world, **changes))
    assert refused.value.field == field
    assert not Activity.objects.exists() and not AuditEntry.objects.filter(action="supervision.recorded").exists()


def test_only_the_groups_units_its_roster_and_its_staff_are_accepted(world):
    u = world.users
    with pytest.raises(DomainError, match="测试市水利局在2026-11-12不在本组监督范围内") as refused:
        services.record_activity(u.zu4a, Kind.MEETING, meeting_input(world, units=[world.water], persons=[]))
    assert refused.value.field == "units"
    with pytest.raises(DomainError, match="陈志强不是所选单位的干部"):
        services.record_activity(u.zu4a, Kind.MEETING, meeting_input(world, persons=[world.water_head]))
    with pytest.raises(DomainError, match="参加人员须为本组工作人员：zu2"):
        services.record_activity(u.zu4a, Kind.MEETING, meeting_input(world, participants=[u.zu2]))
    with pytest.raises(DomainError, match="请从名册中选择谈话对象") as refused:
        services.record_activity(u.zu4a, Kind.REMINDER_TALK, meeting_input(world, persons=[], topic="苗头"))
    assert refused.value.field == "persons"
    for outsider in (u.lianluo, u.shuji, u.wei, u.xinfang):
        with pytest.raises(PermissionDenied):
            services.record_activity(outsider, Kind.MEETING, meeting_input(world))
    assert not Activity.objects.exists()


def test_a_conflicted_participant_is_refused(world, zu4b):
    from paizhu.access import services as access_services
    from paizhu.access.models import RelationDeclaration

    access_services.declare_relation(zu4b, RelationDeclaration.Kind.RELATIVE, person=world.edu_head)
    with pytest.raises(DomainError, match="孙立新与涉及单位或人员存在回避关系"):
        services.record_activity(world.users.zu4a, Kind.MEETING, meeting_input(world, participants=[zu4b]))


def test_a_petition_links_only_a_report_the_user_may_see(world):
    from paizhu.intake import services as intake
    from paizhu.intake.models import Channel

    report = intake.register_report(
        world.users.xinfang,
        intake.ReportInput(facts="反映教育局食堂采购价格虚高。", unit=world.edu),
        channel=Channel.LETTER,
        received_on=datetime.date(2026, 11, 2),
    )
    # Not yet routed to the group: the member does not see it, and cannot link it.
    with pytest.raises(DomainError, match="所选信访举报不存在或您无权查看") as refused:
        services.record_activity(world.users.zu4a, Kind.PETITION, meeting_input(world, report=report))
    assert refused.value.field == "report"
    report = intake.confirm_routing(world.users.xinfang, report, group=world.g4)
    activity = services.record_activity(world.users.zu4, Kind.PETITION, meeting_input(world, report=report))
    assert activity.report == report


@pytest.mark.parametrize("kind", [Kind.REMINDER_TALK, Kind.WARNING_TALK])
def test_a_first_form_talk_goes_into_each_persons_integrity_file(world, kind):
    activity = services.record_activity(
        world.users.zu4a,
        kind,
        meeting_input(world, persons=[world.edu_clerk, world.edu_deputy], topic="公车使用登记不规范"),
    )
    rows = IntegrityRecord.objects.filter(source_serial=activity.serial).order_by("person_id")
    assert [(r.person, r.kind, r.form, r.measures) for r in rows] == [
        (world.edu_deputy, "first_form_talk", 1, [kind.label]),
        (world.edu_clerk, "first_form_talk", 1, [kind.label]),
    ]
    assert rows[0].occurred_on == datetime.date(2026, 11, 12)
    assert "公车使用登记不规范" in rows[0].summary
    assert AuditEntry.objects.get(action="supervision.recorded").details["integrity_file"] is True


def test_the_author_corrects_the_record_with_the_version_they_loaded(meeting, world):
    u = world.users
    data = meeting_input(world, place="教育局一楼会议室", findings=["会议记录未记载班子成员个人表态"])
    edited = services.edit_activity(u.zu4a, meeting, data, version=1)
    assert (edited.place, edited.version, edited.findings.count()) == ("教育局一楼会议室", 2, 2)
    assert edited.updated_at is not None
    entry = AuditEntry.objects.get(action="supervision.edited")
    assert entry.details["changes"] == ["place"]
    assert edited.events.last().title == "修改记录（地点），补充问题1个"
    with pytest.raises(StaleEdit):
        services.edit_activity(u.zu4a, meeting, meeting_input(world, place="别处"), version=1)
    with pytest.raises(DomainError, match="没有修改任何内容"):
        services.edit_activity(u.zu4a, edited, meeting_input(world, place="教育局一楼会议室", findings=[]), version=2)


def test_nobody_but_the_author_corrects_a_record(meeting, world, zu4b):
    u = world.users
    for other in (u.zu4, zu4b):  # the group's leader, a colleague
        with pytest.raises(PermissionDenied, match="只有记录人本人"):
            services.edit_activity(other, meeting, meeting_input(world, place="别处"), version=1)
        assert not services.may_edit(other, meeting)
    with pytest.raises((NotFound, PermissionDenied)):
        services.edit_activity(u.zu2, meeting, meeting_input(world, place="别处"), version=1)
    assert services.may_edit(u.zu4a, meeting)
    meeting.refresh_from_db()
    assert meeting.version == 1


def test_the_persons_of_a_first_form_talk_stay_as_filed(world):
    talk = services.record_activity(
        world.users.zu4a, Kind.REMINDER_TALK, meeting_input(world, persons=[world.edu_clerk], topic="迟到早退")
    )
    with pytest.raises(DomainError, match="已记入廉政档案") as refused:
        services.edit_activity(
            world.users.zu4a, talk, meeting_input(world, persons=[world.edu_deputy], topic="迟到早退"), version=1
        )
    assert refused.value.field == "persons"
    services.edit_activity(
        world.users.zu4a, talk, meeting_input(world, persons=[world.edu_clerk], topic="上班迟到早退"), version=1
    )
    assert "上班迟到早退" in IntegrityRecord.objects.get(source_serial=talk.serial).summary
