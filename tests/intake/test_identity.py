"""Reporter data behind the handler (issue 8, item 9).

The reporter's messages (both directions) and attachments follow the identity rule: the report's
handling officer, or a user with an approved, unexpired 查看举报人身份 request. Everyone else who may
see the report sees that they exist (count, date, direction, file type and size), not what they say.
"""

import datetime
import time

import pytest
from django.utils import timezone

from paizhu.accounts.stepup import OTP_AT_SESSION_KEY
from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError, NotFound, PermissionDenied
from paizhu.core.roles import Role
from paizhu.intake import services
from paizhu.intake.models import IdentityRevealRequest, Report, ReportAttachment, ReportMessage
from paizhu.intake.services import Upload
from tests.fixtures import make_user, sign_in

from .conftest import PDF, report_input

PHONE = "13987654321"
IN_BODY = f"我是举报人，手机{PHONE}，可当面提供签名材料。"
OUT_BODY = "收到，请于下周二上午到信访接待室面谈。"
LETTER_NAME = "实名举报信-签名页.pdf"


@pytest.fixture
def case(world):
    """An online report with a signed letter attached, routed to group 4, handled by zu4a; zu4b is a
    member of the same group (in scope) who is not the handler."""
    report, code = services.submit_public_report(report_input(unit=world.edu, uploads=[Upload(LETTER_NAME, PDF)]))
    services.message_from_reporter(report, IN_BODY)
    report = services.confirm_routing(world.users.xinfang, report, group=world.g4)
    report = services.assign_handler(world.users.zu4, report, world.users.zu4a)
    services.reply_to_reporter(world.users.zu4a, report, OUT_BODY)
    zu4b = make_user("zu4b", Role.GROUP_MEMBER, world.g4)
    return report, code, zu4b, report.attachments.get()


def approve(world, report, user) -> IdentityRevealRequest:
    request = services.request_identity(user, report, "核实举报人与被反映人是否存在利害关系")
    return services.decide_identity_request(world.users.wei, request, approve=True, note="同意，限一周")


def expire(request: IdentityRevealRequest) -> None:
    IdentityRevealRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )


# ---------------------------------------------------------------- a member in scope, not the handler


