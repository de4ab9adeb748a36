"""The clue module's official documents, registered into the kernel (`workflow.documents`):
谈话函询通知书/函询函 and 初步核实情况报告 filled from a clue, 立案决定书 and 处分决定 from a case.

The shipped templates are the .docx files beside this module (built from `texts.py`); the kernel finds the
system administrator's copies, watermarks, asks for the second factor and audits each download.
"""

from pathlib import Path

from paizhu.core.templatetags.paizhu import cn_date
from paizhu.workflow import documents
from paizhu.workflow.documents import DocumentKind

from .. import limits
from ..models import Form, InquiryMode, Source

SHIPPED = Path(__file__).resolve().parent


def _clue_context(clue) -> dict:
    subjects = list(clue.subjects.all())
    commission = clue.unit.commission.name
    return {
        "clue": clue,
        "doc_title": "谈话函询通知书" if clue.inquiry_mode == InquiryMode.TALK else "函询函",
        "names": "、".join(p.name for p in subjects) or "有关人员",
        "posts": "、".join(p.post for p in subjects if p.post),
        "main_leader": any(p.is_main_leader for p in subjects),
        "unit": clue.unit.name,
        "handled_by": clue.group.name if clue.group_id else (clue.office or commission),
        "commission": commission,
        "source": Source(clue.source_kind).label,
        "received": cn_date(clue.received_on),
        "reply_days": limits.limit("inquiry_reply")[0],
        "team": "、".join(str(u) for u in clue.handlers.all()),
    }


def _case_context(case) -> dict:
    return {
        **_clue_context(case.clue),
        "case": case,
        "filed": cn_date(case.filed_on),
        "investigation_due": cn_date(case.investigation_due),
        "decided": cn_date(case.decided_on) if case.decided_on else "",
        "penalties": _penalties(case) or (Form(case.form).label + "处理" if case.form else ""),
    }


def _penalties(case) -> str:
    party = case.party_penalty
    gov = case.gov_penalty
    parts = [
        party and (f"党内{party}处分" if party in ("警告", "严重警告") else f"{party}处分"),
        gov and (f"政务{gov}处分" if gov in ("警告", "记过", "记大过") else f"{gov}处分"),
    ]
    return "、".join(p for p in parts if p)


def register() -> None:
    for kind in (
        DocumentKind(
            "inquiry",
            "谈话函询通知书/函询函",
            "clues.Clue",
            SHIPPED / "inquiry.docx",
            context=_clue_context,
            available=lambda clue: clue.inquiry_rounds > 0,
            file_label="谈话函询通知书",
        ),
        DocumentKind(
            "verification_report",
            "初步核实情况报告",
            "clues.Clue",
            SHIPPED / "verification_report.docx",
            context=_clue_context,
            available=lambda clue: bool(clue.verification_report),
        ),
        DocumentKind("case_filing", "立案决定书", "clues.Case", SHIPPED / "case_filing.docx", context=_case_context),
        DocumentKind(
            "penalty_decision",
            "处分决定",
            "clues.Case",
            SHIPPED / "penalty_decision.docx",
            context=_case_context,
            available=lambda case: case.decided_on is not None,
        ),
    ):
        documents.register(kind)
