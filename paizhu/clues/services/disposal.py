"""处置意见: the handler's proposal (谈话函询 / 初步核实 / 暂存待查 / 予以了结 / 立案), which goes through the
approval chain (its outcome: `clues/approvals.py`), and the reopening of a parked clue."""

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction

from paizhu import access
from paizhu.core.errors import DomainError
from paizhu.workflow.transitions import Event, require_move, transition

from ..models import CloseKind, Clue, Method, ScreeningItem, ScreeningMeeting
from ._common import (
    check_close_reason,
    check_park_until,
    check_supervision,
    clean_text,
    due,
    propose,
    require_handler,
    today,
)

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def propose_disposal(
    actor: "Actor",
    clue: Clue,
    *,
    version: int,
    method: str,
    reasons: str,
    park_until: datetime.date | None = None,
    close_reason: str = "",
    meeting: ScreeningMeeting | None = None,
    supervision: bool = False,
) -> Clue:
    """The handler proposes 谈话函询 / 初步核实 / 暂存待查 / 予以了结 (or 立案) with reasons.

    `meeting`: the collective screening that endorsed this proposal; the method must be the one it endorsed.
    `supervision`: a case to be filed as a 监察 case (the subject is under state supervision).
    """
    access.get_for_act(actor, Clue, clue.pk)
    require_handler(actor, clue)
    if method not in Method.values:
        raise DomainError("请选择处置方式。", field="method")
    if meeting is not None:
        meeting = access.get_for_act(actor, ScreeningMeeting, meeting.pk, action="view")
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        require_move(clue, "propose", "提出处置意见")
        reasons = clean_text(reasons, "处置理由", "reasons")
        payload: dict[str, Any] = {"action": method, "reasons": reasons}
        if method == Method.PARK:
            payload["park_until"] = check_park_until(park_until)
        if method == Method.CLOSE:
            payload["close_kind"] = CloseKind.DIRECT
            payload["close_reason"] = check_close_reason(CloseKind.DIRECT, close_reason)
        if method == Method.CASE and supervision:
            payload["supervision"] = check_supervision(clue)
        endorsed = ""
        if meeting is not None:
            _check_endorsed(clue, meeting, method)
            payload["meeting"] = meeting.pk
            endorsed = f"（经{meeting.held_on:%Y-%m-%d}集体排查）"
        return propose(
            actor,
            clue,
            "propose",
            "提出处置意见",
            payload,
            code="clue.proposed",
            title=f"提出处置意见{endorsed}：{Method(method).label}",
            opinion=reasons,
        )


def _check_endorsed(clue: Clue, meeting: ScreeningMeeting, method: str) -> None:
    item = ScreeningItem.objects.filter(meeting=meeting, clue=clue).first()
    if item is None:
        raise DomainError("所选集体排查会议未研究本线索。", field="meeting")
    if item.decision != method:
        raise DomainError(
            f"集体排查意见为“{item.get_decision_display()}”，处置方式须与之一致；意见不同的请重新集体研究。",
            field="method",
        )


def reopen(actor: "Actor", clue: Clue, *, version: int, new_facts: str) -> Clue:
    """A parked clue is analysed again (new facts, or its review date came)."""
    access.get_for_act(actor, Clue, clue.pk)
    require_handler(actor, clue)

    def check(locked: Clue) -> None:
        require_move(locked, "reopen", "重新启用")
        clean_text(new_facts, "新情况说明", "new_facts")

    event = Event("clue.reopened", "暂存线索重新启用，重新提出处置意见", (new_facts or "").strip())
    return transition(
        actor,
        clue,
        "reopen",
        version=version,
        what="重新启用",
        check=check,
        args=lambda _: (due("proposal", today()),),
        event=event,
    )
