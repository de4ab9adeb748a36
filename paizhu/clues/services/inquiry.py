"""谈话函询: the talk or the letter, the written explanation, and the handler's proposal how it ends."""

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction

from paizhu import access
from paizhu.core.errors import DomainError
from paizhu.workflow import approvals, attachments, documents
from paizhu.workflow.attachments import Upload
from paizhu.workflow.transitions import Event, require_move, transition

from ..models import FIRST_FORM_MEASURES, Action, CloseKind, Clue, Form, InquiryMode
from ._common import (
    DISPOSAL,
    check_close_reason,
    check_measures,
    clean_text,
    due,
    not_before,
    not_future,
    propose,
    require_handler,
)

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

INQUIRY_OUTCOMES = (Action.CLARIFY, Action.FIRST_FORM, Action.REINQUIRE, Action.VERIFICATION, Action.CLOSE)


def issue_inquiry(
    actor: "Actor",
    clue: Clue,
    *,
    version: int,
    mode: str,
    on: datetime.date,
    note: str = "",
    uploads: Sequence[Upload] = (),
) -> Clue:
    """谈话: the talk was held on `on`; 函询: the letter was received by the person on `on`.

    `uploads`: the signed talk record (谈话笔录) or the proof of service, photographed or scanned, kept with the clue.
    """
    access.get_for_act(actor, Clue, clue.pk)
    require_handler(actor, clue)
    if mode not in InquiryMode.values:
        raise DomainError("请选择谈话或函询。", field="mode")
    facts = {"note": clean_text(note, "备注", "note", required=False)}
    if mode == InquiryMode.LETTER:
        name, what, label, key = "send_letter", "发出函询函", "函件送达日期", "inquiry_reply"

        def event(moved: Clue) -> Event:
            title = f"函询函于{on:%Y-%m-%d}送达，书面说明{moved.due_on:%Y-%m-%d}前报送"
            return Event("clue.inquiry_issued", title, facts["note"])

    else:
        name, what, label, key = "hold_talk", "登记谈话", "谈话日期", "inquiry_conclusion"

        def event(moved: Clue) -> Event:
            return Event("clue.inquiry_issued", f"{on:%Y-%m-%d}进行谈话", facts["note"])

    def check(locked: Clue) -> None:
        require_move(locked, name, what)
        not_future(on, label, "on")
        not_before(on, locked.received_on, f"{label}不能早于线索受理日期（{locked.received_on:%Y-%m-%d}）。", "on")
        approved = approvals.approved_on(locked, DISPOSAL)
        if approved is not None:
            not_before(on, approved, f"{label}不能早于谈话函询获批日期（{approved:%Y-%m-%d}）。", "on")

    attachments.check_uploads(uploads)  # refused before anything moves or is written

    def done(moved: Clue) -> Event:
        # The round's letter or notice is issued with the step, dated the day it was served (the talk's day).
        documents.issue(
            actor, "inquiry" if mode == InquiryMode.LETTER else "talk_notice", moved, part=moved.inquiry_rounds, on=on
        )
        kept = "谈话笔录（签字件）" if mode == InquiryMode.TALK else "函询函送达回证"
        attachments.store(actor, moved, uploads, label=f"第{moved.inquiry_rounds}次{kept}", written=written)
        return event(moved)

    with attachments.files_removed_on_failure() as written:
        return transition(
            actor, clue, name, version=version, what=what, check=check, args=lambda _: (on, due(key, on)), event=done
        )


def record_reply(
    actor: "Actor",
    clue: Clue,
    *,
    version: int,
    received_on: datetime.date,
    summary: str,
    countersigned: bool = False,
    uploads: Sequence[Upload] = (),
) -> Clue:
    """The written explanation arrived: countersigned by the unit's main leader, or sent directly by a main leader.

    `uploads`: the signed explanation itself, photographed or scanned, kept with the clue.
    """
    access.get_for_act(actor, Clue, clue.pk)
    require_handler(actor, clue)
    facts: dict[str, Any] = {}  # what the checks found, for the fields and the words

    def check(locked: Clue) -> None:
        require_move(locked, "receive_reply", "登记书面说明")
        not_future(received_on, "收到日期", "received_on")
        not_before(received_on, locked.inquiry_on, "收到书面说明的日期不能早于函件送达日期。", "received_on")
        facts["direct"] = locked.subjects.filter(is_main_leader=True).exists()
        if not facts["direct"] and not countersigned:
            raise DomainError("书面说明须经被函询人所在单位主要负责人签字。", field="countersigned")
        facts["summary"] = clean_text(summary, "说明情况摘要", "summary")
        facts["late"] = (
            locked.due_on is not None and received_on > locked.due_on
        )  # against the reply's own deadline, before this step

    def args(locked: Clue) -> tuple:
        return (received_on, facts["summary"], facts["direct"], countersigned, due("inquiry_conclusion", received_on))

    attachments.check_uploads(uploads)

    def event(moved: Clue) -> Event:
        attachments.store(actor, moved, uploads, label="书面说明（签字件）", written=written)
        how = "（本人为主要负责人，直接报送）" if facts["direct"] else "（经单位主要负责人签字）"
        title = f"收到书面说明{how}{'，已超过答复期限' if facts['late'] else ''}"
        if uploads:
            title += f"，附签字件{len(uploads)}份"
        return Event("clue.reply_recorded", title, facts["summary"])

    with attachments.files_removed_on_failure() as written:
        return transition(
            actor, clue, "receive_reply", version=version, what="登记书面说明", check=check, args=args, event=event
        )


def conclude_inquiry(
    actor: "Actor",
    clue: Clue,
    *,
    version: int,
    outcome: str,
    opinion: str,
    measures: Iterable[str] = (),
    close_reason: str = "",
) -> Clue:
    """After the talk or the reply: 了结澄清 / 第一种形态处理 / 再次谈话函询 / 转初步核实 / 予以了结."""
    access.get_for_act(actor, Clue, clue.pk)
    require_handler(actor, clue)
    if outcome not in INQUIRY_OUTCOMES:
        raise DomainError("请选择了结意见。", field="outcome")
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        require_move(clue, "conclude_inquiry", "提出谈话函询了结意见")
        opinion = clean_text(opinion, "了结意见", "opinion")
        payload: dict[str, Any] = {"action": outcome, "reasons": opinion, "close_kind": CloseKind.AFTER_INQUIRY}
        if outcome == Action.FIRST_FORM:
            payload["measures"] = check_measures(measures, FIRST_FORM_MEASURES, required=True)
            payload["form"] = Form.FIRST
        if outcome == Action.CLOSE:
            payload["close_reason"] = check_close_reason(CloseKind.AFTER_INQUIRY, close_reason)
        if outcome == Action.CLARIFY:
            payload["close_reason"] = "反映问题失实，予以澄清"
        return propose(
            actor,
            clue,
            "conclude_inquiry",
            "提出谈话函询了结意见",
            payload,
            code="clue.inquiry_concluded",
            title=f"提出谈话函询处理意见：{Action(outcome).label}",
            opinion=opinion,
        )
