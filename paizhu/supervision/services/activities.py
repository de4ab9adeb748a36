"""Recording an activity in the supervision log, and correcting it afterwards (by its author)."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from paizhu import access
from paizhu.audit.services import record
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.numbering import next_serial
from paizhu.intake.models import Report
from paizhu.org.models import IntegrityRecord, Person, Unit
from paizhu.org.services import write_integrity_outcome
from paizhu.workflow import attachments, timeline

from ..kinds import spec
from ..models import FIRST_FORM_KINDS, Activity, Finding, Kind, LastWord
from ._common import (
    FINDING_LIMIT,
    clean_text,
    covered_units,
    not_future,
    refuse_conflicts,
    require_group_staff,
    roster_persons,
    staff_of,
)

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

PHOTOS_LABEL = "现场照片"


@dataclass
class ActivityInput:
    """What a user writes about one activity; the kind decides which of the specific fields count."""

    held_on: datetime.date | None
    units: Sequence[Unit]
    content: str
    persons: Sequence[Person] = ()
    participants: Sequence["Actor"] = ()
    place: str = ""
    topic: str = ""
    meeting: str = ""
    major_items: str = ""
    last_word: str = ""
    opinion: str = ""
    materials: str = ""
    report: Report | None = None
    findings: Sequence[str] = field(default_factory=tuple)  # new findings, one problem each
    unfiled: bool = False  # 列席会议: its 三重一大 items were decided without the filing (报备) owed before the meeting


_TEXT_LIMITS = {"topic": 200, "meeting": 200, "major_items": 3000, "opinion": 3000, "materials": 3000}


def _checked(actor: "Actor", group_id: int, kind: str, data: ActivityInput) -> dict:
    """The record's values from `data`, each checked; the fields the kind has not are blank."""
    kind_spec = spec(kind)
    label = {**{"held_on": "日期", "content": "主要内容", "place": "地点"}, **kind_spec.labels}.get
    held_on = not_future(data.held_on, label("held_on") or "日期", "held_on")
    units = covered_units(group_id, held_on, data.units)
    persons = roster_persons(data.persons, units)
    if "persons" in kind_spec.required and not persons:
        raise DomainError("请从名册中选择谈话对象。", field="persons")
    participants = staff_of(group_id, [actor, *data.participants])
    refuse_conflicts(participants, Activity(), units, persons)
    values: dict = {
        "held_on": held_on,
        "place": clean_text(data.place, "地点", "place", required=False, limit=100),
        "content": clean_text(data.content, label("content") or "主要内容", "content"),
    }
    for name in ("topic", "meeting", "major_items", "opinion", "materials"):
        if name in kind_spec.fields:
            values[name] = clean_text(
                getattr(data, name),
                label(name) or name,
                name,
                required=name in kind_spec.required,
                limit=_TEXT_LIMITS[name],
            )
        else:
            values[name] = ""
    values["last_word"] = ""
    if "last_word" in kind_spec.fields:
        if data.last_word and data.last_word not in LastWord.values:
            raise DomainError("请选择主要负责人是否末位表态。", field="last_word")
        if values["major_items"] and not data.last_word:
            raise DomainError("会议研究了“三重一大”事项，请选择主要负责人是否末位表态。", field="last_word")
        values["last_word"] = data.last_word
    values["report"] = None
    if "report" in kind_spec.fields and data.report is not None:
        if not access.may(actor, "view", data.report):
            raise DomainError("所选信访举报不存在或您无权查看。", field="report")
        values["report"] = data.report
    findings = [clean_text(t, "发现的问题", "findings", limit=FINDING_LIMIT) for t in data.findings if t.strip()]
    if data.unfiled and "major_items" in kind_spec.fields:
        findings.insert(0, _unfiled_finding(values["meeting"], values["major_items"]))
    return {"values": values, "units": units, "persons": persons, "participants": participants, "findings": findings}


def _unfiled_finding(meeting: str, major_items: str) -> str:
    """The finding a decision taken without its 三重一大 filing becomes (responsibility's 报备, domain.md §6)."""
    if not major_items:
        raise DomainError("请填写会上研究的、未经报备的“三重一大”事项。", field="major_items")
    items = "；".join(line.strip() for line in major_items.splitlines() if line.strip())
    text = f"{meeting}研究“三重一大”事项前未按规定向派驻组报备：{items}"
    return text if len(text) <= FINDING_LIMIT else f"{meeting}研究“三重一大”事项前未按规定向派驻组报备（事项见本记录）"


def _integrity(activity: Activity, persons: Iterable[Person]) -> None:
    """第一种形态: the talk goes into each person's integrity file (once per record; a correction rewrites it)."""
    what = activity.get_kind_display()
    for person in persons:
        write_integrity_outcome(
            person,
            kind=IntegrityRecord.Kind.FIRST_FORM_TALK,
            occurred_on=activity.held_on,
            source_serial=activity.serial,
            form=1,
            measures=[what],
            summary=f"{activity.serial}：{activity.group.short_name}{what}，事由：{activity.topic}",
        )


