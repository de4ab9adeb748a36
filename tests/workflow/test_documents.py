"""The kernel's documents: a toy kind registered here gets the download page, the override directory, the watermark,
the step-up, the audit entry and the 404s, without any app's code."""

import dataclasses
import datetime
import io
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from docx import Document

from paizhu.accounts.stepup import OTP_AT_SESSION_KEY
from paizhu.audit.models import AuditEntry
from paizhu.core.calendar import shanghai_today
from paizhu.core.templatetags.paizhu import cn_date
from paizhu.workflow import documents, docx_layout
from paizhu.workflow.documents import DocumentKind
from tests.fixtures import sign_in
from tests.query_counts import add_clue

pytestmark = pytest.mark.django_db


@pytest.fixture
def toy(tmp_path, monkeypatch, settings):
    """A 「工作提示单」 filled from a clue, offered once the clue has handlers; shipped in tmp_path/shipped."""
    monkeypatch.setattr(documents, "_KINDS", dict(documents._KINDS))
    settings.DOC_TEMPLATES_DIR = tmp_path / "overrides"
    shipped = tmp_path / "shipped" / "work_note.docx"
    shipped.parent.mkdir()
    docx_layout.build([("title", "工作提示单"), ("body", "{{ serial }}：{{ unit }}"), ("sign", "{{ today }}")]).save(
        shipped
    )
    return documents.register(
        DocumentKind(
            "work_note",
            "工作提示单",
            "clues.Clue",
            shipped,
            context=lambda clue: {"serial": clue.serial, "unit": clue.unit.name},
            available=lambda clue: clue.handlers.exists(),
            action="view",
        )
    )


def _text(response) -> str:
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    parts = [p.text for p in document.paragraphs]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def test_a_registered_kind_is_downloaded_watermarked_and_audited(world, toy):
    clue = add_clue(world)
    client = sign_in(Client(), world.users.zu4)
    url = f"/documents/work_note/{clue.pk}/"
    assert [(d.label, d.url, d.draft) for d in documents.offered(world.users.zu4, clue)] == [("工作提示单", url, False)]
    response = client.get(url)
    assert response.status_code == 200
    assert quote(f"工作提示单-{clue.serial}.docx") in response["Content-Disposition"]
    text = _text(response)
    assert f"{clue.serial}：{world.edu.name}" in text and cn_date(shanghai_today()) in text
    assert "仅限工作使用" in text and "zu4" in text  # the downloader's watermark, in the header
    entry = AuditEntry.objects.get(action="clue.document_downloaded")
    assert (entry.actor, entry.object_id, entry.details["document"]) == (world.users.zu4, str(clue.pk), "work_note")


def test_the_administrators_copy_takes_precedence(world, toy, settings):
    override = settings.DOC_TEMPLATES_DIR / "clues" / "work_note.docx"
    assert documents.template_path(toy) == toy.template
    call_command("doc_templates", stdout=io.StringIO())  # every kind's shipped template, copied to start from
    assert override.read_bytes() == toy.template.read_bytes()
    assert (override.parent / "inquiry.docx").exists()  # the clue module's, in the same place
    docx_layout.build([("title", "本地修改的提示单"), ("body", "{{ serial }}")]).save(override)
    clue = add_clue(world)
    text = _text(sign_in(Client(), world.users.zu4).get(f"/documents/work_note/{clue.pk}/"))
    assert "本地修改的提示单" in text and clue.serial in text


def test_what_may_not_be_downloaded_is_404_before_the_second_factor(world, toy):
    clue = add_clue(world)
    for name in ("zu2", "shuji", "sysadmin"):  # outside the clue's view scope
        client = sign_in(Client(), getattr(world.users, name))
        assert client.get(f"/documents/work_note/{clue.pk}/").status_code == 404
        assert documents.offered(getattr(world.users, name), clue) == []
    client = sign_in(Client(), world.users.zu4)
    assert client.get(f"/documents/no_such_kind/{clue.pk}/").status_code == 404
    bare = add_clue(world)
    bare.handlers.clear()  # the record has not the facts yet: not offered, and 404
    assert documents.offered(world.users.zu4, bare) == []
    assert client.get(f"/documents/work_note/{bare.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action="clue.document_downloaded").exists()


def test_the_second_factor_is_asked_again_after_five_minutes(world, toy, settings):
    settings.OTP_REQUIRED = True
    clue = add_clue(world)
    client = sign_in(Client(), world.users.zu4)
    session = client.session
    session[OTP_AT_SESSION_KEY] -= 6 * 60
    session.save()
    response = client.get(f"/documents/work_note/{clue.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/?step_up=1")
    assert not AuditEntry.objects.filter(action="clue.document_downloaded").exists()


def test_a_kind_needs_its_audit_event():
    with pytest.raises(ValueError, match="register the audit event person.document_downloaded"):
        documents.register(DocumentKind("memo", "备忘", "org.Person", Path("memo.docx"), context=dict))


@pytest.fixture
def numbered(toy):
    """The toy kind, numbered: 文种 "示"."""
    kind = dataclasses.replace(toy, name="numbered_note", series="示", classification="秘密", copy_numbered=True)
    return documents.register(kind)


def test_issuing_is_gap_free_and_a_rolled_back_step_gives_its_number_back(world, numbered, settings):
    clue = add_clue(world)
    with transaction.atomic():
        first = documents.issue(world.users.zu4, "numbered_note", clue, on=datetime.date(2026, 12, 31))
    with pytest.raises(RuntimeError), transaction.atomic():
        documents.issue(world.users.zu4, "numbered_note", clue, on=datetime.date(2026, 12, 31))
        raise RuntimeError("the step failed after drawing its number")
    with transaction.atomic():
        second = documents.issue(world.users.zu4, "numbered_note", clue, on=datetime.date(2026, 12, 31))
        next_year = documents.issue(world.users.zu4, "numbered_note", clue, on=datetime.date(2027, 1, 4))
    assert [first.number, second.number, next_year.number] == [
        "江纪示〔2026〕1号",
        "江纪示〔2026〕2号",
        "江纪示〔2027〕1号",
    ]
    assert documents.issued(clue, "numbered_note") == next_year  # the newest is the one downloaded
    settings.DOC_NUMBER_PREFIXES = {"numbered_note": "临纪示"}  # the commission's own 机关代字 for the kind
    with transaction.atomic():
        assert documents.issue(world.users.zu4, "numbered_note", clue).number.startswith("临纪示〔")


def test_an_issued_document_is_offered_even_when_its_draft_would_not_be(world, numbered):
    clue = add_clue(world)
    clue.handlers.clear()  # the toy's facts are gone: no draft
    assert documents.offered(world.users.zu4, clue) == []
    with transaction.atomic():
        documents.issue(world.users.zu4, "numbered_note", clue, on=datetime.date(2026, 5, 6))
    [row] = documents.offered(world.users.zu4, clue)
    assert (row.number, row.issued_on, row.draft) == ("江纪示〔2026〕1号", datetime.date(2026, 5, 6), False)
    response = sign_in(Client(), world.users.zu4).get(row.url)
    assert quote(f"工作提示单-{clue.serial}-江纪示〔2026〕1号.docx") in response["Content-Disposition"]
    text = _text(response)
    assert "第1份" in text  # the copy number in the watermark line
