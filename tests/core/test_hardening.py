"""Hardening (issue 8, item 10): malformed parameters answer 400 (never 500), no-store on every
authenticated response, no open redirect, recusal only from matters, idle time from login, API docs
from vendored assets and closed to anonymous users, private file modes, uploads checked beyond magic
bytes."""

import datetime
import io
import os
import re
import stat
import zipfile

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from paizhu.access.models import Recusal
from paizhu.clues import services as clue_services
from paizhu.core import fields, params, uploads
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError
from tests.clues.conftest import approve_all, make_clue  # noqa: F401 - the fixture, for document downloads
from tests.fixtures import sign_in
from tests.samples import PDF, PNG, docx_bytes, pdf_bytes, zip_bomb

BIG = "99999999999999999999"  # beyond int64
HUGE_PAGE = "9999999999999999999999"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.OTP_REQUIRED = False


def _as(world, username) -> Client:
    return sign_in(Client(), getattr(world.users, username))


# ---------------------------------------------------------------- 1. malformed parameters


MALFORMED = [
    # list pages
    ("xinfang", f"/intake/?group={BIG}"),
    ("xinfang", "/intake/?group=-1"),
    ("anguan", f"/clues/?group={BIG}"),
    ("anguan", f"/clues/?unit={BIG}"),
    ("anguan", "/clues/?unit=-1"),
    ("anguan", "/clues/?unit=abc"),
    ("zu4", f"/org/people/?unit={BIG}"),
    ("zu4", "/org/people/?unit=-1"),
    # exports
    ("xinfang", f"/intake/export/?group={BIG}"),
    ("anguan", f"/clues/export/?unit={BIG}"),
    ("anguan", "/clues/export/?group=abc"),
    # API
    ("anguan", f"/api/v1/clues/?group={BIG}"),
    ("anguan", "/api/v1/clues/?unit=-1"),
    ("anguan", "/api/v1/clues/?cursor=abc"),
    ("anguan", "/api/v1/clues/?cursor=WyJ4IiwiMSJd"),
    ("anguan", "/api/v1/clues/?limit=-1"),
    ("anguan", "/api/v1/clues/?limit=abc"),
    ("xinfang", f"/api/v1/intake/?group={BIG}"),
    ("xinfang", "/api/v1/intake/?cursor=%E2%9C%93"),
    ("xinfang", f"/api/v1/intake/?cursor={'A' * 1001}"),
    ("xinfang", "/api/v1/intake/?limit=-1"),
    ("zu4", f"/api/v1/org/people?unit={BIG}"),
    ("zu4", "/api/v1/org/people?cursor=WyIxIiwiMiJd"),
    ("zu4", "/api/v1/org/people?limit=-1"),
]


@pytest.mark.parametrize(("username", "url"), MALFORMED)
def test_malformed_parameter_answers_400_in_chinese(world, username, url):
    response = _as(world, username).get(url)
    assert response.status_code == 400, (url, response.status_code)
    if url.startswith("/api/"):
        body = response.json()
        assert body["code"] == "bad_request"
        assert re.search(r"[\u4e00-\u9fff]", body["detail"]), body
    else:
        html = response.content.decode()
        assert "参数" in html and "请求参数有误" in html


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("xinfang", f"/intake/?page={HUGE_PAGE}"),
        ("xinfang", "/intake/?page=-1"),
        ("anguan", f"/clues/?page={HUGE_PAGE}"),
        ("anguan", "/clues/cases/?page=abc"),
        ("auditor", f"/audit/?page={HUGE_PAGE}"),
        ("sysadmin", "/accounts/users/?page=-5"),
        ("zu4", f"/org/people/?page={HUGE_PAGE}"),
    ],
)
def test_out_of_range_page_shows_a_valid_page(world, username, url):
    """Django's paginator clamps a page number: the last (or first) page, not an error."""
    assert _as(world, username).get(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/v1/clues/abc", "/api/v1/intake/abc", f"/api/v1/clues/{BIG}", "/api/v1/nothing-here"]
)
def test_api_answers_json_for_a_bad_id_or_path(world, url):
    response = _as(world, "anguan").get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_api_domain_errors_carry_a_code(world):
    body = _as(world, "zu4").get("/api/v1/clues/999999").json()
    assert body == {"code": "not_found", "detail": "未找到该记录，或您无权查看。"}


