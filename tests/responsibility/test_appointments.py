"""干部选任程序: each step with its date, irregular ones flagged (程序空转) for the group; 讨论决定 only after the group's
党风廉政意见回复, which goes into the candidate's integrity file."""

import datetime

import pytest

from paizhu import access
from paizhu.audit.models import AuditEntry
from paizhu.core import calendar
from paizhu.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied
from paizhu.org.models import IntegrityRecord
from paizhu.responsibility import queries
from paizhu.responsibility.models import Appointment, IntegrityOpinion
from paizhu.responsibility.services import appointments as services
from paizhu.responsibility.services import filings
from paizhu.workflow import reminders

D = datetime.date
S = Appointment.Step


@pytest.fixture(autouse=True)
def _calendar():
    calendar.invalidate()
    yield
    calendar.invalidate()


def _open(world, user=None):
    return services.open_appointment(
        user or world.users.lianluo,
        unit=world.edu,
        candidate=world.edu_clerk,
        proposed_post="基础教育科副科长",
        reason="基础教育科副科长职位空缺",
        on=D(2026, 3, 2),
    )


def _step(world, appointment, step, on, *, ends_on=None, filing=None):
    appointment.refresh_from_db()
    return services.record_step(
        world.users.lianluo,
        appointment,
        version=appointment.version,
        step=step,
        done_on=on,
        note=f"{S(step).label}情况",
        ends_on=ends_on,
        filing=filing,
    )


ANSWERED_ON, MEETING = D(2026, 3, 27), D(2026, 3, 31)


def _opinion(world, appointment, conclusion="clear", on=ANSWERED_ON):
    appointment.refresh_from_db()
    opinion = services.request_opinion(
        world.users.lianluo,
        appointment,
        version=appointment.version,
        request="拟提拔，请回复党风廉政意见。",
        on=D(2026, 3, 23),
    )
    return services.answer_opinion(
        world.users.zu4a, opinion, version=opinion.version, conclusion=conclusion, text="经查，未发现问题。", on=on
    )


def _filing(world, meeting_on=MEETING):
    return filings.file_matter(
        world.users.lianluo,
        unit=world.edu,
        category="appointment",
        title="研究基础教育科副科长拟任人选",
        agenda="讨论决定拟任人选",
        meeting_kind="party_group",
        meeting_on=meeting_on,
        on=D(2026, 3, 27),
    )


def test_a_complete_procedure_in_order_raises_no_flag(world):
    appointment = _open(world)
    for step, on in ((S.MOTION, D(2026, 3, 2)), (S.RECOMMENDATION, D(2026, 3, 9)), (S.INSPECTION, D(2026, 3, 16))):
        _step(world, appointment, step, on)
    _opinion(world, appointment)
    _step(world, appointment, S.DECISION, D(2026, 3, 31), filing=_filing(world))
    _step(world, appointment, S.PUBLICITY, D(2026, 4, 1), ends_on=D(2026, 4, 8))
    done = _step(world, appointment, S.APPOINTMENT, D(2026, 4, 10))
    assert done.status == Appointment.Status.APPOINTED
    assert (done.flags, done.flags_open) == ([], False)
    assert [s.step for s in done.steps.all()] == list(S.values)
    assert not queries.flagged_appointments(world.users.zu4).exists()


def test_a_skipped_step_is_flagged_to_the_group(world):
    appointment = _open(world)
    _step(world, appointment, S.MOTION, D(2026, 3, 2))
    done = _step(world, appointment, S.INSPECTION, D(2026, 3, 16))  # 民主推荐 skipped
    assert [f["code"] for f in done.flags] == ["missing:2"]
    assert "缺少“民主推荐”程序" in done.flags[0]["text"]
    assert done.flags_open
    assert list(queries.flagged_appointments(world.users.zu4)) == [done]
    assert [t.serial for t in queries.flagged_todos(world.users.zu4a)] == [done.serial]
    assert not queries.flagged_appointments(world.users.zu2).exists()  # another group's units only
    event = done.events.order_by("-id").first()
    assert "程序空转" in event.title
    entry = AuditEntry.objects.filter(action="responsibility.appointment_step").latest("id")
    assert entry.details["flags"] == ["missing:2"]
    # the group checks it: off its list, the flag stays on the record; a new flag puts it back
    checked = services.check_flags(world.users.zu4, done, version=done.version, opinion="已约谈组织人事科负责人。")
    assert not checked.flags_open and checked.flags and checked.check_opinion
    assert not queries.flagged_appointments(world.users.zu4).exists()
    with pytest.raises(DomainError, match="没有待核查"):
        services.check_flags(world.users.zu4, checked, version=checked.version, opinion="再次核查")
    back_filled = _step(world, checked, S.RECOMMENDATION, D(2026, 3, 20))  # back-filled after 考察, dated later
    assert [f["code"] for f in back_filled.flags] == ["missing:2", "order:2"]
    assert back_filled.flags_open


