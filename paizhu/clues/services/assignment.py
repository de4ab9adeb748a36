"""分办 and handlers: 案管 proposes who handles a clue (approved by the commission leadership); the group
leader (or 案管, for an office-handled clue) names the handlers."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction

from paizhu import access
from paizhu.access import jurisdiction, recusal
from paizhu.access import services as access_services
from paizhu.core.errors import DomainError, IllegalTransition, PermissionDenied
from paizhu.core.roles import Role
from paizhu.org.models import Office
from paizhu.workflow import approvals
from paizhu.workflow.transitions import Event, commit, move

from ..models import Clue
from ._common import ASSIGNMENT, check_conflicts, check_group_staff, clean_text, facts, require_role

if TYPE_CHECKING:
    from paizhu.core.actors import Actor
    from paizhu.org.models import DispatchGroup


def propose_assignment(
    actor: "Actor",
    clue: Clue,
    *,
    version: int,
    group: "DispatchGroup | None" = None,
    office: str = "",
    opinion: str = "",
) -> Clue:
    """案管 proposes the responsible group or commission office; the commission leadership approves."""
    require_role(actor, Role.CASE_MANAGEMENT)
    office = office.strip()
    if (group is None) == (not office):
        raise DomainError("请选择承办派驻组，或选择承办的委机关部门（二者选一）。", field="group")
    if office and not Office.objects.filter(name=office, is_active=True, handles_clues=True).exists():
        raise DomainError(f"“{office}”不是可承办线索的委机关部门，请从列表中选择。", field="office")
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        jurisdiction.require_within(clue, group, unit=clue.unit, day=clue.received_on, field="group")
        before = clue.status
        move(clue, "submit_assignment", "提出分办意见")
        target = {"group": group.pk if group else None, "office": office}
        approvals.open_request(actor, clue, ASSIGNMENT, facts=facts(clue, "assign"), payload=target)
        title = f"提出分办意见：拟由{group if group else office}承办"
        return commit(
            actor,
            clue,
            Event(
                "clue.assignment_proposed", title, clean_text(opinion, "分办意见", "opinion", required=False), target
            ),
            before=before,
        )


def assign_handlers(actor: "Actor", clue: Clue, *, version: int, handlers: Iterable) -> Clue:
    """The group leader (for an office-handled clue, 案管) names the handlers; conflicted users are refused."""
    handlers = list(handlers)
    if not handlers:
        raise DomainError("请至少指定一名承办人。", field="handlers")
    access.get_for_act(actor, Clue, clue.pk)
    if clue.group_id:
        grant = actor.require_grant()
        if grant.role != Role.GROUP_LEADER or grant.group_id != clue.group_id:
            raise PermissionDenied("只有承办组组长可以指定承办人。")
        check_group_staff(handlers, clue.group_id)
    else:
        require_role(actor, Role.CASE_MANAGEMENT)
    if not clue.is_open:
        raise IllegalTransition("线索已办结，不能更换承办人。")
    subject_ids = set(clue.subjects.values_list("pk", flat=True))
    check_conflicts(actor, clue, handlers, unit_id=clue.unit_id, subject_ids=subject_ids)
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        previous = list(clue.handlers.all())
        clue.handlers.set(handlers)
        for old in previous:
            if old not in handlers:
                recused = recusal.is_conflicted(old, clue, unit_id=clue.unit_id, subject_ids=subject_ids)
                if recused:
                    access_services.note_reassigned(actor, clue, old, handlers[0])
        names = "、".join(str(u) for u in handlers)
        event = Event("clue.handlers_assigned", f"指定承办人：{names}", details={"handlers": [u.pk for u in handlers]})
        return commit(actor, clue, event, before=clue.status)