def test_int_param_bounds():
    assert params.int_param({"n": " 12 "}, "n") == 12
    assert params.int_param({"n": ""}, "n", default=3) == 3
    assert params.id_param({}, "unit") is None
    for bad in ["abc", "1.5", "١٢", "1_000", BIG, "-1", "0"]:
        with pytest.raises(params.BadRequest) as caught:
            params.id_param({"unit": bad}, "unit")
        assert caught.value.status_code == 400 and "unit" in caught.value.message


def test_posted_id_that_is_not_a_number_is_no_500(world):
    from paizhu.intake import services as intake_services
    from tests.intake.conftest import report_input

    report, _ = intake_services.submit_public_report(report_input(unit=world.edu))
    response = _as(world, "xinfang").post(f"/intake/{report.pk}/duplicate/", {"original": "abc"})
    assert response.status_code in {302, 400, 404}


# ---------------------------------------------------------------- 2. Cache-Control: no-store


def test_no_store_on_pages_api_exports_and_documents(world, make_clue):  # noqa: F811
    u = world.users
    clue = make_clue([world.edu_deputy])
    proposed = clue_services.propose_disposal(u.zu4a, clue, version=clue.version, method="inquiry", reasons="r")
    clue = approve_all(world, proposed)
    # Delivered on the day of its approval: not earlier (tests/clues/test_field_rules.py).
    clue = clue_services.issue_inquiry(u.zu4a, clue, version=clue.version, mode="letter", on=shanghai_today())
    anguan, zu4a = _as(world, "anguan"), _as(world, "zu4a")
    responses = {
        "home": anguan.get("/"),
        "detail": anguan.get(f"/clues/{clue.pk}/"),
        "api": anguan.get("/api/v1/clues/"),
        "api detail": anguan.get(f"/api/v1/clues/{clue.pk}"),
        "export": anguan.get("/clues/export/"),
        "document": zu4a.get(f"/documents/inquiry/{clue.pk}/1/"),  # the first round's letter
        "error": anguan.get("/clues/?unit=abc"),
    }
    for name, response in responses.items():
        assert response.status_code in {200, 400}, (name, response.status_code)
        assert "no-store" in response.get("Cache-Control", ""), name


# ---------------------------------------------------------------- 3. redirects only to this site


@pytest.mark.parametrize(
    "back", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "http:evil.example"]
)
def test_recusal_form_refuses_an_open_redirect(world, make_clue, back):  # noqa: F811
    clue = make_clue()
    response = _as(world, "zu4a").post(f"/recusal/matter/clues.clue/{clue.pk}/", {"reason": "", "back": back})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_recusal_form_goes_back_to_a_page_of_this_site(world, make_clue):  # noqa: F811
    clue = make_clue()
    back = f"/clues/{clue.pk}/"
    response = _as(world, "zu4a").post(f"/recusal/matter/clues.clue/{clue.pk}/", {"reason": "", "back": back})
    assert response["Location"] == back


def test_same_site_path():
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    assert params.same_site_path(request, "/clues/1/?tab=x") == "/clues/1/?tab=x"
    for bad in ["https://evil.example/", "//evil.example", "/\\evil.example", "evil.example", "", None]:
        assert params.same_site_path(request, bad, "/home/") == "/home/"


# ---------------------------------------------------------------- 4. recusal only from registered matters


def test_recusal_endpoint_refuses_models_that_are_not_matters(world):
    from paizhu.audit.models import AuditEntry
    from paizhu.audit.services import record

    u = world.users
    entry = record(u.wei, "auth.login", u.wei)
    grant = u.zu4a.role_grants.first()
    cases = [
        ("auditor", f"audit.auditentry/{entry.pk}"),
        ("sysadmin", f"accounts.user/{u.zu4a.pk}"),
        ("secadmin", f"accounts.rolegrant/{grant.pk}"),
        ("secadmin", f"accounts.user/{u.zu4a.pk}"),
        ("zu4", f"org.person/{world.edu_clerk.pk}"),
        ("zu4", "no.such/1"),
    ]
    audit_before = AuditEntry.objects.count()
    for username, target in cases:
        response = _as(world, username).post(f"/recusal/matter/{target}/", {"reason": "试探"})
        assert response.status_code == 404, target
    assert not Recusal.objects.exists()
    assert not AuditEntry.objects.filter(seq__gt=audit_before, action__startswith="recusal.").exists()


