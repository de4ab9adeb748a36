"""What the clue and case services share: who may handle, the checks of their inputs, deadlines, the
approval facts and the opening of a proposal. Private to the package (its modules import from here;
nothing here imports them)."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from paizhu import access
from paizhu.access import recusal
from paizhu.access import services as access_services
from paizhu.accounts.staff import group_staff
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.forms import TEXT_LIMIT
from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.org.services import write_integrity_outcome
from paizhu.workflow import approvals
from paizhu.workflow.transitions import Event, commit, move

from .. import limits
from ..models import Case, CloseReason, Clue

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

# The approval kinds of the module (registered in `clues/approvals.py`).
ASSIGNMENT = "clue.assignment"
DISPOSAL = "clue.disposal"
EXTENSION = "case.extension"


def today() -> datetime.date:
    return shanghai_today()


def may_handle(actor: "Actor", clue: Clue) -> bool:
    """The handling steps: among the clues the actor may act on, a handler's own, and every one of a group's for its leader."""
    if not access.may(actor, "act", clue):
        return False
    if clue.group_id and actor.acting_role == Role.GROUP_LEADER:
        return True
    return any(h.pk == actor.pk for h in clue.handlers.all())  # uses the page's prefetch


def require_handler(actor: "Actor", clue: Clue) -> None:
    if not may_handle(actor, clue):
        raise PermissionDenied("只有本线索的承办人或所在组组长可以办理此事项。")


def require_role(actor: "Actor", *roles: str) -> None:
    if actor.acting_role not in roles:
        raise PermissionDenied(f"此事项须由{'、'.join(Role(r).label for r in roles)}办理。")


def due(key: str, start: datetime.date) -> tuple[datetime.date, str]:
    """The deadline of step `key` counted from `start`, with the words the ledger shows for it."""
    return limits.due(key, start), limits.label(key)


def set_due(clue: Clue, key: str | None, start: datetime.date | None = None) -> None:
    clue.due_on, clue.due_label = due(key, start) if key is not None and start is not None else (None, "")


def check_group_staff(users: "Iterable[Actor]", group_id: int) -> None:
    staff = set(group_staff(group_id).filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True))
    outsiders = [str(u) for u in users if u.pk not in staff]
    if outsiders:
        raise DomainError(f"承办人须为本组工作人员：{'、'.join(outsiders)}。", field="handlers")


def check_conflicts(
    actor: "Actor", matter: Clue | Case, users: "Iterable[Actor]", *, unit_id: int, subject_ids: set[int]
) -> None:
    """Refuse conflicted handlers, with an audited block; call before the transaction opens."""
    for user in users:
        if recusal.is_conflicted(user, matter, unit_id=unit_id, subject_ids=subject_ids):
            access_services.block(actor, matter, user, "与被反映人或涉及单位存在回避关系")


def facts(clue: Clue, action: str) -> dict:
    """What approval rules may condition on (see ApprovalRule)."""
    subjects = list(clue.subjects.all())
    return {
        "action": action,
        "by_group": clue.group_id is not None,
        "key_person": any(p.is_leadership_member or p.is_commission_managed for p in subjects),
        "same_level_main": any(p.is_commission_managed and p.is_main_leader for p in subjects),
        "same_level_deputy": any(
            p.is_commission_managed and p.is_leadership_member and not p.is_main_leader for p in subjects
        ),
    }


def skip_roles(clue: Clue) -> frozenset[str]:
    # A matter handled by a commission office has no group leader in its chain.
    return frozenset() if clue.group_id else GROUP_ROLES


def clean_text(value: str, label: str, field: str, *, required: bool = True, limit: int = TEXT_LIMIT) -> str:
    """The text stripped; refused when missing (if `required`) or longer than `limit` characters — never cut."""
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"请填写{label}。", field=field)
    if len(value) > limit:
        raise DomainError(f"{label}不超过{limit}字，当前{len(value)}字，请删减后再提交。", field=field)
    return value


def not_before(day: datetime.date, earlier: datetime.date | None, message: str, field: str) -> None:
    if earlier is not None and day < earlier:
        raise DomainError(message, field=field)


def not_future(day: datetime.date, label: str, field: str) -> None:
    if day is None:
        raise DomainError(f"请填写{label}。", field=field)
    if day > today():
        raise DomainError(f"{label}不能晚于今天。", field=field)


def check_measures(measures: Iterable[str], allowed: Iterable[str], *, required: bool) -> list[str]:
    measures = list(dict.fromkeys(measures))
    wrong = [m for m in measures if m not in allowed]
    if wrong:
        raise DomainError(f"处理措施无效：{'、'.join(wrong)}。", field="measures")
    if required and not measures:
        raise DomainError("请选择处理措施。", field="measures")
    return measures


def check_close_reason(kind: str, reason: str) -> str:
    reason = (reason or "").strip()
    if not CloseReason.objects.filter(kind=kind, text=reason, is_active=True).exists():
        raise DomainError("请从列表中选择了结理由。", field="close_reason")
    return reason


def check_supervision(clue: Clue) -> bool:
    if not clue.subjects.filter(is_supervision_object=True).exists():
        raise DomainError("被反映人均非监察对象，不能按监察案件立案。", field="supervision")
    return True


def check_park_until(park_until: datetime.date | None) -> str:
    if park_until is None or park_until <= today():
        raise DomainError("请填写今天以后的复查日期。", field="park_until")
    return park_until.isoformat()


def propose(
    actor: "Actor", clue: Clue, name: str, what: str, payload: dict, *, code: str, title: str, opinion: str
) -> Clue:
    """Move the locked clue into PROPOSED by transition `name` and open its disposal request (inside the
    caller's transaction); the request's chain is named on the timeline. A refusal returns it to `from`,
    with the deadline it had (`due`)."""
    before = clue.status
    move(clue, name, what)
    # The step whose deadline ran is done: no deadline is shown or reminded while the proposal is decided; a
    # refusal gives it back (approvals.disposal_refused).
    due_on, due_label = clue.due_on, clue.due_label
    clue.due_on, clue.due_label = None, ""
    payload = {"from": before, "due": [due_on.isoformat() if due_on else None, due_label], **payload}
    steps = approvals.open_request(
        actor, clue, DISPOSAL, facts=facts(clue, payload["action"]), payload=payload, skip_roles=skip_roles(clue)
    )
    chain = " → ".join(s.label for s in steps)
    details = {k: v for k, v in payload.items() if k != "reasons"}
    return commit(actor, clue, Event(code, f"{title}（报{chain}）", opinion, details), before=before)


def write_integrity_file(clue: Clue, kind: str, day: datetime.date, serial: str, outcome: str) -> None:
    """Every person concerned gets the outcome in their integrity file (廉政档案)."""
    for person in clue.subjects.all():
        write_integrity_outcome(
            person,
            kind=kind,
            occurred_on=day,
            source_serial=serial,
            form=clue.form,
            measures=list(clue.measures),
            summary=f"{clue.serial}：{outcome}",
        )
