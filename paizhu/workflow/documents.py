"""Official documents (.docx) filled from a matter: the apps register their kinds, one page serves them all.

    documents.register(DocumentKind(
        "case_filing", "立案决定书", "clues.Case", SHIPPED / "case_filing.docx",
        context=lambda case: {...}, available=lambda case: True))

A kind's template is a docxtpl file shipped in its app's folder; the system administrator's copy in
`settings.DOC_TEMPLATES_DIR/<app label>/<file name>` takes precedence (`paizhu doc_templates` writes the
shipped ones there to start from). Every template gets `watermark` (the downloader's line, printed in the header
and footer of the shipped templates) and `today` besides what the kind's context builder returns.

Who may download is the matter's access predicate for the kind's `action` (`export` by default: a document
leaves the building like an export); the page then asks for the second factor again, and each download is
written to the audit trail as `<matter>.document_downloaded`.
"""

import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from docxtpl import DocxTemplate

from paizhu import access
from paizhu.audit.events import EVENTS
from paizhu.audit.services import record
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import NotFound
from paizhu.core.templatetags.paizhu import cn_date
from paizhu.core.watermark import watermark_text

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def _always(matter) -> bool:
    return True


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document.

    `name`: its slug in the URL, unique over the platform. `model`: the label of the matter model it is filled
    from ("clues.Case"). `template`: the shipped .docx. `context(matter) -> dict`: the template's facts.
    `available(matter)`: whether the record has those facts yet (a document it has not is not offered, and its
    URL is 404). `action`: the access action on the matter a downloader needs. `file_label`: the file name's
    first part (the label by default); the matter's serial follows. `code`: the audit event of a download
    (`<model>.document_downloaded` by default; it must be registered with `audit.events.register`).
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

    @property
    def app_label(self) -> str:
        return self.model.split(".")[0]

    @property
    def audit_code(self) -> str:
        return self.code or f"{self.model.split('.')[1].lower()}.document_downloaded"


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    if kind.audit_code not in EVENTS:
        raise ValueError(
            f"document kind {kind.name}: register the audit event {kind.audit_code} (audit.events.register)"
        )
    _KINDS[kind.name] = kind
    return kind


def kinds() -> dict[str, DocumentKind]:
    return dict(_KINDS)


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


def offered(user: "Actor", *matters) -> list[tuple[str, str]]:
    """(label, URL) of the documents the user may download for these matters, in registration order."""
    rows = []
    for matter in matters:
        if matter is None:
            continue
        label = matter._meta.label
        for kind in _KINDS.values():
            if kind.model == label and kind.available(matter) and access.may(user, kind.action, matter):
                rows.append((kind.label, reverse("workflow:document", args=[kind.name, matter.pk])))
    return rows


def matter_for(user: "Actor", name: str, pk: int):
    """The matter a download of kind `name` is filled from; NotFound (404) for an unknown kind, a matter the user
    may not take the kind's action on, or one that has not the facts yet. Asked before the second factor, so that
    the step-up page reveals nothing either."""
    kind = _KINDS.get(name)
    if kind is None:
        raise NotFound()
    matter = access.get_for_act(user, apps.get_model(kind.model), pk, action=kind.action)
    if not kind.available(matter):
        raise NotFound()
    return matter


def render(user: "Actor", name: str, matter) -> tuple[io.BytesIO, str]:
    """The document filled from `matter` and watermarked with the user, and its file name; audited."""
    kind = _KINDS[name]
    document = DocxTemplate(template_path(kind))
    context = {**kind.context(matter), "today": cn_date(shanghai_today()), "watermark": _watermark(user)}
    document.render(context, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    record(user, kind.audit_code, matter, {"document": kind.name, "label": kind.label})
    serial = getattr(matter, "serial", None) or matter.pk
    return buffer, f"{kind.file_label or kind.label}-{serial}.docx"


def _watermark(user: "Actor") -> str:
    return "仅限工作使用 · " + watermark_text(user)
