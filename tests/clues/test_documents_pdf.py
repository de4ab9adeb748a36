"""Every document kind, rendered by LibreOffice to PDF: A4 pages, a sane page count, and its 文号, issue date and
the downloader's watermark in the text. One soffice call converts them all (it starts in seconds, not per file).
Skipped where LibreOffice is not installed."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from freezegun import freeze_time
from pypdf import PdfReader

from paizhu.core.templatetags.paizhu import cn_date
from paizhu.workflow import documents
from paizhu.workflow.models import IssuedDocument
from tests.clues.document_story import play
from tests.fixtures import sign_in

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.django_db, pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")]

A4 = (595.3, 841.9)  # points
# The official fonts' Noto substitutes, as a server installs them (docs/clues.md).
FONTS = Path(documents.__file__).parent / "data" / "fonts.conf"


def _to_pdf(paths, out):
    subprocess.run(  # noqa: S603 - our own files, a fixed program
        [
            SOFFICE,
            f"-env:UserInstallation=file://{out}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
        ]
        + [str(p) for p in paths],
        check=True,
        capture_output=True,
        timeout=240,
        env={**os.environ, "FONTCONFIG_FILE": str(FONTS)},
    )


def test_every_kind_renders_to_pdf_with_its_number_date_and_watermark(world, make_clue, tmp_path, settings):
    settings.OTP_REQUIRED = False
    *_, case = play(world, make_clue)
    issued = list(IssuedDocument.objects.order_by("id"))
    clue_kinds = {name for name, kind in documents.kinds().items() if kind.model.startswith("clues.")}
    assert {d.kind for d in issued} == clue_kinds  # the story issues every kind the clue module registered
    client = sign_in(Client(), world.users.zu4a)
    files = {}
    with freeze_time("2026-11-02 09:00:00+08:00"):  # months later: the documents keep their own dates
        for document in issued:
            matter = document.matter
            path = documents._url(document.kind, matter.pk, document.part)
            response = client.get(path)
            assert response.status_code == 200, path
            target = tmp_path / f"{document.pk}.docx"
            target.write_bytes(b"".join(response.streaming_content))
            files[document] = target
    _to_pdf(files.values(), tmp_path)
    for document, docx in files.items():
        reader = PdfReader(io.BytesIO(docx.with_suffix(".pdf").read_bytes()))
        assert 1 <= len(reader.pages) <= 2, document.kind  # one-page letters and decisions; a report may run on
        for page in reader.pages:
            assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == A4
        fonts = {
            str(f.get_object()["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()
        }
        assert all("NotoS" in f for f in fonts), fonts  # the official fonts' substitutes, Chinese glyphs (SC)
        text = "".join(page.extract_text() for page in reader.pages)
        flat = "".join(text.split())
        assert document.number in flat, document.kind
        assert cn_date(document.issued_on) in flat, document.kind
        assert "2026年11月2日" not in flat  # not the download day
        assert "仅限工作使用" in flat and "zu4a" in flat, document.kind
        if document.kind in ("verification_report", "case_filing", "review_report"):
            assert "秘密" in flat and "000001" in flat  # 密级 and the first copy's 份号
        if document.kind == "penalty_decision":
            assert f"关于给予{document.part_label}" in flat
