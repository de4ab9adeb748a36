"""Attachments of a report: checked by content, encrypted at rest, downloaded only by who may see them."""

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction

from paizhu import access
from paizhu.audit.services import record
from paizhu.core import uploads as upload_checks
from paizhu.core.errors import NotFound
from paizhu.workflow import attachments as kernel_attachments
from paizhu.workflow.attachments import Upload

from ..models import Report, ReportAttachment
from .identity import identity_access

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def sniff_kind(data: bytes) -> str | None:
    """The file type by its content (magic bytes), never by its name: jpg, png, pdf or docx."""
    return upload_checks.sniff_kind(data)


def check_uploads(uploads: Sequence[Upload]) -> list[str]:
    """The kinds of the uploads, or a DomainError naming the first file refused (a reporter's limits)."""
    return kernel_attachments.check_uploads(
        uploads, max_files=MAX_ATTACHMENTS, max_bytes=MAX_ATTACHMENT_BYTES, field="attachments"
    )


def _store_uploads(
    report: Report, uploads: Sequence[Upload], kinds: list[str], *, scans: bool, written: list[str]
) -> None:
    rows = []
    for upload, kind in zip(uploads, kinds, strict=True):
        attachment = ReportAttachment(
            report=report, name=upload.name[:200], kind=kind, size=len(upload.data), is_original_scan=scans
        )
        attachment.file.save(upload.data)
        written.append(attachment.file.name)
        rows.append(attachment)
    ReportAttachment.objects.bulk_create(rows)


def refused_download(attachment: ReportAttachment) -> NotFound:
    """The 404 for a download outside the identity rule, naming the attachment so the request layer
    records the attempt (`access.denied`); the user's answer is the same as for a missing file."""
    error = NotFound()
    error.context = {"model": ReportAttachment, "pk": attachment.pk, "action": "download"}
    return error


def may_download(actor: "Actor", attachment: ReportAttachment) -> bool:
    """Whether `actor` may download the attachment (no audit): checked before the second factor is asked."""
    report = attachment.report
    return access.may(actor, "view", report) and identity_access(actor, report) is not None


@transaction.atomic
def attachment_content(actor: "Actor", attachment: ReportAttachment, *, now: datetime.datetime | None = None) -> bytes:
    """Decrypt one attachment for its download: the identity rule (`identity_access`), audited each time.

    Attachments are often signed letters: they follow the reporter's identity. Anyone else who may see
    the report gets NotFound, as for a record they may not know about; the page shows them only the
    file's type and size. The caller asks for the second factor first (`views.attachment`).
    """
    report = access.fetch(actor, Report, attachment.report_id)
    grant = identity_access(actor, report, now=now)
    if grant is None:
        raise refused_download(attachment)
    record(actor, "report.attachment_downloaded", report, {"attachment": attachment.pk, **grant.audit})
    return attachment.file.read()