@pytest.mark.parametrize(
    ("steps", "code"),
    [
        ([(S.MOTION, D(2026, 3, 9)), (S.RECOMMENDATION, D(2026, 3, 2))], "order:2"),  # 推荐早于动议
        ([(S.MOTION, D(2026, 3, 2)), (S.RECOMMENDATION, D(2026, 3, 9)), (S.INSPECTION, D(2026, 3, 5))], "order:3"),
    ],
)
def test_a_step_dated_before_an_earlier_one_is_flagged_out_of_order(world, steps, code):
    appointment = _open(world)
    for step, on in steps:
        appointment = _step(world, appointment, step, on)
    assert [f["code"] for f in appointment.flags] == [code]
    assert "早于" in appointment.flags[0]["text"]


def test_the_decision_is_refused_without_an_answered_opinion(world):
    appointment = _open(world)
    for step, on in ((S.MOTION, D(2026, 3, 2)), (S.RECOMMENDATION, D(2026, 3, 9)), (S.INSPECTION, D(2026, 3, 16))):
        appointment = _step(world, appointment, step, on)
    with pytest.raises(DomainError, match="党风廉政意见") as refused:
        _step(world, appointment, S.DECISION, D(2026, 3, 31))
    assert refused.value.field == "step"
    opinion = services.request_opinion(
        world.users.lianluo, appointment, version=appointment.version + 0, request="请回复。", on=D(2026, 3, 23)
    )
    assert opinion.due_on == D(2026, 3, 30)  # 5 working days
    with pytest.raises(DomainError, match="党风廉政意见"):
        _step(world, appointment, S.DECISION, D(2026, 3, 31))  # requested, not answered
    appointment.refresh_from_db()
    assert not appointment.steps.filter(step=S.DECISION).exists()
    assert appointment.status == Appointment.Status.OPEN


def test_the_answered_opinion_goes_into_the_candidates_integrity_file(world):
    world.edu_clerk.rank = "fuke"  # a file is kept for cadres at 副科级 and above
    world.edu_clerk.save()
    IntegrityRecord.objects.create(
        person=world.edu_clerk,
        kind=IntegrityRecord.Kind.CLUE_OUTCOME,
        occurred_on=D(2025, 6, 1),
        source_serial="XS-2025-000009",
        summary="了结澄清",
    )
    appointment = _open(world)
    # the group reads the candidate's file when answering; the unit never does
    assert [r.source_serial for r in services.integrity_records(world.users.zu4a, appointment)] == ["XS-2025-000009"]
    assert not services.integrity_records(world.users.lianluo, appointment).exists()
    assert not services.integrity_records(world.users.zu2, appointment).exists()
    appointment.refresh_from_db()
    opinion = services.request_opinion(
        world.users.lianluo, appointment, version=appointment.version, request="拟提拔，请回复。", on=D(2026, 3, 23)
    )
    assert [t.serial for t in queries.opinion_todos(world.users.zu4)] == [appointment.serial]
    with pytest.raises(NotFound):  # the unit does not answer its own request
        services.answer_opinion(world.users.lianluo, opinion, version=opinion.version, conclusion="clear", text="无")
    with pytest.raises(NotFound):  # nor another group
        services.answer_opinion(world.users.zu2, opinion, version=opinion.version, conclusion="clear", text="无")
    with pytest.raises(DomainError, match="不能早于征求日期"):
        services.answer_opinion(
            world.users.zu4a, opinion, version=opinion.version, conclusion="clear", text="无", on=D(2026, 3, 20)
        )
    answered = services.answer_opinion(
        world.users.zu4a,
        opinion,
        version=opinion.version,
        conclusion="clear",
        text="经查，未发现问题。",
        on=D(2026, 3, 26),
    )
    assert answered.status == IntegrityOpinion.Status.ANSWERED
    entry = IntegrityRecord.objects.get(person=world.edu_clerk, kind=IntegrityRecord.Kind.INTEGRITY_OPINION)
    assert (entry.occurred_on, entry.source_serial, entry.measures) == (
        D(2026, 3, 26),
        appointment.serial,
        ["未发现影响使用的问题"],
    )
    assert "第四纪检监察组" in entry.summary and "基础教育科副科长" in entry.summary
    assert not queries.opinions_to_answer(world.users.zu4).exists()
    with pytest.raises(IllegalTransition):
        services.answer_opinion(world.users.zu4, answered, version=answered.version, conclusion="clear", text="再答")


