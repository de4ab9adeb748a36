"""The rectification documents, one kind per demand kind, registered into the kernel (`workflow.documents`).

| kind | 文书 | 文种 (series) |
| --- | --- | --- |
| rectification_discipline | 纪律检查建议书 | 纪建 |
| rectification_supervisory | 监察建议书 | 监建 |
| rectification_combined | 纪检监察建议书 | 纪监建 |
| rectification_opinion | 监督意见书 | 监意 |
| rectification_notice | 工作提示 | 提 |

Each is issued (numbered and dated in the central register) when the demand's approval ends — or when the group
leader signs their own draft — and offered as a draft (草稿, no 文号) before. Downloading is an export (the
group and the commission); the unit reads the letter's text on its own page and receives the paper copy.
"""

from pathlib import Path

from paizhu.core.templatetags.paizhu import cn_date
from paizhu.workflow import documents
from paizhu.workflow.documents import DocumentKind

from ..models import Demand, DemandKind
from ..workflows import DemandStatus

SHIPPED = Path(__file__).resolve().parent
SERIES = {
    DemandKind.DISCIPLINE: "纪建",
    DemandKind.SUPERVISORY: "监建",
    DemandKind.COMBINED: "纪监建",
    DemandKind.OPINION: "监意",
    DemandKind.NOTICE: "提",
}


def context(demand: Demand) -> dict:
    reply = demand.reply_due
    return {
        "demand": demand,
        "organ": demand.group.name,
        "kind_label": demand.get_kind_display().removesuffix("书"),
        "source": demand.source_label or demand.source_text[:60],
        "reply_due": cn_date(reply) if reply else f"印发之日起{demand.reply_workdays}个工作日内",
        "items": [
            {
                "number": i.number,
                "requirement": i.requirement,
                "due": cn_date(i.due_on)
                if i.due_on
                else (f"印发之日起{i.due_workdays}个工作日内" if i.due_workdays else "同答复期限"),
            }
            for i in demand.items.all()
        ],
    }


def _drafted(demand: Demand) -> bool:
    return demand.status in (DemandStatus.DRAFT, DemandStatus.APPROVING)


def register() -> None:
    for kind, series in SERIES.items():
        documents.register(
            DocumentKind(
                f"rectification_{kind}",
                DemandKind(kind).label,
                "rectification.Demand",
                SHIPPED / f"{kind}.docx",
                context=context,
                available=lambda demand, kind=kind: demand.kind == kind and _drafted(demand),
                series=series,
            )
        )
