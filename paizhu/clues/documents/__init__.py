"""The clue module's official documents, registered into the kernel (`workflow.documents`), and when each is
issued (numbered and dated in the central register by the step that produces it):

| kind | 文书 | issued by | dated |
| --- | --- | --- | --- |
| inquiry | 函询函 | 发出函询函 (`issue_inquiry`, 函询) | the day it was served |
| talk_notice | 谈话通知书 | 登记谈话 (`issue_inquiry`, 谈话) | the day of the talk |
| clarification | 了结澄清函 | approval of 了结澄清 | the day of the approval |
| verification_report | 初步核实情况报告 | 提交初步核实情况报告 | the day it was submitted |
| case_filing | 立案决定书 | approval of 立案 | the filing day |
| review_report | 审理报告 | 提请常委会审议 (`submit_to_committee`) | the day it was submitted |
| penalty_decision | 处分决定, one per person | 登记处分决定, when a penalty is given | the decision day |

Before its step a document whose facts exist is offered as a draft (草稿, no 文号). An inquiry's documents are
numbered per round (`part`: the round), a 处分决定 per person (`part`: the person).

The shipped templates are the .docx files beside this module (built from `texts.py`); the kernel finds the
system administrator's copies, watermarks, asks for the second factor and audits each download.
"""

from pathlib import Path

from paizhu.core.templatetags.paizhu import cn_date
from paizhu.workflow import approvals, documents
from paizhu.workflow.documents import DocumentKind

from .. import limits
from ..models import Action, Form, Source
from ..workflows import ClueStatus, InquiryMode

SHIPPED = Path(__file__).resolve().parent
CLASSIFIED = "秘密"  # 密级 of the internal reports and the filing decision


def _organ(clue) -> str:
    """The 发文机关 of the 版头: the group that handles the clue, or the commission."""
    return clue.group.name if clue.group_id else clue.unit.commission.name


def _clue_context(clue) -> dict:
    subjects = list(clue.subjects.all())
    commission = clue.unit.commission.name
    return {
        "clue": clue,
        "organ": _organ(clue),
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
    clue = case.clue
    return {
        **_clue_context(clue),
        "organ": clue.unit.commission.name,  # a case's documents go out in the commission's name
        "case": case,
        "filed": cn_date(case.filed_on),
        "investigation_due": cn_date(case.investigation_due),
        "accepted": cn_date(case.review_accepted_on) if case.review_accepted_on else "",
        "decided": cn_date(case.decided_on) if case.decided_on else "",
        "form_label": Form(case.form).label if case.form else "",
        "penalties": penalties(case) or (Form(case.form).label + "处理" if case.form else ""),
        "facts": _facts(case.decision_summary),
    }


def penalties(case) -> str:
    party = case.party_penalty
    gov = case.gov_penalty
    parts = [
        party and (f"党内{party}处分" if party in ("警告", "严重警告") else f"{party}处分"),
        gov and (f"政务{gov}处分" if gov in ("警告", "记过", "记大过") else f"{gov}处分"),
    ]
    return "、".join(p for p in parts if p)


def _facts(summary: str) -> str:
    # The templates say 经查 and end the sentence; a summary written as "经查，……。" would say both twice.
    text = (summary or "").strip().rstrip("。；;.")
    for lead in ("经查明，", "经查，", "经查：", "经查"):
        if text.startswith(lead):
            return text[len(lead) :]
    return text


# ---------------------------------------------------------------- parts and drafts


def _round(clue) -> list[tuple[int, str]]:
    return [(clue.inquiry_rounds, "")] if clue.inquiry_rounds else []


def _awaiting_inquiry(mode: str):
    """A draft of the round's letter or notice until the talk or letter is registered."""

    def available(clue) -> bool:
        return clue.status == ClueStatus.INQUIRY

    available.__doc__ = f"a draft of the {mode} while the round awaits its talk or letter"
    return available


def _clarification_pending(clue) -> bool:
    if clue.status != ClueStatus.PROPOSED:
        return False
    request = approvals.current(clue)
    return request is not None and request.payload.get("action") == Action.CLARIFY


def _penalised(case) -> list[tuple[int, str]]:
    if not (case.party_penalty or case.gov_penalty):
        return []
    return [(p.pk, p.name) for p in case.clue.subjects.all()]


def _person(case, part: int) -> dict:
    person = next(p for p in case.clue.subjects.all() if p.pk == part)
    return {"person": person, "person_unit": person.unit.name if person.unit_id else case.clue.unit.name}


def register() -> None:
    for kind in (
        DocumentKind(
            "inquiry",
            "函询函",
            "clues.Clue",
            SHIPPED / "inquiry.docx",
            context=_clue_context,
            available=_awaiting_inquiry(InquiryMode.LETTER),
            series="函",
            parts=_round,
        ),
        DocumentKind(
            "talk_notice",
            "谈话通知书",
            "clues.Clue",
            SHIPPED / "talk_notice.docx",
            context=_clue_context,
            available=_awaiting_inquiry(InquiryMode.TALK),
            series="谈",
            parts=_round,
        ),
        DocumentKind(
            "clarification",
            "了结澄清函",
            "clues.Clue",
            SHIPPED / "clarification.docx",
            context=_clue_context,
            available=_clarification_pending,
            series="函",
        ),
        DocumentKind(
            "verification_report",
            "初步核实情况报告",
            "clues.Clue",
            SHIPPED / "verification_report.docx",
            context=_clue_context,
            available=lambda clue: bool(clue.verification_report),
            series="核",
            classification=CLASSIFIED,
            copy_numbered=True,
        ),
        DocumentKind(
            "case_filing",
            "立案决定书",
            "clues.Case",
            SHIPPED / "case_filing.docx",
            context=_case_context,
            series="立",
            classification=CLASSIFIED,
            copy_numbered=True,
        ),
        DocumentKind(
            "review_report",
            "审理报告",
            "clues.Case",
            SHIPPED / "review_report.docx",
            context=_case_context,
            available=lambda case: case.review_reported_on is not None,
            series="审",
            classification=CLASSIFIED,
            copy_numbered=True,
        ),
        DocumentKind(
            "penalty_decision",
            "处分决定",
            "clues.Case",
            SHIPPED / "penalty_decision.docx",
            context=_case_context,
            available=lambda case: case.decided_on is not None,
            series="处",
            parts=_penalised,
            part_context=_person,
        ),
    ):
        documents.register(kind)
