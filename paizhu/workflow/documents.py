"""Official documents (.docx) filled from a matter: the apps register their kinds, one page serves them all.

    documents.register(DocumentKind(
        "case_filing", "立案决定书", "clues.Case", SHIPPED / "case_filing.docx",
        context=lambda case: {...}, available=lambda case: True, series="立", classification="秘密"))

A kind's template is a docxtpl file shipped in its app's folder; the system administrator's copy in
`settings.DOC_TEMPLATES_DIR/<app label>/<file name>` takes precedence (`paizhu doc_templates` writes the
shipped ones there to start from). Every template gets `watermark` (the downloader's line, printed in the header
and footer of the shipped templates), `today`, and the issue facts below besides what the kind's context
builder returns.

Issuing (印发): a kind with a `series` is numbered centrally. `issue(actor, name, matter)` runs inside the
transaction of the step that produces the document: it draws the next sequence of the kind's prefix
(`prefix_for`: the commission's 机关代字 and the kind's 文种 character) for the year of the issue date, stores
the 文号, the date and a hash of the text, and audits `<matter>.document_issued`. Every later download prints
that 文号 and date (`number`, `issued_on`), not the download day; a document offered before its step (the facts
exist, the step has not run) is a draft (`draft`: 草稿, no 文号, no date). Kinds with a `classification` print
it (密级), and those `copy_numbered` print a 份号: the download's copy number of the issued document.

Who may download is the matter's access predicate for the kind's `action` (`export` by default: a document
leaves the building like an export); the page then asks for the second factor again, and each download is
written to the audit trail as `<matter>.document_downloaded`.
"""

import datetime
import hashlib
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.urls import reverse
from docx import Document
from docxtpl import DocxTemplate

from paizhu import access
from paizhu.audit.events import EVENTS
from paizhu.audit.services import record
from paizhu.core import numbering
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import NotFound
from paizhu.core.templatetags.paizhu import cn_date
from paizhu.core.watermark import watermark_text

from .models import IssuedDocument

# 密级 that make a document 涉密 (GB/T 9704 7.2.2: a classified document carries a 份号).
CLASSIFIED = ("绝密", "机密", "秘密")

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def _always(matter) -> bool:
    return True


def _single(matter) -> list[tuple[int, str]]:
    return [(0, "")]


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document.

    `name`: its slug in the URL, unique over the platform. `model`: the label of the matter model it is filled
    from ("clues.Case"). `template`: the shipped .docx. `context(matter) -> dict`: the template's facts.
    `available(matter)`: whether the record has those facts yet — a draft is offered from then on; an issued
    document always is (a kind whose document is neither is not offered, and its URL is 404). `action`: the
    access action on the matter a downloader needs. `file_label`: the file name's first part (the label by
    default); the matter's serial follows. `code`: the audit event of a download (`<model>.document_downloaded`
    by default; it must be registered with `audit.events.register`, and so must `<model>.document_issued` for
    a kind with a series).

    `series`: the 文种 character of the 文号 ("函" → 江纪函〔2026〕12号); empty: never numbered. `classification`:
    the 密级 printed at the top left; `copy_numbered`: a 份号 above it. `parts(matter) -> [(part, label)]`: the
    documents of this kind on one matter (one per penalised person; by default one), and
    `part_context(matter, part) -> dict` what a part adds to the context.
    """

    name: str
    label: str
    model: str
    template: Path
    context: Callable[[Any], dict]
    available: Callable[[Any], bool] = _always
    action: str = "export"
    file_label: str = ""
    code: str = ""
    series: str = ""
    classification: str = ""
    copy_numbered: bool = False
    parts: Callable[[Any], list[tuple[int, str]]] = _single
    part_context: Callable[[Any, int], dict] | None = None

    @property
    def app_label(self) -> str:
        return self.model.split(".")[0]

    @property
    def audit_code(self) -> str:
        return self.code or f"{self.model.split('.')[1].lower()}.document_downloaded"

    @property
    def issue_code(self) -> str:
        return f"{self.model.split('.')[1].lower()}.document_issued"


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    codes = [kind.audit_code] + ([kind.issue_code] if kind.series else [])
    for code in codes:
        if code not in EVENTS:
            raise ValueError(f"document kind {kind.name}: register the audit event {code} (audit.events.register)")
    _KINDS[kind.name] = kind
    return kind


def kinds() -> dict[str, DocumentKind]:
    return dict(_KINDS)


def prefix_for(kind: DocumentKind) -> str:
    """The 机关代字 of the kind's 文号: configured per kind, else the commission's code and the kind's series."""
    return settings.DOC_NUMBER_PREFIXES.get(kind.name) or f"{settings.DOC_ORGAN_CODE}{kind.series}"