def test_a_decision_against_the_opinion_or_before_it_or_unfiled_is_flagged(world):
    appointment = _open(world)
    for step, on in ((S.MOTION, D(2026, 3, 2)), (S.RECOMMENDATION, D(2026, 3, 9)), (S.INSPECTION, D(2026, 3, 16))):
        appointment = _step(world, appointment, step, on)
    _opinion(world, appointment, conclusion="defer", on=D(2026, 3, 27))
    done = _step(world, appointment, S.DECISION, D(2026, 3, 25))
    assert [f["code"] for f in done.flags] == ["no_filing", "opinion_after", "opinion_disregarded"]


def test_a_short_publicity_and_an_appointment_before_it_ends_are_flagged(world):
    appointment = _open(world)
    for step, on in ((S.MOTION, D(2026, 3, 2)), (S.RECOMMENDATION, D(2026, 3, 9)), (S.INSPECTION, D(2026, 3, 16))):
        appointment = _step(world, appointment, step, on)
    _opinion(world, appointment)
    _step(world, appointment, S.DECISION, D(2026, 3, 31), filing=_filing(world))
    # 4月1日（周三）至4月7日（周二）: 4月4日—6日清明假期，只有4个工作日
    done = _step(world, appointment, S.PUBLICITY, D(2026, 4, 1), ends_on=D(2026, 4, 7))
    assert [f["code"] for f in done.flags] == ["publicity_short"]
    assert "4个工作日" in done.flags[0]["text"]
    done = _step(world, appointment, S.APPOINTMENT, D(2026, 4, 3))
    assert [f["code"] for f in done.flags] == ["publicity_short", "order:6"]


def test_bad_steps_are_refused_at_their_field_and_change_nothing(world):
    appointment = _open(world)
    today = calendar.shanghai_today()
    cases = [
        ({"step": 9, "done_on": D(2026, 3, 2)}, "step"),
        ({"step": S.MOTION, "done_on": today + datetime.timedelta(days=1)}, "done_on"),
        ({"step": S.PUBLICITY, "done_on": D(2026, 4, 1)}, "ends_on"),
        ({"step": S.PUBLICITY, "done_on": D(2026, 4, 8), "ends_on": D(2026, 4, 1)}, "ends_on"),
        ({"step": S.MOTION, "done_on": D(2026, 3, 2), "ends_on": D(2026, 3, 9)}, "ends_on"),
    ]
    for kwargs, field in cases:
        with pytest.raises(DomainError) as refused:
            services.record_step(world.users.lianluo, appointment, version=appointment.version, note="情况", **kwargs)
        assert refused.value.field == field, kwargs
    with pytest.raises(DomainError, match="请填写“主要情况”"):
        services.record_step(
            world.users.lianluo,
            appointment,
            version=appointment.version,
            step=S.MOTION,
            done_on=D(2026, 3, 2),
            note=" ",
        )
    appointment = _step(world, appointment, S.MOTION, D(2026, 3, 2))
    with pytest.raises(DomainError, match="已经记录"):
        _step(world, appointment, S.MOTION, D(2026, 3, 3))
    assert appointment.steps.count() == 1


def test_only_the_units_own_users_record_and_the_group_only_reviews(world):
    with pytest.raises(PermissionDenied):
        _open(world, user=world.users.zu4)
    with pytest.raises(DomainError, match="本单位在职干部"):
        services.open_appointment(
            world.users.lianluo, unit=world.edu, candidate=world.water_head, proposed_post="副局长"
        )
    appointment = _open(world)
    with pytest.raises(NotFound):
        services.record_step(
            world.users.zu4, appointment, version=appointment.version, step=S.MOTION, done_on=D(2026, 3, 2), note="x"
        )
    assert access.may(world.users.zu4, "review", appointment)
    assert not access.may(world.users.lianluo, "review", appointment)
    assert not access.may(world.users.zu2, "view", appointment)


def test_a_stopped_selection_takes_no_more_steps(world):
    appointment = _open(world)
    stopped = services.stop_appointment(
        world.users.lianluo, appointment, version=appointment.version, reason="民主推荐得票未过半数"
    )
    assert stopped.status == Appointment.Status.STOPPED
    with pytest.raises(IllegalTransition):
        _step(world, stopped, S.MOTION, D(2026, 3, 2))


def test_the_group_is_reminded_of_an_opinion_due(world):
    appointment = _open(world)
    services.request_opinion(
        world.users.lianluo, appointment, version=appointment.version, request="请回复。", on=D(2026, 3, 23)
    )
    sent = reminders.send(D(2026, 3, 26))
    assert sent == 2  # 组长 and 组员 of the covering group
    assert "党风廉政意见待回复" in reminders.latest(world.users.zu4)[0].title
