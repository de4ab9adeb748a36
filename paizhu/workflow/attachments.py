"""Files kept with any matter: a signed record photographed on a phone, a unit's evidence, a scan.

A step that takes files (a written explanation with its signed original, an answer to a rectification
item with its evidence) stores them in its own transaction through `store()`, inside
`files_removed_on_failure()` so that nothing is left on disk when the step is refused:

    with attachments.files_removed_on_failure() as written:
        return transition(..., event=lambda moved: (attachments.store(actor, moved, uploads, label=..., written=written), ev)[1])

`attach()` is the step of its own ("上传材料"), for files added later. Reading goes through the matter:
whoever may see it (`access`) may list and download its files, each download audited; no one else
learns that a file exists.

Checks: at most `MAX_FILES` per step, each at most `MAX_BYTES`, and the content is what it claims —
JPEG, PNG, PDF or Word — by `core.uploads` (polyglots and zip bombs refused), whatever the name says.
A phone's camera gives JPEG; the file input asks for "image/*" among the others, so the phone offers it.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.urls import reverse

from paizhu import access
from paizhu.audit.services import record
from paizhu.core import uploads as upload_checks
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.fields import delete_encrypted_file

from .models import Attachment

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

MAX_FILES = 10
MAX_BYTES = 20 * 1024 * 1024  # a phone photo is 2-8 MB; a scanned record of a few pages as PDF about the same
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
ACCEPT = "image/*,.jpg,.jpeg,.png,.pdf,.docx"
HELP = f"可拍照上传或选择文件，最多{MAX_FILES}个，每个不超过{MAX_BYTES // (1024 * 1024)}MB，限 JPG、PNG、PDF、Word（.docx）。"


@dataclass(frozen=True)
class Upload:
    """One uploaded file as a service receives it: the name the user gave it and its bytes."""

    name: str
    data: bytes


def check_uploads(
    uploads: Sequence[Upload], *, max_files: int = MAX_FILES, max_bytes: int = MAX_BYTES, field: str = "uploads"
) -> list[str]:
    """The kinds of the uploads (jpg, png, pdf, docx), or a DomainError at `field` naming the first file refused."""
    if len(uploads) > max_files:
        raise DomainError(f"附件最多{max_files}个，您选择了{len(uploads)}个。", field=field)
    kinds = []
    for upload in uploads:
        if len(upload.data) > max_bytes:
            raise DomainError(
                f"附件“{upload.name}”超过{max_bytes // (1024 * 1024)}MB，请压缩或拆分后再上传。", field=field
            )
        if not upload.data:
            raise DomainError(f"附件“{upload.name}”是空文件。", field=field)
        try:
            kinds.append(upload_checks.checked_kind(upload.name, upload.data))
        except DomainError as exc:
            raise DomainError(exc.message, field=field) from None
    return kinds


@contextmanager
def files_removed_on_failure() -> Iterator[list[str]]:
    """Collects the names of the encrypted files written inside; deletes them if the block fails.

    Files are written before the rows that name them are committed (writing after the commit could lose
    a file of a step already confirmed to its user). Use it outside the step's `transaction.atomic()`, so
    it sees the exception after the rollback. A caller that wraps the step in a transaction of its own
    and rolls that back later is not covered.
    """
    written: list[str] = []
    try:
        yield written
    except BaseException:
        remove_files(written)
        raise


def remove_files(names: Sequence[str]) -> None:
    for name in names:
        delete_encrypted_file(name)


def store(
    actor: "Actor", matter: models.Model, uploads: Sequence[Upload], *, label: str, written: list[str]
) -> list[Attachment]:
    """Check and keep `uploads` with `matter`, in the caller's step (its transaction, its audit entry).

    The caller has taken the matter through `access` for its step; the names of the files written are
    appended to `written` (from `files_removed_on_failure`).
    """
    if not uploads:
        return []
    kinds = check_uploads(uploads)
    content_type = ContentType.objects.get_for_model(matter)
    rows = []
    for upload, kind in zip(uploads, kinds, strict=True):
        row = Attachment(
            content_type=content_type,
            object_id=matter.pk,
            label=label[:60],
            name=upload.name[:200],
            kind=kind,
            size=len(upload.data),
            uploaded_by=actor,
        )
        row.file.save(upload.data)
        written.append(row.file.name)
        rows.append(row)
    return Attachment.objects.bulk_create(rows)


def attach(actor: "Actor", matter: models.Model, uploads: Sequence[Upload], *, label: str) -> list[Attachment]:
    """上传材料: files added to a matter the user may act on, as a step of its own."""
    model = type(matter)
    if not uploads:
        raise DomainError("请选择要上传的文件。", field="uploads")
    label = (label or "").strip()
    if not label:
        raise DomainError("请填写材料名称。", field="label")
    with files_removed_on_failure() as written, transaction.atomic():
        locked = access.lock_for_act(actor, model, matter.pk)
        rows = store(actor, locked, uploads, label=label, written=written)
        record(actor, "attachment.added", locked, {"label": label, "attachments": [r.pk for r in rows]})
    return rows


def of(matter: models.Model) -> list[Attachment]:
    """The files of a matter the caller has read through `access` (newest last)."""
    return list(
        Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(matter), object_id=matter.pk
        ).select_related("uploaded_by")
    )


@transaction.atomic
def content(actor: "Actor", attachment: Attachment) -> bytes:
    """Decrypt one file for its download: 404 unless the user may see its matter; audited each time."""
    model = attachment.content_type.model_class()
    if model is None:  # the matter's model was removed from the code
        raise NotFound(model=Attachment, pk=attachment.pk, action="download")
    matter = access.get_for_act(actor, model, attachment.object_id, action="view")
    record(actor, "attachment.downloaded", matter, {"attachment": attachment.pk, "label": attachment.label})
    return attachment.file.read()


def section(user: "Actor", matter: models.Model, *, empty: str = "尚无附件。") -> dict:
    """What `workflow/includes/attachments.html` shows on a matter's page: its files, and the upload form
    when the user may act on the matter (the same predicate the service asks)."""
    may_attach = access.may(user, "act", matter)
    return {
        "rows": of(matter),
        "may_attach": may_attach,
        "url": reverse("workflow:attach", args=[matter._meta.label_lower, matter.pk]) if may_attach else "",
        "accept": ACCEPT,
        "help": HELP,
        "empty": empty,
    }