def override_dir(kind: DocumentKind) -> Path:
    return Path(settings.DOC_TEMPLATES_DIR) / kind.app_label


def template_path(kind: DocumentKind) -> Path:
    custom = override_dir(kind) / kind.template.name
    return custom if custom.exists() else kind.template


def write_templates(out: Path | None = None) -> list[Path]:
    """Copy every kind's shipped template into the override directory (or `out`/<app label>/), for editing."""
    paths = []
    for kind in _KINDS.values():
        directory = out / kind.app_label if out else override_dir(kind)
        directory.mkdir(parents=True, exist_ok=True)
        paths.append(Path(shutil.copyfile(kind.template, directory / kind.template.name)))
    return paths


# ---------------------------------------------------------------- the register


def _issued(matter, names=None) -> dict[tuple[str, int], IssuedDocument]:
    """The newest issued document of each (kind, part) on the matter."""
    rows = IssuedDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(matter), object_id=matter.pk
    ).order_by("id")
    if names is not None:
        rows = rows.filter(kind__in=names)
    return {(row.kind, row.part): row for row in rows}


def issued(matter, name: str, part: int = 0) -> IssuedDocument | None:
    return _issued(matter, [name]).get((name, part))


def issue(actor: "Actor", name: str, matter, *, part: int = 0, on: datetime.date | None = None) -> IssuedDocument:
    """Issue the document of kind `name` on `matter` (its `part`): fix its 文号 and date (`on`, today by default).

    Runs inside the transaction of the step that produces the document, so that the number is drawn, stored
    and audited with the step or not at all (gap-free: a rolled-back step gives its number back).
    """
    kind = _KINDS[name]
    if not kind.series:
        raise ValueError(f"document kind {name} has no series: it is not numbered")
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("a document is issued inside the transaction of the step producing it")
    on = on or shanghai_today()
    labels = dict(kind.parts(matter))
    if part not in labels:
        raise ValueError(f"document kind {name}: {matter} has no part {part}")
    prefix = prefix_for(kind)
    document = IssuedDocument(
        kind=name,
        content_type=ContentType.objects.get_for_model(matter),
        object_id=matter.pk,
        part=part,
        part_label=labels[part][:60],
        prefix=prefix,
        year=on.year,
        sequence=numbering.draw(f"文号:{prefix}", on.year),
        issued_on=on,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    document.content_hash = _hash(_fill(kind, matter, part, document, watermark=""))
    document.save()
    record(
        actor,
        kind.issue_code,
        matter,
        {"document": name, "label": kind.label, "number": document.number, "issued_on": on.isoformat(), "part": part},
    )
    return document


def issue_all(actor, name: str, matter, *, on: datetime.date | None = None) -> list[IssuedDocument]:
    """Issue one document per part (one 处分决定 per penalised person)."""
    return [issue(actor, name, matter, part=part, on=on) for part, _ in _KINDS[name].parts(matter)]


# ---------------------------------------------------------------- offering and downloading


@dataclass(frozen=True)
class Offered:
    label: str
    url: str
    number: str = ""  # 文号; empty for a draft
    issued_on: datetime.date | None = None
    numbered: bool = False  # a kind with a series: issued, or else a draft

    @property
    def draft(self) -> bool:
        return self.numbered and self.issued_on is None


def _url(name: str, pk: int, part: int) -> str:
    if part:
        return reverse("workflow:document_part", args=[name, pk, part])
    return reverse("workflow:document", args=[name, pk])


def offered(user: "Actor", *matters) -> list[Offered]:
    """The documents the user may download for these matters, in registration order: issued ones with their
    文号 and date, drafts of those whose facts exist but whose step has not run."""
    rows = []
    for matter in matters:
        if matter is None:
            continue
        label = matter._meta.label
        own = [k for k in _KINDS.values() if k.model == label and access.may(user, k.action, matter)]
        register = _issued(matter, [k.name for k in own if k.series]) if any(k.series for k in own) else {}
        for kind in own:
            draft_ok = None  # asked once per kind, only where some part is not issued
            for part, part_label in kind.parts(matter):
                title = f"{kind.label}（{part_label}）" if part_label else kind.label
                done = register.get((kind.name, part))
                if done is not None:
                    rows.append(Offered(title, _url(kind.name, matter.pk, part), done.number, done.issued_on, True))
                    continue
                if draft_ok is None:
                    draft_ok = kind.available(matter)
                if draft_ok:
                    rows.append(Offered(title, _url(kind.name, matter.pk, part), numbered=bool(kind.series)))
    return rows


def matter_for(user: "Actor", name: str, pk: int, part: int = 0):
    """The matter a download of kind `name` is filled from; NotFound (404) for an unknown kind or part, a matter
    the user may not take the kind's action on, or a document neither issued nor yet possible as a draft. Asked
    before the second factor, so that the step-up page reveals nothing either."""
    kind = _KINDS.get(name)
    if kind is None:
        raise NotFound()
    matter = access.get_for_act(user, apps.get_model(kind.model), pk, action=kind.action)
    if part not in dict(kind.parts(matter)):
        raise NotFound()
    if not (kind.series and issued(matter, name, part)) and not kind.available(matter):
        raise NotFound()
    return matter


def render(user: "Actor", name: str, matter, part: int = 0) -> tuple[io.BytesIO, str]:
    """The document filled from `matter` and watermarked with the user, and its file name; audited.

    An issued document carries its stored 文号 and date; a classified one the next 份号 (the count of its
    downloads, kept on the register row under a lock), which the audit entry records with the downloader.
    """
    kind = _KINDS[name]
    with transaction.atomic():
        document = None
        if kind.series:
            document = (
                IssuedDocument.objects.select_for_update()
                .filter(
                    content_type=ContentType.objects.get_for_model(matter), object_id=matter.pk, kind=name, part=part
                )
                .order_by("-id")
                .first()
            )
        details: dict[str, Any] = {"document": kind.name, "label": kind.label}
        if part:
            details["part"] = part
        if document is not None:
            if kind.copy_numbered:
                document.copies += 1
                document.save(update_fields=["copies"])
                details["copy"] = document.copies
            details["number"] = document.number
        template = _fill(kind, matter, part, document, watermark=_watermark(user, document))
        if document is not None:
            # Whether the facts changed since the issue (the text no longer the one numbered), for the auditor.
            details["as_issued"] = _hash(template, ignore=_copy_no(kind, document)) == document.content_hash
        buffer = io.BytesIO()
        template.save(buffer)
        buffer.seek(0)
        record(user, kind.audit_code, matter, details)
    serial = getattr(matter, "serial", None) or matter.pk
    tail = f"-{document.number}" if document is not None else "-草稿"
    part_label = dict(kind.parts(matter)).get(part, "")
    label = kind.file_label or kind.label
    return buffer, f"{label}{'-' + part_label if part_label else ''}-{serial}{tail if kind.series else ''}.docx"


def _fill(kind: DocumentKind, matter, part: int, document: IssuedDocument | None, *, watermark: str) -> DocxTemplate:
    template = DocxTemplate(template_path(kind))
    context = {**kind.context(matter)}
    if kind.part_context is not None:
        context.update(kind.part_context(matter, part))
    context.update(
        {
            "today": cn_date(shanghai_today()),
            "watermark": watermark,
            "draft": kind.series != "" and document is None,
            "number": document.number if document is not None else "",
            "issued_on": cn_date(document.issued_on) if document is not None else "",
            "classification": kind.classification,
            "copy_no": _copy_no(kind, document),
        }
    )
    template.render(context, autoescape=True)
    return template


def _copy_no(kind: DocumentKind, document: IssuedDocument | None) -> str:
    return f"{document.copies:06d}" if document is not None and kind.copy_numbered and document.copies else ""


def _hash(template: DocxTemplate, ignore: str = "") -> str:
    # The text, not the file (a .docx's bytes change with the zip's timestamps), without the copy's 份号.
    buffer = io.BytesIO()
    template.save(buffer)
    body = Document(io.BytesIO(buffer.getvalue()))
    text = "\n".join(p.text for p in body.paragraphs if not (ignore and p.text == ignore))
    return hashlib.sha256(text.encode()).hexdigest()


def _watermark(user: "Actor", document: IssuedDocument | None) -> str:
    copy = f" · 第{document.copies}份" if document is not None and document.copies else ""
    return "仅限工作使用 · " + watermark_text(user) + copy
