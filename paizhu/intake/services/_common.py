"""What several of intake's services share: who registers, text limits, the timeline note, small checks."""

import datetime
from typing import TYPE_CHECKING

from paizhu import access
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.workflow import timeline

from ..models import Report

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

MAX_FACTS_CHARS = 5000
MAX_MESSAGE_CHARS = 2000
REGISTERING_ROLES = frozenset({Role.PETITION_OFFICE}) | GROUP_ROLES


def _note(
    actor: "Actor | None", report: Report, code: str, title: str, opinion: str = "", *, created: bool = False
) -> None:
    """A timeline row for a step that leaves the report's stage and version as they are (or that created it)."""
    timeline.write(actor, report, code, title, opinion=opinion, before="" if created else report.stage)


def _require_petition_office(actor: "Actor", report: Report) -> None:
    if actor.acting_role != Role.PETITION_OFFICE:
        raise PermissionDenied("此操作由信访室办理。")
    access.get_for_act(actor, Report, report.pk)


def _open(report: Report) -> None:
    if report.is_closed:
        raise DomainError(f"该举报{report.get_stage_display()}，不能再办理此事项。")


def _not_before(day: datetime.date, earlier: datetime.date | None, field: str, message: str) -> None:
    if day > shanghai_today():
        raise DomainError("日期不能晚于今天。", field=field)
    if earlier is not None and day < earlier:
        raise DomainError(message, field=field)
