"""From a report to a problem clue (问题线索), registered through the clues service."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

from paizhu import access
from paizhu.audit.services import record
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.org.models import Person

from ..models import Channel, Report, ReportClueLink
from ._common import _note

if TYPE_CHECKING:
    from paizhu.clues.models import Clue
    from paizhu.core.actors import Actor

CLUE_SOURCE: dict[str, str] = {
    Channel.INSPECTION: "inspection",
    Channel.AUDIT: "audit",
    Channel.AGENCY: "agency",
    Channel.SUPERIOR: "superior",
}


@dataclass
class ClueDraft:
    summary: str
    subjects: list[Person] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


def may_convert(actor: "Actor", report: Report) -> bool:
    """The group handling the report converts it; for a report the commission handles, the petition office."""
    role = actor.acting_role
    if report.group_id:
        return role in GROUP_ROLES and report.group_id == actor.require_grant().group_id
    return role == Role.PETITION_OFFICE


def convert_to_clue(actor: "Actor", report: Report, draft: ClueDraft) -> "Clue":
    """The holder of the report registers one problem clue from it (call again for more clues).

    A group's clue stays with the group; the petition office's goes into 案管's central ledger to
    await 分办, after which the petition office no longer sees it (it does not see clues).
    Only the matter travels: facts, unit, persons, categories and the report's serial as reference.
    The reporter's identity stays in intake, visible to the report's handler only.
    """
    from paizhu.clues.services import register_clue

    report = access.get_for_act(actor, Report, report.pk)
    if not may_convert(actor, report):
        raise PermissionDenied("由承办该举报的派驻组将其转为问题线索；委机关承办的举报由信访室转为线索。")
    if report.routing != Report.Routing.ROUTED or report.stage in {Report.Stage.TRANSFERRED, Report.Stage.DUPLICATE}:
        raise DomainError("请先确认分办；重复件和已转出的举报不再转为线索。")
    if report.unit is None:
        raise DomainError("请先确定涉及单位，再转为问题线索。")
    source = CLUE_SOURCE.get(report.channel, "petition")
    if actor.acting_role == Role.PETITION_OFFICE and source != "petition":
        # The clue ledger lets the petition office register 信访举报 clues only; transfers keep their source.
        raise DomainError(f"{report.get_channel_display()}的材料请移送案件监督管理室登记为问题线索。")
    with transaction.atomic():
        clue = register_clue(
            actor,
            source_kind=source,
            received_on=report.received_on,
            unit=report.unit,
            summary=draft.summary,
            subjects=draft.subjects,
            categories=list(draft.categories),
            source_detail=f"{report.get_channel_display()}{('：' + report.source) if report.source else ''}",
            source_ref=report.serial,
        )
        ReportClueLink.objects.create(report=report, clue=clue, created_by=actor)
        _note(actor, report, "report.converted", "转为问题线索", clue.serial)
        record(actor, "report.converted", report, {"clue": clue.serial})
    return clue
