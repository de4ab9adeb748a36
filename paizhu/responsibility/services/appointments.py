"""干部选任程序 and 党风廉政意见回复: the unit records each step of a selection with its date, the group answers its
request for an integrity opinion on the candidate, and checks the procedure's flags. Each step one transaction with
its timeline row and audit entry.

The procedure is the 干部选拔任用工作条例's: 动议 → 民主推荐 → 考察 → 讨论决定 → 任前公示 (at least 5 working days,
after the decision and before the appointment) → 任职. A step is recorded as it happened, never refused for being
irregular, but each irregularity raises a flag ("程序空转") kept on the record for good and put on the group's to-do
list until the group checks it: a step missing before a later one, a step dated out of order, a 公示期 too short, a
decision meeting not filed as 三重一大, a decision dated before the group's opinion or against it. The one thing
refused is 讨论决定 before the group has answered the request for its opinion.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from paizhu import access
from paizhu.accounts.staff import group_staff
from paizhu.audit.services import record
from paizhu.core import calendar
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.numbering import next_serial
from paizhu.org.models import IntegrityRecord, Person, Unit
from paizhu.org.services import write_integrity_outcome
from paizhu.workflow import attachments, reminders, timeline
from paizhu.workflow.attachments import Upload
from paizhu.workflow.states import state_of
from paizhu.workflow.transitions import Event, commit, move, require_move

from ..limits import LIMITS, PUBLICITY_WORKDAYS
from ..models import Appointment, AppointmentStep, Filing, IntegrityOpinion
from .filings import _covering_group_id
from .lists import _text, may_write_for

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

Step = Appointment.Step
REVIEW = "review"


def own_people(user: "Actor") -> QuerySet[Person]:
    """Whom the unit's own users pick as a candidate: the active cadres of their unit (the picker's purpose)."""
    grant = getattr(user, "acting_grant", None)
    if grant is None or not may_write_for(user, grant.unit_id):
        return Person.objects.none()
    return access.scope(user, Person).filter(unit_id=grant.unit_id, is_active=True)


def _label(step: int) -> str:
    return Step(step).label


def open_appointment(
    actor: "Actor",
    *,
    unit: Unit,
    candidate: Person,
    proposed_post: str,
    reason: str = "",
    on: datetime.date | None = None,
) -> Appointment:
    """登记一项干部选任: the candidate (a cadre of the unit) and the post; the steps are recorded as they happen."""
    if not may_write_for(actor, unit.pk):
        raise PermissionDenied("只有本单位的党组书记或联络员可以登记本单位的干部选任。", model=Unit, pk=unit.pk)
    on = on or shanghai_today()
    if on > shanghai_today():
        raise DomainError("登记日期不能晚于今天。", field="created_on")
    if candidate is None or candidate.unit_id != unit.pk or not candidate.is_active:
        raise DomainError("拟任人选须为本单位在职干部。", field="candidate")
    proposed_post = _text(proposed_post, "拟任职务", "proposed_post", required=True, limit=100)
    reason = _text(reason, "动议事由", "reason", limit=2000)
    with transaction.atomic():
        appointment = Appointment.objects.create(
            serial=next_serial("XR", on.year),
            unit=unit,
            group_id=_covering_group_id(unit, on),
            candidate=candidate,
            current_post=candidate.post,
            proposed_post=proposed_post,
            reason=reason,
            created_by=actor,
            created_on=on,
        )
        timeline.write(actor, appointment, "responsibility.appointment_opened", f"登记干部选任：{appointment.title}")
        record(
            actor,
            "responsibility.appointment_opened",
            appointment,
            {"serial": appointment.serial, "candidate": candidate.pk, "post": proposed_post},
        )
    return appointment


def _flag(appointment: Appointment, code: str, text: str, on: datetime.date) -> dict | None:
    """Add a flag unless the record has it already; the new one, or None."""
    if any(f["code"] == code for f in appointment.flags):
        return None
    flag = {"code": code, "text": text, "on": on.isoformat()}
    appointment.flags = [*appointment.flags, flag]
    appointment.flags_open = True
    return flag


def _problems(
    appointment: Appointment,
    done: dict[int, AppointmentStep],
    step: int,
    done_on: datetime.date,
    ends_on: datetime.date | None,
    filing: Filing | None,
) -> list[tuple[str, str]]:
    """What recording `step` on `done_on` shows wrong with the procedure: (code, words) pairs."""
    found = []
    for earlier in range(Step.MOTION, step):
        if earlier not in done:
            found.append((f"missing:{earlier}", f"记录“{_label(step)}”时缺少“{_label(earlier)}”程序"))
    for other, row in sorted(done.items()):
        last = row.ends_on or row.done_on  # after 任前公示 comes its end, not its start
        if other < step and last > done_on:
            found.append(
                (
                    f"order:{step}",
                    f"“{_label(step)}”（{done_on:%Y-%m-%d}）早于“{_label(other)}”"
                    f"{'期满' if row.ends_on else ''}（{last:%Y-%m-%d}）",
                )
            )
            break
        if other > step and row.done_on < (ends_on or done_on):
            found.append(
                (
                    f"order:{step}",
                    f"“{_label(step)}”（{done_on:%Y-%m-%d}）晚于已记录的“{_label(other)}”（{row.done_on:%Y-%m-%d}）",
                )
            )
            break
    if step == Step.PUBLICITY and ends_on is not None:
        days = calendar.workdays_between(done_on, ends_on) + (1 if calendar.is_workday(done_on) else 0)
        if days < PUBLICITY_WORKDAYS:
            found.append(("publicity_short", f"任前公示期{days}个工作日，不足{PUBLICITY_WORKDAYS}个工作日"))
    if step == Step.DECISION:
        if filing is None:
            found.append(("no_filing", "讨论决定的会议未按“三重一大”事项报备"))
        opinion = getattr(appointment, "opinion", None)
        if opinion is not None and opinion.answered_on and done_on < opinion.answered_on:
            found.append(
                (
                    "opinion_after",
                    f"讨论决定（{done_on:%Y-%m-%d}）早于党风廉政意见回复（{opinion.answered_on:%Y-%m-%d}）",
                )
            )
        if opinion is not None and opinion.conclusion in (
            IntegrityOpinion.Conclusion.DEFER,
            IntegrityOpinion.Conclusion.OBJECT,
        ):
            found.append(("opinion_disregarded", f"派驻组回复“{opinion.get_conclusion_display()}”后仍讨论决定"))
    return found


def record_step(
    actor: "Actor",
    appointment: Appointment,
    *,
    version: int | None,
    step: int,
    done_on: datetime.date,
    note: str,
    ends_on: datetime.date | None = None,
    filing: Filing | None = None,
    uploads: Sequence[Upload] = (),
) -> Appointment:
    """记录一道程序 with its date (任前公示: its period; 讨论决定: the filed meeting). Irregular steps are flagged."""
    if step not in Step.values:
        raise DomainError("请选择程序。", field="step")
    step = Step(step)
    note = _text(note, "主要情况", "note", required=True, limit=2000)
    if done_on is None:
        raise DomainError("请填写日期。", field="done_on")
    if done_on > shanghai_today():
        raise DomainError("日期不能晚于今天：程序办理后再记录。", field="done_on")
    if step == Step.PUBLICITY:
        if ends_on is None:
            raise DomainError("请填写公示截止日期。", field="ends_on")
        if ends_on < done_on:
            raise DomainError("公示截止日期不能早于公示开始日期。", field="ends_on")
    elif ends_on is not None:
        raise DomainError("只有任前公示填写截止日期。", field="ends_on")
    if step != Step.DECISION and filing is not None:
        raise DomainError("只有讨论决定对应“三重一大”报备。", field="filing")
    with attachments.files_removed_on_failure() as written, transaction.atomic():
        locked = access.lock_for_act(actor, Appointment, appointment.pk, version=version)
        require_move(locked, "appoint" if step == Step.APPOINTMENT else "record", f"记录{step.label}")
        done = {row.step: row for row in locked.steps.all()}
        if step in done:
            raise DomainError(f"“{step.label}”已经记录。", field="step")
        if filing is not None and (filing.unit_id != locked.unit_id or filing.category != Filing.Category.APPOINTMENT):
            raise DomainError("请选择本单位“重要干部任免”类的“三重一大”报备。", field="filing")
        if step == Step.DECISION:
            opinion = IntegrityOpinion.objects.filter(appointment=locked).first()
            if opinion is None or opinion.status != IntegrityOpinion.Status.ANSWERED:
                raise DomainError(
                    "讨论决定前须征求派驻纪检监察组的党风廉政意见，并在收到回复后再讨论决定。", field="step"
                )
        problems = _problems(locked, done, step, done_on, ends_on, filing)
        raised = [f for f in (_flag(locked, code, text, shanghai_today()) for code, text in problems) if f]
        AppointmentStep.objects.create(
            appointment=locked,
            step=step,
            done_on=done_on,
            ends_on=ends_on,
            note=note,
            recorded_by=actor,
        )
        if step == Step.DECISION:
            locked.filing = filing
        attachments.store(actor, locked, uploads, label=f"{step.label}材料", written=written)
        before = state_of(locked)
        move(locked, "appoint" if step == Step.APPOINTMENT else "record", f"记录{step.label}")
        when = f"{done_on:%Y-%m-%d}" + (f"至{ends_on:%Y-%m-%d}" if ends_on else "")
        title = f"记录{step.label}（{when}）" + (
            f"：程序空转——{'；'.join(f['text'] for f in raised)}" if raised else ""
        )
        return commit(
            actor,
            locked,
            Event(
                "responsibility.appointment_step",
                title[:200],
                note,
                {"step": int(step), "done_on": done_on.isoformat(), "flags": [f["code"] for f in raised]},
            ),
            before=before,
        )


def stop_appointment(actor: "Actor", appointment: Appointment, *, version: int | None, reason: str) -> Appointment:
    """终止选任 (the candidate is not chosen, withdraws, or the group's opinion stands in the way)."""
    reason = _text(reason, "终止原因", "reason", required=True)
    with transaction.atomic():
        locked = access.lock_for_act(actor, Appointment, appointment.pk, version=version)
        before = state_of(locked)
        move(locked, "stop", "终止选任", reason)
        return commit(actor, locked, Event("responsibility.appointment_stopped", "终止选任", reason), before=before)


def check_flags(actor: "Actor", appointment: Appointment, *, version: int | None, opinion: str) -> Appointment:
    """派驻组核查程序问题: its opinion on the flags raised so far; a later flag puts the record back on its list."""
    opinion = _text(opinion, "核查意见", "opinion", required=True)
    with transaction.atomic():
        locked = access.lock_for_act(actor, Appointment, appointment.pk, version=version, action=REVIEW)
        if not locked.flags_open:
            raise DomainError("没有待核查的程序问题。")
        locked.flags_open = False
        locked.check_opinion = opinion
        return commit(
            actor,
            locked,
            Event(
                "responsibility.appointment_checked",
                "派驻组核查选任程序问题",
                opinion,
                {"flags": [f["code"] for f in locked.flags]},
            ),
            before=state_of(locked),
        )


# --- 党风廉政意见回复 ---


def request_opinion(
    actor: "Actor", appointment: Appointment, *, version: int | None, request: str, on: datetime.date | None = None
) -> IntegrityOpinion:
    """征求党风廉政意见: the unit's letter to the covering group about the candidate, before the decision."""
    request = _text(request, "征求意见函", "request", required=True, limit=2000)
    today = shanghai_today()
    on = on or today
    if on > today:
        raise DomainError("征求日期不能晚于今天。", field="requested_on")
    with transaction.atomic():
        locked = access.lock_for_act(actor, Appointment, appointment.pk, version=version)
        require_move(locked, "record", "征求党风廉政意见")
        if IntegrityOpinion.objects.filter(appointment=locked).exists():
            raise DomainError("已经征求过党风廉政意见。")
        if locked.steps.filter(step=Step.DECISION).exists():
            raise DomainError("已经讨论决定：党风廉政意见应在讨论决定前征求。")
        if locked.group_id is None:
            raise DomainError("本单位目前没有派驻纪检监察组联系，无法征求意见。")
        opinion = IntegrityOpinion.objects.create(
            appointment=locked,
            requested_on=on,
            request=request,
            due_on=LIMITS.due("opinion_answer", on),
            requested_by=actor,
        )
        commit(
            actor,
            locked,
            Event(
                "responsibility.opinion_requested",
                f"征求派驻纪检监察组党风廉政意见（请于{opinion.due_on:%Y-%m-%d}前回复）",
                request,
                {"due_on": opinion.due_on.isoformat()},
            ),
            before=state_of(locked),
        )
    return opinion


def answer_opinion(
    actor: "Actor",
    opinion: IntegrityOpinion,
    *,
    version: int | None,
    conclusion: str,
    text: str,
    on: datetime.date | None = None,
) -> IntegrityOpinion:
    """派驻组回复党风廉政意见: its conclusion and words; the answer goes into the candidate's integrity file."""
    if conclusion not in IntegrityOpinion.Conclusion.values:
        raise DomainError("请选择回复结论。", field="conclusion")
    text = _text(text, "回复意见", "text", required=True, limit=2000)
    today = shanghai_today()
    on = on or today
    if on > today:
        raise DomainError("回复日期不能晚于今天。", field="answered_on")
    with transaction.atomic():
        locked = access.lock_for_act(
            actor,
            IntegrityOpinion.objects.select_related(
                "appointment__candidate", "appointment__unit", "appointment__group"
            ),
            opinion.pk,
            version=version,
            action=REVIEW,
        )
        if on < locked.requested_on:
            raise DomainError("回复日期不能早于征求日期。", field="answered_on")
        before = state_of(locked)
        move(locked, "answer", "回复党风廉政意见", conclusion, text, on, actor)
        appointment = locked.appointment
        label = locked.get_conclusion_display()
        group = appointment.group.short_name if appointment.group is not None else "派驻纪检监察组"
        write_integrity_outcome(
            appointment.candidate,
            kind=IntegrityRecord.Kind.INTEGRITY_OPINION,
            occurred_on=on,
            source_serial=appointment.serial,
            form=None,
            measures=[label],
            summary=f"{appointment.serial}：{group}对拟任{appointment.unit.name}{appointment.proposed_post}的党风廉政意见回复：{label}",
        )
        return commit(
            actor,
            locked,
            Event(
                "responsibility.opinion_answered",
                f"派驻组回复党风廉政意见：{label}",
                text,
                {"conclusion": conclusion, "person": appointment.candidate_id},
            ),
            before=before,
        )


def integrity_records(user: "Actor", appointment: Appointment) -> QuerySet[IntegrityRecord]:
    """The candidate's integrity file as `user` may read it (the group: its units' people; never the unit)."""
    return (
        access.scope(user, IntegrityRecord).filter(person_id=appointment.candidate_id).order_by("-occurred_on", "-id")
    )


def opinion_reminders(today: datetime.date, horizon: datetime.date) -> Iterable[reminders.Reminder]:
    """The covering group's staff: a request for an integrity opinion to answer, due soon or overdue."""
    waiting = IntegrityOpinion.objects.filter(status=IntegrityOpinion.Status.REQUESTED, due_on__lte=horizon)
    for opinion in waiting.select_related("appointment__unit", "appointment__candidate"):
        appointment = opinion.appointment
        if appointment.group_id is None:
            continue
        staff = tuple(group_staff(appointment.group_id).values_list("pk", flat=True))
        overdue = "已逾期" if opinion.due_on < today else f"{opinion.due_on:%m月%d日}前"
        if staff:
            yield reminders.Reminder(
                opinion,
                staff,
                f"opinion:{opinion.pk}:{'overdue' if opinion.due_on < today else 'soon'}",
                f"党风廉政意见待回复（{overdue}）：{appointment.unit.name} {appointment.title}"[:200],
                reverse("responsibility:appointment", args=[appointment.pk]),
            )


def may_review(user: "Actor", obj: Appointment) -> bool:
    return access.may(user, REVIEW, obj)
