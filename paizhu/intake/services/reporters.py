"""The reporter's side: the real-name rule, receipt codes, the status look-up and the messages with the handler."""

import re
import secrets
from typing import TYPE_CHECKING

import argon2
from django.db import transaction
from django.utils import timezone

from paizhu import access
from paizhu.audit.services import record
from paizhu.core.errors import DomainError, PermissionDenied

from ..models import ForwardingRecord, Report, ReportMessage
from ._common import MAX_MESSAGE_CHARS, _note

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_ADDRESS = re.compile(r"(路|街|巷|道|号|村|组|室|栋|幢|单元|小区)")


def is_concrete_contact(contact: str) -> bool:
    """A phone number, an e-mail address or a postal address one can write to."""
    contact = (contact or "").strip()
    if _MOBILE.search(contact) or _LANDLINE.search(contact) or _EMAIL.search(contact):
        return True
    return len(contact) >= 8 and bool(_ADDRESS.search(contact))


def is_real_name(name: str, unit: str, contact: str) -> bool:
    """Real-name only with a true name or unit AND a concrete contact (domain.md §2); otherwise anonymous."""
    return bool((name or "").strip() or (unit or "").strip()) and is_concrete_contact(contact)


# No 0/O, 1/I/L: the code is read off a screen and typed back in.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 20
RECEIPT_PREFIX = 4


# The code carries ~79 secret bits (16 of its 20 characters from 31 symbols; the first 4 are the
# stored lookup prefix), so no cost setting makes guessing it feasible or infeasible: the hash keeps a
# stolen database from yielding the codes that open the reporters' threads. OWASP's minimum Argon2id
# setting (19 MiB, 2 passes, 1 lane) does that in ~40 ms on one core; the library default (64 MiB,
# 3 passes, 4 lanes) took ~300 ms per verify on a 2-core server and made each lookup wait on it.
# Hashes made under an older setting carry it in their string and still verify.
_receipt_hasher = argon2.PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


# Verified when no row matches, so a wrong code costs as long as a right one.
_DUMMY_HASH = _receipt_hasher.hash("DUMMY-RECEIPT-CODE")


def new_receipt_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def format_receipt(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalize_receipt(text: str) -> str:
    return re.sub(r"[\s\-－—]", "", text or "").upper()


def _hash_receipt(code: str) -> tuple[str, str]:
    return code[:RECEIPT_PREFIX], _receipt_hasher.hash(code)


def _verify(hash_: str, code: str) -> bool:
    try:
        return _receipt_hasher.verify(hash_, code)
    except argon2.exceptions.VerificationError:
        return False
    except argon2.exceptions.InvalidHashError:
        return False


def find_by_receipt(text: str) -> Report | ForwardingRecord | None:
    """The report (or the forwarding record it became) whose receipt code is `text`; None otherwise.

    The prefix is an index key, not a secret: it narrows the search to a handful of rows whose Argon2
    hashes are then verified, so no lookup scans the table.
    """
    code = normalize_receipt(text)
    if len(code) != RECEIPT_LENGTH or any(c not in RECEIPT_ALPHABET for c in code):
        _verify(_DUMMY_HASH, code)
        return None
    prefix = code[:RECEIPT_PREFIX]
    candidates: list[Report | ForwardingRecord] = [
        *Report.objects.filter(receipt_prefix=prefix).exclude(receipt_hash=""),
        *ForwardingRecord.objects.filter(receipt_prefix=prefix).exclude(receipt_hash=""),
    ]
    for candidate in candidates:
        if _verify(candidate.receipt_hash, code):
            return candidate
    if not candidates:
        _verify(_DUMMY_HASH, code)
    return None


@transaction.atomic
def reply_to_reporter(actor: "Actor", report: Report, body: str) -> ReportMessage:
    """Only the handling officer writes to the reporter.

    The handler is the one in contact with the reporter and the one who reads the thread; a reply by
    someone else would speak for the handler in a thread they cannot read. The group leader (or the
    petition office) who may act on the report appoints a handler first; an approved identity request
    lets its holder read, never write.
    """
    report = access.lock_for_act(actor, Report, report.pk)
    if report.handler_id != actor.pk:
        raise PermissionDenied("只有承办人可以在线回复举报人；请先指定承办人。")
    if report.receipt_hash == "":
        raise DomainError("该举报没有查询码，无法在线回复，请通过其他方式联系举报人。")
    body = (body or "").strip()
    if not body:
        raise DomainError("请填写回复内容。", field="body")
    if len(body) > MAX_MESSAGE_CHARS:
        raise DomainError(f"回复不超过{MAX_MESSAGE_CHARS}字。", field="body")
    message = ReportMessage.objects.create(
        report=report, direction=ReportMessage.Direction.TO_REPORTER, body=body, author=actor
    )
    _note(actor, report, "report.message_sent", "在线回复举报人")
    record(actor, "report.message_sent", report, {"message": message.pk})
    return message


@transaction.atomic
def message_from_reporter(report: Report, body: str) -> ReportMessage:
    """The reporter, holding the receipt code (verified by the caller), writes to the handler."""
    body = (body or "").strip()
    if not body:
        raise DomainError("请填写留言内容。", field="body")
    if len(body) > MAX_MESSAGE_CHARS:
        raise DomainError(f"留言不超过{MAX_MESSAGE_CHARS}字，当前{len(body)}字。", field="body")
    message = ReportMessage.objects.create(report=report, direction=ReportMessage.Direction.FROM_REPORTER, body=body)
    _note(None, report, "report.message_received", "举报人留言")
    record(None, "report.message_received", report, {"message": message.pk}, anonymous_source=True)
    return message


@transaction.atomic
def status_for_reporter(found: Report | ForwardingRecord) -> dict:
    """What the reporter may see: the stage and the messages. Never who handles it or what others wrote.

    The replies are marked read and the look-up audited in one transaction.
    """
    if isinstance(found, ForwardingRecord):
        return {
            "serial": "",
            "stage": "已按规定转送有关纪检监察机关办理",
            "received_on": found.received_on,
            "messages": [],
        }
    messages = list(found.messages.all())
    now = timezone.now()
    found.messages.filter(direction=ReportMessage.Direction.TO_REPORTER, read_at__isnull=True).update(read_at=now)
    record(None, "report.status_viewed", found, anonymous_source=True)
    return {
        "serial": found.serial,
        "stage": found.get_stage_display(),
        "received_on": found.received_on,
        "messages": messages,
        "report": found,
    }