def test_member_not_handler_sees_that_messages_exist_but_not_what_they_say(client, world, case):
    report, _, zu4b, attachment = case
    thread = services.thread_for(zu4b, report)
    assert [m.direction for m in thread] == ["in", "out"]
    assert all(m.body is None for m in thread) and all(m.at for m in thread)
    lines = services.attachments_for(zu4b, report)
    assert [(a.kind, a.size, a.name, a.downloadable) for a in lines] == [("pdf", len(PDF), None, False)]

    sign_in(client, zu4b)
    page = client.get(f"/intake/{report.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert PHONE not in html and "可当面提供签名材料" not in html and OUT_BODY not in html
    assert LETTER_NAME not in html and f"/intake/attachments/{attachment.pk}/" not in html
    assert "举报人留言" in html and "办理单位回复" in html and "PDF" in html
    assert "仅承办人可查看" in html and "申请查看" in html  # the hint how to get access
    assert "发送回复" not in html  # the reply belongs to the handler


def test_member_not_handler_gets_404_on_the_attachment_and_403_on_the_messages(client, world, case):
    report, _, zu4b, attachment = case
    with pytest.raises(NotFound):
        services.attachment_content(zu4b, attachment)
    with pytest.raises(PermissionDenied):
        services.read_messages(zu4b, report)
    sign_in(client, zu4b)
    assert client.get(f"/intake/attachments/{attachment.pk}/").status_code == 404
    denied = AuditEntry.objects.get(action="access.denied", object_type="intake.reportattachment")
    assert denied.object_id == str(attachment.pk) and denied.details["action"] == "download"
    response = client.post(f"/intake/{report.pk}/messages/")
    assert response.status_code == 403 and PHONE not in response.content.decode()
    refused = AuditEntry.objects.get(action="access.denied", object_type="intake.report")
    assert refused.object_id == str(report.pk) and refused.details["action"] == "identity"
    assert not AuditEntry.objects.filter(
        action__in=["report.attachment_downloaded", "identity.messages_viewed"]
    ).exists()


def test_a_refused_download_names_the_attachment_for_the_denied_access_record(world, case):
    _, _, zu4b, attachment = case
    with pytest.raises(NotFound) as refused:
        services.attachment_content(zu4b, attachment)
    assert refused.value.context == {"model": ReportAttachment, "pk": attachment.pk, "action": "download"}


def test_a_refused_reveal_or_reading_names_the_report(world, case):
    report, _, zu4b, _ = case
    for use in (services.reveal_identity, services.read_messages):
        with pytest.raises(PermissionDenied) as refused:
            use(zu4b, report)
        assert refused.value.context == {"model": Report, "pk": report.pk, "action": "identity"}


def test_group_leader_who_is_not_the_handler_may_not_reply_nor_download(world, case):
    report, _, _, attachment = case
    with pytest.raises(PermissionDenied, match="承办人"):
        services.reply_to_reporter(world.users.zu4, report, "组长越过承办人回复")
    with pytest.raises(NotFound):
        services.attachment_content(world.users.zu4, attachment)
    assert ReportMessage.objects.filter(direction="out").count() == 1


# ---------------------------------------------------------------- with an approved request


def test_approved_request_opens_messages_and_attachment_and_every_use_is_audited(client, world, case, settings):
    report, _, zu4b, attachment = case
    request = approve(world, report, zu4b)
    assert request.expires_at == request.decided_at + datetime.timedelta(days=settings.IDENTITY_REVEAL_DAYS)
    assert settings.IDENTITY_REVEAL_DAYS == 7

    sign_in(client, zu4b)
    page = client.get(f"/intake/{report.pk}/").content.decode()
    assert PHONE not in page  # still not inline: reading is a separate, audited step with the second factor
    assert f"/intake/attachments/{attachment.pk}/" in page and "有效期至" in page

    html = client.post(f"/intake/{report.pk}/messages/").content.decode()
    assert IN_BODY in html and OUT_BODY in html and LETTER_NAME in html
    download = client.get(f"/intake/attachments/{attachment.pk}/")
    assert download.status_code == 200 and download.content == PDF
    assert client.post(f"/intake/{report.pk}/identity/").status_code == 200

    uses = AuditEntry.objects.filter(
        actor=zu4b, action__in=["identity.messages_viewed", "report.attachment_downloaded", "identity.revealed"]
    ).order_by("seq")
    assert [e.action for e in uses] == ["identity.messages_viewed", "report.attachment_downloaded", "identity.revealed"]
    for entry in uses:
        assert entry.details["basis"] == "request" and entry.details["request"] == request.pk
        assert entry.object_id == str(report.pk)
    assert uses[1].details["attachment"] == attachment.pk


def test_reveal_days_is_configuration(world, case, settings):
    report, _, zu4b, _ = case
    settings.IDENTITY_REVEAL_DAYS = 2
    request = approve(world, report, zu4b)
    assert request.expires_at - request.decided_at == datetime.timedelta(days=2)


def test_approval_does_not_let_the_requester_reply(world, case):
    report, _, zu4b, _ = case
    approve(world, report, zu4b)
    with pytest.raises((PermissionDenied, NotFound)):
        services.reply_to_reporter(zu4b, report, "我也想回复")


# ---------------------------------------------------------------- after the expiry


def test_expired_approval_no_longer_grants_anything(client, world, case):
    report, _, zu4b, attachment = case
    request = approve(world, report, zu4b)
    now = timezone.now()
    assert services.may_see_identity(zu4b, report, now=now)
    assert not services.may_see_identity(zu4b, report, now=request.expires_at + datetime.timedelta(seconds=1))

    expire(request)
    assert not services.may_see_identity(zu4b, report)
    with pytest.raises(NotFound):
        services.attachment_content(zu4b, attachment)
    with pytest.raises(PermissionDenied):
        services.read_messages(zu4b, report)
    with pytest.raises(PermissionDenied):
        services.reveal_identity(zu4b, report)
    sign_in(client, zu4b)
    assert client.get(f"/intake/attachments/{attachment.pk}/").status_code == 404
    assert client.post(f"/intake/{report.pk}/messages/").status_code == 403
    assert client.post(f"/intake/{report.pk}/identity/").status_code == 403
    page = client.get(f"/intake/{report.pk}/").content.decode()
    request.refresh_from_db()
    expired_on = timezone.localtime(request.expires_at).strftime("%Y-%m-%d")
    assert "已过期" in page and expired_on in page and PHONE not in page
    # An expired approval may be asked for again.
    again = services.request_identity(zu4b, report, "需再次核实")
    assert again.status == IdentityRevealRequest.Status.PENDING


def test_leader_list_shows_expired_approvals(client, world, case):
    report, _, zu4b, _ = case
    expire(approve(world, report, zu4b))
    sign_in(client, world.users.wei)
    html = client.get("/intake/identity-requests/").content.decode()
    assert "已过期" in html


def test_approval_without_an_expiry_grants_nothing(world, case):
    """Rows approved before the expiry existed are given one by the migration; a row without one fails closed."""
    report, _, zu4b, _ = case
    request = approve(world, report, zu4b)
    IdentityRevealRequest.objects.filter(pk=request.pk).update(expires_at=None)
    assert not services.may_see_identity(zu4b, report)


def test_a_valid_approval_is_not_requested_twice(world, case):
    report, _, zu4b, _ = case
    approve(world, report, zu4b)
    with pytest.raises(DomainError, match="有效期至"):
        services.request_identity(zu4b, report, "再申请一次")


# ---------------------------------------------------------------- the handler


def test_handler_reads_the_thread_inline_and_downloads_with_audit(client, world, case):
    report, _, _, attachment = case
    handler = world.users.zu4a
    assert [m.body for m in services.thread_for(handler, report)] == [IN_BODY, OUT_BODY]
    assert services.attachments_for(handler, report)[0].name == LETTER_NAME
    sign_in(client, handler)
    html = client.get(f"/intake/{report.pk}/").content.decode()
    assert IN_BODY in html and OUT_BODY in html and "发送回复" in html and LETTER_NAME in html
    download = client.get(f"/intake/attachments/{attachment.pk}/")
    assert download.status_code == 200 and download.content == PDF
    entry = AuditEntry.objects.get(action="report.attachment_downloaded")
    assert entry.actor == handler and entry.details["basis"] == "handler" and entry.details["request"] is None
    response = client.post(f"/intake/{report.pk}/reply/", {"body": "材料已收到。"})
    assert response.status_code == 302
    assert ReportMessage.objects.filter(direction="out", author=handler).count() == 2


def test_attachment_download_asks_for_the_second_factor_again(client, world, case):
    report, _, _, attachment = case
    sign_in(client, world.users.zu4a)
    session = client.session
    session[OTP_AT_SESSION_KEY] = time.time() - 6 * 60
    session.save()
    response = client.get(f"/intake/attachments/{attachment.pk}/")
    assert response.status_code == 302 and "step_up=1" in response["Location"]
    assert not AuditEntry.objects.filter(action="report.attachment_downloaded").exists()


def test_reading_messages_under_approval_asks_for_the_second_factor_again(client, world, case):
    report, _, zu4b, _ = case
    approve(world, report, zu4b)
    sign_in(client, zu4b)
    session = client.session
    session[OTP_AT_SESSION_KEY] = time.time() - 6 * 60
    session.save()
    response = client.post(f"/intake/{report.pk}/messages/")
    assert response.status_code == 302 and "step_up=1" in response["Location"]
    assert not AuditEntry.objects.filter(action="identity.messages_viewed").exists()


def test_other_group_gets_404_even_with_the_url(client, world, case):
    report, _, _, attachment = case
    sign_in(client, world.users.zu2)
    assert client.get(f"/intake/attachments/{attachment.pk}/").status_code == 404
    assert client.post(f"/intake/{report.pk}/messages/").status_code == 404


# ---------------------------------------------------------------- the reporter's status page


def test_status_for_reporter_marks_read_and_audits_in_one_transaction(world, case, monkeypatch):
    report, code, _, _ = case
    real_record = services.reporters.record

    def failing_record(actor, action, *args, **kwargs):
        if action == "report.status_viewed":
            raise RuntimeError("审计写入失败")
        return real_record(actor, action, *args, **kwargs)

    monkeypatch.setattr(services.reporters, "record", failing_record)
    with pytest.raises(RuntimeError):
        services.status_for_reporter(services.find_by_receipt(code))
    assert ReportMessage.objects.get(direction="out").read_at is None  # the read mark went with the audit entry

    monkeypatch.setattr(services.reporters, "record", real_record)
    status = services.status_for_reporter(services.find_by_receipt(code))
    assert [m.body for m in status["messages"]] == [IN_BODY, OUT_BODY]
    assert ReportMessage.objects.get(direction="out").read_at is not None
    assert AuditEntry.objects.filter(action="report.status_viewed").count() == 1


def test_migration_gives_old_approvals_an_expiry_counted_from_their_approval(world, case):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("paizhu.intake.migrations.0004_identity_request_expiry")
    report, _, zu4b, _ = case
    request = approve(world, report, zu4b)
    decided = timezone.now() - datetime.timedelta(days=30)
    IdentityRevealRequest.objects.filter(pk=request.pk).update(decided_at=decided, expires_at=None)
    migration.expire_old_approvals(apps, None)
    request.refresh_from_db()
    assert request.expires_at == decided + datetime.timedelta(days=7)
    assert not services.may_see_identity(zu4b, report)  # an approval from a month ago no longer grants access
