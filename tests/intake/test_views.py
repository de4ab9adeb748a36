import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signing import TimestampSigner

from paizhu.audit.models import AuditEntry
from paizhu.intake import forms, services
from paizhu.intake.models import ForwardingRecord, Report
from tests.fixtures import sign_in

from .conftest import FACTS_CAR, PNG, real_name_identity, report_input


@pytest.fixture(autouse=True)
def _clean_cache(monkeypatch):
    cache.clear()
    # A person needs a few seconds to fill in the form; the test client does not.
    monkeypatch.setattr(forms, "CHALLENGE_MIN_SECONDS", -1)
    yield
    cache.clear()


def challenge(answer: int = 7) -> dict:
    nonce = f"test-{datetime.datetime.now(tz=datetime.UTC).timestamp()}-{answer}-{id(object())}"
    token = TimestampSigner(salt=forms.CHALLENGE_SALT).sign_object(
        {"n": nonce, "d": forms._answer_digest(nonce, answer)}
    )
    return {"challenge_token": token, "challenge_answer": str(answer)}


def public_post(world, **overrides):
    data = {
        "mode": "anonymous",
        "kind": "accusation",
        "unit": world.edu.pk,
        "name_0": "李红梅",
        "post_0": "副局长",
        "categories": ["integrity", "work"],
        "facts": FACTS_CAR,
        **challenge(),
    }
    data.update(overrides)
    return data


def test_public_form_renders_without_inline_script_or_style(client, world):
    response = client.get("/report/")
    html = response.content.decode()
    assert response.status_code == 200 and "我要举报" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html
    assert "李红梅" not in html  # no cadre list is exposed to the public
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]


def test_anonymous_public_submission_shows_receipt_once(client, world):
    response = client.post("/report/", public_post(world), REMOTE_ADDR="198.51.100.23")
    html = response.content.decode()
    assert response.status_code == 200, html
    code = re.sub(r"<[^>]+>", "", re.search(r'id="receipt-code">(.*?)</div>', html).group(1))
    assert len(code.replace("-", "")) >= 16
    report = Report.objects.get()
    assert report.receipt_hash and code.replace("-", "") not in report.receipt_hash
    assert report.categories == ["integrity", "work"] and report.named.get().name == "李红梅"
    assert not AuditEntry.objects.filter(client_address="198.51.100.23").exists()
    assert "198.51.100.23" not in str(list(Report.objects.values()))