@pytest.mark.parametrize("label", ["clues.clue", "clues.case"])
def test_recusal_endpoint_accepts_registered_matters(world, make_clue, label):  # noqa: F811
    from paizhu.access.handled import recusable_model

    assert recusable_model(label) is not None
    clue = make_clue()
    response = _as(world, "zu4a").post(f"/recusal/matter/clues.clue/{clue.pk}/", {"reason": "近亲属"})
    assert response.status_code == 302
    assert Recusal.objects.filter(user=world.users.zu4a, object_id=clue.pk).exists()


def test_reports_are_recusable():
    from paizhu.access.handled import recusable_model

    assert recusable_model("intake.report") is not None
    assert recusable_model("audit.auditentry") is None


# ---------------------------------------------------------------- 5. idle timeout from login


def test_idle_time_counts_from_login_not_from_the_first_page(world, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client = Client()
    with freeze_time(timezone.now()) as clock:
        sign_in(client, world.users.shuji)  # logs in; no page requested yet
        clock.tick(datetime.timedelta(minutes=31))
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?timeout=1")
    assert "_auth_user_id" not in client.session


def test_a_page_soon_after_login_keeps_the_session(world, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client = Client()
    with freeze_time(timezone.now()) as clock:
        sign_in(client, world.users.shuji)
        clock.tick(datetime.timedelta(minutes=29))
        assert client.get("/").status_code == 200


def test_login_form_starts_the_idle_clock(world):
    from paizhu.accounts.middleware import LAST_SEEN_SESSION_KEY
    from tests.fixtures import PASSWORD

    client = Client()
    client.post("/accounts/login/", {"username": "shuji", "password": PASSWORD})
    assert "_auth_user_id" in client.session
    assert LAST_SEEN_SESSION_KEY in client.session


# ---------------------------------------------------------------- 6. API docs


def test_openapi_schema_is_closed_to_anonymous_users_outside_demo_mode(world, settings):
    settings.DEMO_MODE = False
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/")


def test_openapi_schema_is_open_in_demo_mode(world, settings):
    settings.DEMO_MODE = True
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "派驻监督工作平台接口"


def test_docs_page_uses_only_local_assets_and_no_inline_script(world, settings):
    settings.DEMO_MODE = False
    response = _as(world, "zu4").get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html), "the docs page names an outside host"
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    for attrs, body in scripts:
        assert 'src="/static/' in attrs or 'type="application/json"' in attrs, attrs
        assert body.strip() == "" or 'type="application/json"' in attrs
    for path in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(path), path
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_vendored_swagger_is_recorded_with_its_licence():
    readme = finders.find("vendor/README.md")
    with open(readme, encoding="utf-8") as fh:
        text = fh.read()
    assert "swagger-ui-dist" in text and "5.35.0" in text and "Apache-2.0" in text
    assert finders.find("vendor/swagger-ui-5.35.0/LICENSE")


# ---------------------------------------------------------------- 7. file modes


def test_encrypted_files_are_0600_in_0700_directories(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    (tmp_path / "files").mkdir(mode=0o755)  # as an older version left it
    os.chmod(tmp_path / "files", 0o755)  # noqa: S103 - the old, too wide mode the writer must tighten
    name = fields.store_encrypted_file(b"secret", b"test")
    path = fields.files_dir() / name[:2] / name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(fields.files_dir().stat().st_mode) == 0o700
    assert fields.open_decrypted(name, b"test") == b"secret"


def test_files_stay_private_under_a_permissive_umask(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    old = os.umask(0)
    try:
        name = fields.store_encrypted_file(b"x", b"test")
    finally:
        os.umask(old)
    path = fields.files_dir() / name[:2] / name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


# ---------------------------------------------------------------- 8. uploads beyond magic bytes


def _refused(name, data) -> str:
    with pytest.raises(DomainError) as caught:
        uploads.checked_kind(name, data)
    assert caught.value.field == "attachments"
    return caught.value.message


def test_well_formed_files_pass():
    assert uploads.checked_kind("信.pdf", PDF) == "pdf"
    assert uploads.checked_kind("信.docx", docx_bytes()) == "docx"
    assert uploads.checked_kind("照片.png", PNG) == "png"


def test_pdf_with_an_xref_stream_passes():
    body = b"<< /Type /XRef /Size 2 /W [1 2 1] /Root 1 0 R /Length 0 >>\nstream\n\nendstream"
    data = b"%PDF-1.5\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    offset = len(data)
    data += b"2 0 obj\n" + body + b"\nendobj\nstartxref\n%d\n%%%%EOF\r\n" % offset
    assert uploads.checked_kind("scan.pdf", data) == "pdf"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("pdf+zip.pdf", PDF + docx_bytes()),  # a PDF reader and a ZIP reader both open it
        ("pdf+html.pdf", PDF + b"<html><body><script>alert(document.cookie)</script></body></html>"),
        ("html-inside.pdf", pdf_bytes("<script>alert(1)</script>")),
        ("png+zip.png", PNG + docx_bytes()),
        ("png+pdf.png", PNG + PDF),
        ("docx+pdf.docx", docx_bytes(b"%PDF-1.7 <w:document/>", compression=zipfile.ZIP_STORED)),
    ],
)
def test_polyglots_are_refused(name, data):
    assert "混有其他格式" in _refused(name, data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("header-only.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        ("truncated.pdf", PDF[: len(PDF) // 2]),
        ("no-eof.pdf", PDF.replace(b"%%EOF", b"")),
        ("bad-xref.pdf", re.sub(rb"startxref\n\d+", b"startxref\n12", PDF)),
        ("xref-beyond-end.pdf", re.sub(rb"startxref\n\d+", b"startxref\n999999", PDF)),
        ("no-root.pdf", PDF.replace(b"/Root 1 0 R", b"/Info 1 0 R")),
    ],
)
def test_structurally_broken_pdfs_are_refused(name, data):
    assert "不是完整的 PDF" in _refused(name, data)


def test_pdf_with_javascript_is_refused():
    data = pdf_bytes(extra_objects=(b"<< /S /JavaScript /J#53 (app.alert(1)) >>",))
    assert "含有脚本" in _refused("js.pdf", data)


def test_zip_bomb_is_refused():
    bomb = zip_bomb(20)  # 20 MB of one byte in ~20 KB: 1000:1
    assert len(bomb) < 100 * 1024
    assert "压缩比" in _refused("bomb.docx", bomb)


def test_archive_too_large_when_expanded_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    data = docx_bytes(os.urandom(2 * 1024 * 1024), compression=zipfile.ZIP_STORED)
    assert "解压后过大" in _refused("big.docx", data)


def test_archive_lying_about_its_sizes_is_refused():
    """Declared sizes rewritten small: the bounded decompression sees the truth (CRC / size mismatch)."""
    bomb = bytearray(zip_bomb(20))
    with zipfile.ZipFile(io.BytesIO(bytes(bomb))) as archive:
        member = archive.getinfo("word/document.xml")
    declared = (member.file_size).to_bytes(8, "little")
    index = bomb.rfind(declared)  # the zip64 extra field of the central directory
    assert index > 0
    bomb[index : index + 8] = (1000).to_bytes(8, "little")
    message = _refused("liar.docx", bytes(bomb))
    assert "不是完整的 Word" in message or "压缩比" in message


def test_intake_check_uploads_delegates(world):
    from paizhu.intake.services import Upload, check_uploads, sniff_kind

    assert sniff_kind(PDF) == "pdf"
    assert check_uploads([Upload("a.pdf", PDF), Upload("b.docx", docx_bytes())]) == ["pdf", "docx"]
    with pytest.raises(DomainError, match="混有其他格式"):
        check_uploads([Upload("x.pdf", PDF + docx_bytes())])
    with pytest.raises(DomainError, match="压缩比"):
        check_uploads([Upload("bomb.docx", zip_bomb(20))])
