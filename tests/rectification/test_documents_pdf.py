"""Every rectification document kind, issued and rendered by LibreOffice to PDF: A4, one or two pages, its 文号,
issue date, addressee, items and the downloader's watermark in the text (as tests/clues/test_documents_pdf.py)."""

import io
import subprocess

import pytest
from django.test import Client
from pypdf import PdfReader

from paizhu.core.templatetags.paizhu import cn_date
from paizhu.rectification.models import DemandKind
from paizhu.workflow import documents
from paizhu.workflow.models import IssuedDocument
from tests.clues.test_documents_pdf import A4, FONTS, SOFFICE
from tests.fixtures import sign_in

from .conftest import ITEMS

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")]


def test_every_kind_renders_to_pdf_in_the_official_layout(world, make_demand, tmp_path, settings):
    demands = [make_demand(kind=kind) for kind in DemandKind.values]
    assert {d.kind for d in IssuedDocument.objects.all()} == {
        k for k in documents.kinds() if k.startswith("rectification_")
    }
    client = sign_in(Client(), world.users.zu4a)
    files = {}
    for demand in demands:
        document = IssuedDocument.objects.get(object_id=demand.pk, kind=f"rectification_{demand.kind}")
        response = client.get(f"/documents/{document.kind}/{demand.pk}/")
        assert response.status_code == 200
        target = tmp_path / f"{demand.kind}.docx"
        target.write_bytes(b"".join(response.streaming_content))
        files[(demand, document)] = target
    subprocess.run(  # noqa: S603 - our own files, a fixed program
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *[str(p) for p in files.values()],
        ],
        check=True,
        capture_output=True,
        timeout=240,
        env={"FONTCONFIG_FILE": str(FONTS), "HOME": str(tmp_path)},
    )
    for (demand, document), docx in files.items():
        reader = PdfReader(io.BytesIO(docx.with_suffix(".pdf").read_bytes()))
        assert 1 <= len(reader.pages) <= 3, demand.kind
        for page in reader.pages:
            assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == A4
        flat = "".join("".join(page.extract_text() for page in reader.pages).split())
        assert document.number in flat, demand.kind
        assert cn_date(document.issued_on) in flat
        assert demand.addressee in flat and "测试市纪委监委第四派驻纪检监察组" in flat
        assert "".join(ITEMS[1].split())[:20] in flat, demand.kind  # the items, one by one
        assert "仅限工作使用" in flat and "zu4a" in flat
        if demand.kind in ("supervisory", "combined"):
            assert "监察建议具有法律效力" in flat
