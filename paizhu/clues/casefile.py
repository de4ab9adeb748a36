"""卷宗: the case file's table of contents — what the file holds, in the order it was made.

Each row is a material the platform holds for the case (a record entered, or a document it renders);
where the document can be downloaded (`workflow.documents.offered`), the row links to it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from paizhu.workflow.documents import Offered

from .models import Case
from .workflows import ClueStatus


@dataclass(frozen=True)
class Material:
    name: str
    on: datetime.date | None
    url: str = ""


def contents(case: Case, documents: list[Offered]) -> list[Material]:
    clue = case.clue
    links = {d.label: d.url for d in documents if not d.draft}

    def link(*labels: str) -> str:
        return next((links[label] for label in labels if label in links), "")

    rows = [Material("问题线索登记表", clue.received_on)]
    if clue.verification_report:
        rows.append(Material("初步核实情况报告", None, link("初步核实情况报告")))
    rows.append(Material("立案决定书", case.filed_on, link("立案决定书")))
    if case.investigation_report:
        rows.append(Material("审查调查报告", case.sent_to_review_on))
    rows += [Material(f"审理谈话笔录（{t.talked_by}）", t.talked_on) for t in case.review_talks.all()]
    if case.review_reported_on:
        rows.append(Material("审理报告", case.review_reported_on, link("审理报告")))
    if case.decided_on:
        rows.append(Material("处分决定", case.decided_on, link("处分决定")))
    if case.announced_on:
        rows.append(Material("宣布处分决定记录", case.announced_on))
    if case.executed_on:
        rows.append(Material("处分决定执行情况报告", case.executed_on))
    return rows


def timeline(case: Case):
    """The case's part of its clue's timeline: from the approval that filed it on."""
    return (
        case.clue.events.filter(
            Q(code__startswith="case.") | (Q(to_status=ClueStatus.IN_CASE) & ~Q(from_status=ClueStatus.IN_CASE))
        )
        .select_related("actor")
        .order_by("at", "id")
    )