def _add_findings(activity: Activity, texts: Sequence[str]) -> list[Finding]:
    return Finding.objects.bulk_create(Finding(activity=activity, text=t) for t in texts)


def record_activity(
    actor: "Actor", kind: str, data: ActivityInput, *, photos: Sequence[attachments.Upload] = ()
) -> Activity:
    """登记: one activity of the actor's group, with its findings and photos, in one transaction.

    The actor is always among the participants. A 提醒谈话 or 谈话警示 is written to each person's
    integrity file (第一种形态) in the same step.
    """
    group_id = require_group_staff(actor)
    if kind not in Kind.values:
        raise DomainError("请选择监督工作类别。", field="kind")
    checked = _checked(actor, group_id, kind, data)
    with attachments.files_removed_on_failure() as written, transaction.atomic():
        activity = Activity.objects.create(
            serial=next_serial("JD"),
            group_id=group_id,
            kind=kind,
            unit=checked["units"][0],
            author=actor,
            **checked["values"],
        )
        activity.units.set(checked["units"])
        activity.persons.set(checked["persons"])
        activity.participants.set(checked["participants"])
        findings = _add_findings(activity, checked["findings"])
        stored = attachments.store(actor, activity, photos, label=PHOTOS_LABEL, written=written)
        if kind in FIRST_FORM_KINDS:
            _integrity(activity, checked["persons"])
        title = f"登记{activity.get_kind_display()}" + (f"，发现问题{len(findings)}个" if findings else "")
        timeline.write(actor, activity, "supervision.recorded", title, after="")
        record(
            actor,
            "supervision.recorded",
            activity,
            {
                "serial": activity.serial,
                "kind": kind,
                "held_on": activity.held_on.isoformat(),
                "units": [u.pk for u in checked["units"]],
                "persons": [p.pk for p in checked["persons"]],
                "findings": [f.pk for f in findings],
                "attachments": [a.pk for a in stored],
                "integrity_file": kind in FIRST_FORM_KINDS,
            },
        )
    return activity


def _field_label(kind: str, name: str) -> str:
    return spec(kind).labels.get(name) or str(getattr(Activity._meta.get_field(name), "verbose_name", name))


def may_edit(actor: "Actor", activity: Activity) -> bool:
    """Its author, still on the staff of its group (the page's button and the service ask the same)."""
    return activity.author_id == actor.pk and access.may(actor, "act", activity)


def edit_activity(actor: "Actor", activity: Activity, data: ActivityInput, *, version: int) -> Activity:
    """修改: the author corrects the record; the changed fields are audited, findings may be added.

    The kind stays; the persons of a first-form talk stay too, since their integrity file already says
    so (a wrong person is corrected by the responsibility module's file pages, not by rewriting here).
    """
    group_id = require_group_staff(actor)
    if activity.author_id != actor.pk:
        raise PermissionDenied("只有记录人本人可以修改日常监督记录。")
    checked = _checked(actor, group_id, activity.kind, data)
    with transaction.atomic():
        locked = access.lock_for_act(actor, Activity, activity.pk, version=version)
        if locked.author_id != actor.pk:
            raise PermissionDenied("只有记录人本人可以修改日常监督记录。")
        before_persons = set(locked.persons.values_list("pk", flat=True))
        after_persons = {p.pk for p in checked["persons"]}
        if locked.kind in FIRST_FORM_KINDS and before_persons != after_persons:
            raise DomainError("谈话对象已记入廉政档案，不能修改。", field="persons")
        before_units = list(locked.units.values_list("pk", flat=True))
        before_participants = set(locked.participants.values_list("pk", flat=True))
        changes = [name for name, value in checked["values"].items() if getattr(locked, name) != value]
        for name, value in checked["values"].items():
            setattr(locked, name, value)
        unit_ids = [u.pk for u in checked["units"]]
        if sorted(before_units) != sorted(unit_ids):
            changes.append("units")
        if before_persons != after_persons:
            changes.append("persons")
        if before_participants != {u.pk for u in checked["participants"]}:
            changes.append("participants")
        findings = _add_findings(locked, checked["findings"])
        if not changes and not findings:
            raise DomainError("没有修改任何内容。")
        locked.unit = checked["units"][0]
        locked.updated_at = timezone.now()
        locked.version += 1
        locked.save()
        locked.units.set(checked["units"])
        locked.persons.set(checked["persons"])
        locked.participants.set(checked["participants"])
        if locked.kind in FIRST_FORM_KINDS:
            _integrity(locked, checked["persons"])
        words = "、".join(_field_label(locked.kind, name) for name in changes)
        title = "修改记录" + (f"（{words}）" if words else "") + (f"，补充问题{len(findings)}个" if findings else "")
        timeline.write(actor, locked, "supervision.edited", title, after="")
        record(
            actor,
            "supervision.edited",
            locked,
            {"serial": locked.serial, "changes": changes, "findings": [f.pk for f in findings]},
        )
    return locked
