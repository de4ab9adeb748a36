"""Files kept with a matter (workflow.attachments): checked, encrypted, kept with the step, read through the matter."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time

from paizhu.audit.models import AuditEntry
from paizhu.clues import services
from paizhu.clues.workflows import ClueStatus
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.fields import files_dir
from paizhu.workflow import attachments
from paizhu.workflow.attachments import Upload
from paizhu.workflow.models import Attachment
from tests.samples import PDF

from .conftest import approve_all

# A JPEG as a phone camera writes it: SOI, an APP1 marker, some data, EOI.
PHOTO = b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00" + bytes(range(256)) * 8 + b"\xff\xd9"


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time("2026-03-10 10:00:00+08:00"):
        yield


def _files_on_disk() -> set[str]:
    root = files_dir()
    return {p.name for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def awaiting_reply(world, make_clue):
    u = world.users
    clue = make_clue()
    clue = services.propose_disposal(u.zu4a, clue, version=clue.version, method="inquiry", reasons="问题较轻，宜函询。")
    clue = approve_all(world, clue)
    return services.issue_inquiry(u.zu4a, clue, version=clue.version, mode="letter", on=datetime.date(2026, 3, 10))


def test_the_signed_explanation_is_kept_encrypted_with_the_step(world, awaiting_reply):
    u = world.users
    clue = services.record_reply(
        u.zu4a,
        awaiting_reply,
        version=awaiting_reply.version,
        received_on=datetime.date(2026, 3, 10),
        summary="本人书面说明已收到。",
        countersigned=True,
        uploads=[Upload("说明.jpg", PHOTO), Upload("说明.pdf", PDF)],
    )
    [photo, scan] = attachments.of(clue)
    assert (photo.label, photo.kind, photo.size) == ("书面说明（签字件）", "jpg", len(PHOTO))
    assert scan.kind == "pdf"
    assert photo.name == "说明.jpg"
    assert PHOTO not in b"".join(p.read_bytes() for p in files_dir().rglob("*") if p.is_file())
    assert "附签字件2份" in clue.events.latest("id").title
    assert attachments.content(u.zu4a, photo) == PHOTO
    entry = AuditEntry.objects.filter(action="attachment.downloaded").latest("id")
    assert entry.object_id == str(clue.pk) and entry.details["attachment"] == photo.pk


def test_a_refused_step_keeps_no_file(world, awaiting_reply):
    before = _files_on_disk()
    with pytest.raises(DomainError, match="主要负责人签字"):
        services.record_reply(
            world.users.zu4a,
            awaiting_reply,
            version=awaiting_reply.version,
            received_on=datetime.date(2026, 3, 10),
            summary="说明",
            uploads=[Upload("说明.jpg", PHOTO)],
        )
    assert _files_on_disk() == before
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (Upload("假照片.jpg", b"<html><script>alert(1)</script></html>"), "假照片.jpg"),
        (Upload("空.jpg", b""), "空文件"),
        (Upload("大.jpg", b"\xff\xd8\xff" + b"\x00" * (attachments.MAX_BYTES + 1)), "超过20MB"),
    ],
)
def test_bad_files_are_refused_at_the_field_and_nothing_moves(world, awaiting_reply, upload, message):
    with pytest.raises(DomainError, match=message) as refused:
        services.record_reply(
            world.users.zu4a,
            awaiting_reply,
            version=awaiting_reply.version,
            received_on=datetime.date(2026, 3, 10),
            summary="说明",
            countersigned=True,
            uploads=[upload],
        )
    assert refused.value.field == "uploads"
    awaiting_reply.refresh_from_db()
    assert awaiting_reply.status == ClueStatus.INQUIRY_REPLY
    assert not Attachment.objects.exists()


def test_too_many_files_are_refused():
    with pytest.raises(DomainError, match=f"最多{attachments.MAX_FILES}个"):
        attachments.check_uploads([Upload(f"{i}.jpg", PHOTO) for i in range(attachments.MAX_FILES + 1)])


def test_download_only_for_who_may_see_the_matter(client, world, awaiting_reply):
    u = world.users
    clue = services.record_reply(
        u.zu4a,
        awaiting_reply,
        version=awaiting_reply.version,
        received_on=datetime.date(2026, 3, 10),
        summary="说明",
        countersigned=True,
        uploads=[Upload("说明.jpg", PHOTO)],
    )
    [photo] = attachments.of(clue)
    url = reverse("workflow:attachment", args=[photo.pk])
    for outsider in (u.zu2, u.lianluo, u.shuji, u.sysadmin):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        with pytest.raises(NotFound):
            attachments.content(outsider, photo)
    client.force_login(u.zu4a)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == PHOTO
    assert response["Content-Type"] == "image/jpeg"
    assert client.get(reverse("workflow:attachment", args=[photo.pk + 999])).status_code == 404


def test_upload_a_file_later_from_the_matter_page(client, world, awaiting_reply):
    u = world.users
    clue = awaiting_reply
    url = reverse("workflow:attach", args=["clues.clue", clue.pk])
    page = reverse("clues:detail", args=[clue.pk])
    client.force_login(u.zu4a)
    detail = client.get(page).content.decode()
    assert url in detail and 'accept="image/*' in detail
    response = client.post(
        url, {"label": "送达回证", "next": page, "uploads": SimpleUploadedFile("回证.jpg", PHOTO, "image/jpeg")}
    )
    assert response.status_code == 302 and response["Location"] == page
    [row] = attachments.of(clue)
    assert (row.label, row.uploaded_by) == ("送达回证", u.zu4a)
    assert AuditEntry.objects.filter(action="attachment.added", object_id=str(clue.pk)).exists()
    assert "送达回证" in client.get(page).content.decode()

    # A user who may not act on the clue finds nothing to upload to; an unknown model is a 404 too.
    for outsider in (u.zu2, u.lianluo):
        client.force_login(outsider)
        data = {"label": "x", "uploads": SimpleUploadedFile("a.jpg", PHOTO, "image/jpeg")}
        assert client.post(url, data).status_code == 404
    client.force_login(u.zu4a)
    assert client.post(reverse("workflow:attach", args=["nope.model", clue.pk]), {}).status_code == 404
    assert Attachment.objects.count() == 1


def test_the_reply_form_takes_photos(client, world, awaiting_reply):
    client.force_login(world.users.zu4a)
    page = client.get(reverse("clues:step", args=[awaiting_reply.pk, "reply"])).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="uploads"' in page and 'accept="image/*' in page
    response = client.post(
        reverse("clues:step", args=[awaiting_reply.pk, "reply"]),
        {
            "version": awaiting_reply.version,
            "received_on": "2026-03-10",
            "summary": "说明已收到",
            "countersigned": "on",
            "uploads": SimpleUploadedFile("签字件.jpg", PHOTO, "image/jpeg"),
        },
    )
    assert response.status_code == 302
    assert [a.label for a in attachments.of(awaiting_reply)] == ["书面说明（签字件）"]
