"""Official documents (.docx) filled from the record: 谈话函询通知书/函询函, 初步核实情况报告, 立案决定书, 处分决定.

Templates are docxtpl files: the shipped defaults next to this module, overridden by the system
administrator's copies in `<PAIZHU_VAR_DIR>/doc_templates/clues/`. Every document carries the
viewer's watermark line in its header and footer, and every download is audited.
"""

import io
from pathlib import Path

from django.conf import settings
from docxtpl import DocxTemplate

from paizhu.audit.services import record
from paizhu.core.templatetags.paizhu import cn_date
from paizhu.core.watermark import watermark_text

from .. import limits
from ..models import Form, InquiryMode, Source

SHIPPED = Path(__file__).resolve().parent

LABELS = {
    "inquiry": "谈话函询通知书/函询函",
    "verification_report": "初步核实情况报告",
    "case_filing": "立案决定书",
    "penalty_decision": "处分决定",
}


def override_dir() -> Path:
    return Path(settings.VAR_DIR) / "doc_templates" / "clues"


def template_path(kind: str) -> Path:
    custom = override_dir() / f"{kind}.docx"
    return custom if custom.exists() else SHIPPED / f"{kind}.docx"


def available(clue, case) -> dict[str, str]:
    """The documents the record has the facts for."""
    kinds = []
    if clue.inquiry_rounds:
        kinds.append("inquiry")
    if clue.verification_report:
        kinds.append("verification_report")
    if case is not None:
        kinds.append("case_filing")
        if case.decided_on:
            kinds.append("penalty_decision")
    return {k: LABELS[k] for k in kinds}


def _context(user, clue, case) -> dict:
    subjects = list(clue.subjects.all())
    commission = clue.unit.commission.name
    penalties = _penalties(case) if case is not None else ""
    return {
        "clue": clue,
        "case": case,
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
        "filed": cn_date(case.filed_on) if case else "",
        "investigation_due": cn_date(case.investigation_due) if case else "",
        "decided": cn_date(case.decided_on) if case and case.decided_on else "",
        "penalties": penalties or (Form(case.form).label + "处理" if case and case.form else ""),
        "today": cn_date(_today()),
        "watermark": "仅限工作使用 · " + watermark_text(user),
    }


def _penalties(case) -> str:
    party = case.party_penalty
    gov = case.gov_penalty
    parts = [
        party and (f"党内{party}处分" if party in ("警告", "严重警告") else f"{party}处分"),
        gov and (f"政务{gov}处分" if gov in ("警告", "记过", "记大过") else f"{gov}处分"),
    ]
    return "、".join(p for p in parts if p)


def _today():
    from paizhu.core.calendar import shanghai_today

    return shanghai_today()


def render(user, kind: str, clue, case) -> tuple[io.BytesIO, str]:
    document = DocxTemplate(template_path(kind))
    document.render(_context(user, clue, case), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    record(user, "clue.document_downloaded", clue, {"document": kind, "case": case.serial if case else ""})
    serial = case.serial if kind in ("case_filing", "penalty_decision") else clue.serial
    return buffer, f"{LABELS[kind].split('/')[0]}-{serial}.docx"