def test_real_name_needs_concrete_contact_and_keeps_what_was_typed(client, world):
    data = public_post(world, mode="real", reporter_name="刘晓燕", reporter_contact="找我")
    response = client.post("/report/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "具体的联系方式" in html and "刘晓燕" in html and FACTS_CAR in html
    assert not Report.objects.exists()
    response = client.post(
        "/report/", public_post(world, mode="real", reporter_name="刘晓燕", reporter_contact="13812345678")
    )
    assert response.status_code == 200
    assert Report.objects.get().is_real_name


def test_mislabelled_attachment_refused_with_text_kept(client, world):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 an executable", content_type="image/jpeg")
    response = client.post("/report/", {**public_post(world), "attachments": [fake]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "不是 JPG、PNG、PDF" in html and "请重新选择附件" in html and FACTS_CAR in html
    assert not Report.objects.exists()


def test_oversized_attachment_refused(client, world):
    big = SimpleUploadedFile("scan.png", PNG + b"0" * (10 * 1024 * 1024), content_type="image/png")
    response = client.post("/report/", {**public_post(world), "attachments": [big]})
    assert response.status_code == 200 and "超过10MB" in response.content.decode()
    assert not Report.objects.exists()


def test_empty_report_refused(client, world):
    response = client.post("/report/", public_post(world, facts="", name_0="", unit=""))
    html = response.content.decode()
    assert response.status_code == 200 and "主要问题" in html and "被反映人" in html
    assert not Report.objects.exists()


def test_wrong_or_replayed_challenge_refused(client, world):
    response = client.post("/report/", public_post(world, challenge_answer="8"))
    assert response.status_code == 200 and "回答不正确" in response.content.decode()
    data = public_post(world)
    assert client.post("/report/", data).status_code == 200
    response = client.post("/report/", data)
    assert response.status_code == 200 and "已使用过" in response.content.decode()
    assert Report.objects.count() == 1


def test_honeypot_refused(client, world):
    assert client.post("/report/", public_post(world, website="http://spam")).status_code == 200
    assert not Report.objects.exists()


def test_rate_limit_per_address_in_memory(client, world):
    for _ in range(services_limit()):
        assert client.post("/report/", public_post(world), REMOTE_ADDR="192.0.2.1").status_code == 200
    response = client.post("/report/", public_post(world), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429 and FACTS_CAR in response.content.decode()
    assert client.post("/report/", public_post(world), REMOTE_ADDR="192.0.2.2").status_code == 200
    assert Report.objects.count() == services_limit() + 1


def services_limit() -> int:
    from paizhu.intake.views import SUBMIT_LIMIT

    return SUBMIT_LIMIT[0]


def test_status_page_with_code_and_message_exchange(client, world):
    report, code = services.submit_public_report(report_input(unit=world.edu))
    response = client.post("/report/status/", {"code": "WRONG-CODE-0000-0000-0000"})
    assert response.status_code == 200 and "查询码不正确" in response.content.decode()
    response = client.post("/report/status/", {"code": services.format_receipt(code)})
    html = response.content.decode()
    assert response.status_code == 200 and "已收到，待登记" in html and report.serial in html
    response = client.post("/report/status/", {"code": code, "body": "补充：有发票复印件。"})
    assert "留言已送达" in response.content.decode()
    report = services.confirm_routing(world.users.xinfang, report, group=world.g4)
    report = services.assign_handler(world.users.zu4, report, world.users.zu4a)
    services.reply_to_reporter(world.users.zu4a, report, "收到，请妥善保存原件。")
    html = client.post("/report/status/", {"code": code}).content.decode()
    assert "补充：有发票复印件。" in html and "收到，请妥善保存原件。" in html
    assert world.users.zu4a.full_name not in html and "第四纪检监察组" not in html


def test_forwarded_public_report_status(client, world):
    report, code = services.submit_public_report(report_input(unit=world.edu))
    services.forward_report(
        world.users.xinfang, report, reason=ForwardingRecord.Reason.OWN_LEADER, forwarded_to="省纪委监委"
    )
    html = client.post("/report/status/", {"code": code}).content.decode()
    assert "已按规定转送" in html


# ---------------------------------------------------------------- staff pages


def _many_reports(world, n=5):
    reports = []
    for i in range(n):
        r = services.register_report(
            world.users.xinfang,
            report_input(unit=world.edu, facts=f"{FACTS_CAR}第{i}次。", identity=real_name_identity()),
            channel="letter",
            received_on=datetime.date(2026, 9, 1),
        )
        reports.append(services.confirm_routing(world.users.xinfang, r, group=world.g4))
    return reports


def test_list_page_query_count_is_fixed(client, world, django_assert_max_num_queries):
    _many_reports(world, 3)
    sign_in(client, world.users.zu4)
    with django_assert_max_num_queries(25) as few:
        assert client.get("/intake/").status_code == 200
    _many_reports(world, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/intake/")
    assert response.content.decode().count("XF-") >= 9


def test_detail_page_query_count_is_fixed(client, world, django_assert_max_num_queries):
    report = _many_reports(world, 2)[0]
    sign_in(client, world.users.zu4)
    with django_assert_max_num_queries(45) as few:
        response = client.get(f"/intake/{report.pk}/")
    assert response.status_code == 200
    _many_reports(world, 6)  # more similar reports, more reports about the same people
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/intake/{report.pk}/")
    assert response.content.decode().count("关联为重复件") >= 7
    assert AuditEntry.objects.filter(action="report.viewed", object_id=str(report.pk)).exists()


def test_identity_appears_nowhere_for_group_staff(client, world):
    report = _many_reports(world, 1)[0]
    identity = real_name_identity()
    sign_in(client, world.users.zu4)
    pages = [client.get("/intake/"), client.get(f"/intake/{report.pk}/"), client.get("/intake/due/")]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert identity.name not in html and identity.contact not in html and identity.id_number not in html
    assert client.post(f"/intake/{report.pk}/identity/").status_code == 403


def test_script_in_text_is_rendered_escaped(client, world):
    report, _ = services.submit_public_report(
        report_input(unit=world.edu, facts="<script>alert('x')</script> 公车私用问题")
    )
    sign_in(client, world.users.xinfang)
    html = client.get(f"/intake/{report.pk}/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def test_other_group_gets_404(client, world):
    report = _many_reports(world, 1)[0]
    sign_in(client, world.users.zu2)
    assert client.get(f"/intake/{report.pk}/").status_code == 404
    sign_in(client, world.users.lianluo)
    assert client.get(f"/intake/{report.pk}/").status_code == 404


def test_staff_registration_and_routing_through_pages(client, world):
    sign_in(client, world.users.xinfang)
    response = client.post(
        "/intake/new/",
        {
            "channel": "visit",
            "received_on": "2026-09-29",
            "kind": "accusation",
            "unit": world.fin.pk,
            "name_0": "张三",
            "facts": "市财政局某科长违规收受礼品礼金。",
            "reporter_name": "王五",
            "reporter_contact": "010-12345678",
            "attachments": [SimpleUploadedFile("letter.png", PNG, content_type="image/png")],
        },
    )
    assert response.status_code == 302, response.content.decode()
    report = Report.objects.get()
    assert report.is_real_name and report.attachments.get().is_original_scan
    target = {"target": f"group:{world.g4.pk}"}
    stale = client.post(f"/intake/{report.pk}/route/", {**target, "version": report.version - 1}, follow=True)
    assert "已被他人修改" in stale.content.decode()
    response = client.post(f"/intake/{report.pk}/route/", {**target, "version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.group == world.g4
    assert client.post(f"/intake/{report.pk}/accept/", {"version": report.version}).status_code == 404


def test_higher_managed_registration_offers_forwarding_only(client, world):
    from paizhu.org.models import Person

    world.edu_head.management_level = Person.ManagementLevel.HIGHER
    world.edu_head.save()
    sign_in(client, world.users.xinfang)
    response = client.post(
        "/intake/new/",
        {
            "channel": "letter",
            "received_on": "2026-09-29",
            "kind": "accusation",
            "subjects": [world.edu_head.pk],
            "facts": "问题",
        },
    )
    assert "不得录入" in response.content.decode() and not Report.objects.exists()
    response = client.post(
        "/intake/forwarding/",
        {"received_on": "2026-09-29", "reason": "higher_managed", "forwarded_to": "省纪委监委"},
    )
    assert response.status_code == 302 and ForwardingRecord.objects.get().due_on == datetime.date(2026, 10, 12)


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("xinfang", True),
        ("wei", True),
        ("guanli", True),
        ("zu4", True),
        ("zu4a", True),
        ("zu2", False),
        ("anguan", False),
        ("shenli", False),
        ("shuji", False),
        ("lianluo", False),
        ("sysadmin", False),
        ("secadmin", False),
        ("auditor", False),
    ],
)
def test_access_matrix_list_and_detail(client, world, username, sees):
    report = _many_reports(world, 1)[0]
    sign_in(client, getattr(world.users, username))
    listing = client.get("/intake/")
    assert (report.serial in listing.content.decode()) == sees
    assert client.get(f"/intake/{report.pk}/").status_code == (200 if sees else 404)
    assert client.get(f"/intake/{report.pk}/").status_code == (200 if sees else 404)


def test_identity_request_approved_through_pages(client, world):
    report = _many_reports(world, 1)[0]
    sign_in(client, world.users.zu4)
    client.post(f"/intake/{report.pk}/identity_request/", {"reason": "核实举报人与被反映人是否存在利害关系"})
    assert client.post(f"/intake/{report.pk}/identity/").status_code == 403
    sign_in(client, world.users.wei)
    page = client.get("/intake/identity-requests/").content.decode()
    assert report.serial in page and "核实举报人" in page
    request = report.identity_requests.get()
    client.post(f"/intake/identity-requests/{request.pk}/decide/", {"decision": "approve", "note": "同意"})
    sign_in(client, world.users.zu4)
    response = client.post(f"/intake/{report.pk}/identity/")
    assert response.status_code == 200 and real_name_identity().name in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action="identity.revealed", actor=world.users.zu4).count() == 1


def test_petition_office_todo_lists_reports_to_route(client, world):
    report, _ = services.submit_public_report(report_input(unit=world.edu))
    sign_in(client, world.users.xinfang)
    html = client.get("/").content.decode()
    assert "待确认分办" in html and report.serial in html
