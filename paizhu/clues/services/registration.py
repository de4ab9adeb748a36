"""Registering a clue in the central ledger (by 案管, by a group, or from a report by 信访室)."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction

from paizhu import access
from paizhu.audit.services import record
from paizhu.core import search
from paizhu.core.choices import Discipline
from paizhu.core.errors import DomainError
from paizhu.core.numbering import next_serial
from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.org.models import Person, Unit
from paizhu.workflow import timeline

from ..models import Clue, Source
from ..workflows import ClueStatus
from ._common import check_conflicts, check_group_staff, clean_text, not_future, require_role, set_due

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

REGISTRAR_ROLES = frozenset({Role.CASE_MANAGEMENT, Role.GROUP_LEADER, Role.GROUP_MEMBER})


def register_clue(
    actor: "Actor",
    *,
    source_kind: str,
    received_on: datetime.date,
    unit: Unit,
    summary: str,
    subjects: Iterable[Person] = (),
    categories: Iterable[str] = (),
    source_detail: str = "",
    source_ref: str = "",
    handlers: Iterable = (),
) -> Clue:
    """Register a clue in the central ledger.

    By 案件监督管理室: the clue waits for assignment (分办). By group staff: the group handles the
    clue itself (it is already in the ledger that 案管 sees), with the actor as handler unless
    `handlers` names others of the group. `source_ref` cross-references the origin (e.g. the intake
    report's serial) for display. Returns the new clue. Other modules register through it (intake
    converts a report into a clue).
    """
    # 信访室 converts the reports the commission handles itself; like 案管's, such a clue waits for 分办.
    if not (actor.acting_role == Role.PETITION_OFFICE and source_kind == Source.PETITION and source_ref.strip()):
        require_role(actor, *REGISTRAR_ROLES)
    grant = actor.require_grant()
    subjects = list(subjects)
    categories = list(dict.fromkeys(categories))
    if source_kind not in Source.values:
        raise DomainError("请选择线索来源。", field="source_kind")
    not_future(received_on, "受理日期", "received_on")
    summary = clean_text(summary, "主要问题", "summary")
    if not access.may(actor, "view", unit):
        raise DomainError("所选单位不在您的监督范围内。", field="unit")
    if any(c not in Discipline.values for c in categories):
        raise DomainError("反映问题类别无效。", field="categories")
    if any(p.unit_id not in (None, unit.pk) for p in subjects):
        raise DomainError("被反映人须为涉及单位的干部。", field="subjects")
    by_group = grant.role in GROUP_ROLES
    handlers = list(handlers) or ([actor] if by_group else [])
    if by_group and grant.group_id is not None:
        check_group_staff(handlers, grant.group_id)
    probe = Clue(unit=unit)
    check_conflicts(actor, probe, handlers, unit_id=unit.pk, subject_ids={p.pk for p in subjects})
    with transaction.atomic():
        clue = Clue(
            serial=next_serial("XS"),
            source_kind=source_kind,
            source_detail=source_detail.strip(),
            source_ref=source_ref.strip(),
            received_on=received_on,
            unit=unit,
            categories=categories,
            summary=summary,
            group_id=grant.group_id if by_group else None,
            status=ClueStatus.ASSIGNED if by_group else ClueStatus.REGISTERED,
            created_by=actor,
        )
        set_due(clue, "proposal", received_on)
        clue.save()
        clue.subjects.set(subjects)
        search.refresh(clue)
        clue.handlers.set(handlers)
        title = "派驻组登记线索，由本组承办" if by_group else "登记线索，待分办"
        timeline.write(actor, clue, "clue.registered", title)
        record(
            actor,
            "clue.registered",
            clue,
            {"serial": clue.serial, "source": source_kind, "source_ref": clue.source_ref, "by_group": by_group},
        )
    return clue
