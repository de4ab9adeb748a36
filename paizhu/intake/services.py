"""Every write of 信访举报: public submission, registration, routing, repeats, feedback, identity.

Each function takes the acting user first (None only for the anonymous public), checks permission
through `paizhu.access`, changes data in one transaction and writes the audit entry with it.
"""

import datetime
import re
import secrets
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import argon2
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from paizhu import access
from paizhu.access import jurisdiction
from paizhu.access.recusal import is_conflicted
from paizhu.access.services import block
from paizhu.accounts import staff
from paizhu.audit.services import record
from paizhu.core import search
from paizhu.core import uploads as upload_checks
from paizhu.core.calendar import shanghai_today
from paizhu.core.choices import Discipline
from paizhu.core.errors import DomainError, NotFound, PermissionDenied
from paizhu.core.fields import delete_encrypted_file
from paizhu.core.numbering import next_serial
from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.org.models import DispatchGroup, Person, Unit
from paizhu.org.services import covering_group
from paizhu.workflow import timeline
from paizhu.workflow.services import require_system_admin
from paizhu.workflow.transitions import Event, commit, transition

from . import limits, similarity
from .models import (
    Channel,
    Feedback,
    ForwardingRecord,
    IdentityRevealRequest,
    Kind,
    Office,
    Report,
    ReportAttachment,
    ReportBand,
    ReportClueLink,
    ReportedName,
    ReportMessage,
    ReportSignature,
    RoutingThreshold,
)

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_FACTS_CHARS = 5000
MAX_MESSAGE_CHARS = 2000

REGISTERING_ROLES = frozenset({Role.PETITION_OFFICE}) | GROUP_ROLES


# ---------------------------------------------------------------- the real-name rule


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


# ---------------------------------------------------------------- receipt codes

# No 0/O, 1/I/L: the code is read off a screen and typed back in.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 20
RECEIPT_PREFIX = 4
_receipt_hasher = argon2.PasswordHasher()
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
    candidates = [
        *Report.objects.filter(receipt_prefix=prefix).exclude(receipt_hash=""),
        *ForwardingRecord.objects.filter(receipt_prefix=prefix).exclude(receipt_hash=""),
    ]
    for candidate in candidates:
        if _verify(candidate.receipt_hash, code):
            return candidate
    if not candidates:
        _verify(_DUMMY_HASH, code)
    return None


# ---------------------------------------------------------------- attachments


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def sniff_kind(data: bytes) -> str | None:
    """The file type by its content (magic bytes), never by its name: jpg, png, pdf or docx."""
    return upload_checks.sniff_kind(data)


def check_uploads(uploads: Sequence[Upload]) -> list[str]:
    """The kinds of the uploads, or a DomainError naming the first file refused."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise DomainError(f"附件最多{MAX_ATTACHMENTS}个，您选择了{len(uploads)}个。", field="attachments")
    kinds = []
    for upload in uploads:
        if len(upload.data) > MAX_ATTACHMENT_BYTES:
            raise DomainError(
                f"附件“{upload.name}”超过{MAX_ATTACHMENT_BYTES // (1024 * 1024)}MB，请压缩或拆分后再上传。",
                field="attachments",
            )
        if not upload.data:
            raise DomainError(f"附件“{upload.name}”是空文件。", field="attachments")
        # Beyond magic bytes: PDF structure, polyglots, zip bombs (paizhu.core.uploads).
        kinds.append(upload_checks.checked_kind(upload.name, upload.data))
    return kinds


@contextmanager
def _files_removed_on_failure():
    """Collects the names of the encrypted files written inside; deletes them if the block fails.

    Files are written before the rows that name them are committed (writing after the commit could
    lose an attachment of a report already acknowledged, with its receipt code shown once). Use it
    outside `transaction.atomic()`, so it sees the exception after the rollback:

        with _files_removed_on_failure() as written, transaction.atomic():
            ...
    A caller that wraps the service in its own transaction and rolls that back later is not covered;
    no caller does.
    """
    written: list[str] = []
    try:
        yield written
    except BaseException:
        _remove_files(written)
        raise


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


def may_download(actor, attachment: ReportAttachment) -> bool:
    """Whether `actor` may download the attachment (no audit): checked before the second factor is asked."""
    report = attachment.report
    return access.may(actor, "view", report) and identity_access(actor, report) is not None


@transaction.atomic
def attachment_content(actor, attachment: ReportAttachment, *, now=None) -> bytes:
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


# ---------------------------------------------------------------- routing


_RANK_ORDER = [value for value, _ in Person.Rank.choices]  # highest first


@dataclass(frozen=True)
class Threshold:
    """委机关直接管理的门槛 in force: the newest `RoutingThreshold`, or the deployment's settings before any."""

    leadership_members: bool
    management_levels: tuple[str, ...]
    min_rank: str

    @classmethod
    def current(cls) -> "Threshold":
        row = RoutingThreshold.current()
        if row is not None:
            return cls(row.leadership_members, tuple(row.management_levels), row.min_rank)
        return cls(
            getattr(settings, "INTAKE_COMMISSION_MANAGES_LEADERSHIP", True),
            tuple(getattr(settings, "INTAKE_COMMISSION_MANAGED_LEVELS", ("same_level",))),
            getattr(settings, "INTAKE_COMMISSION_MANAGED_MIN_RANK", ""),
        )


def commission_managed(person: Person, threshold: Threshold | None = None) -> bool:
    """Cadres the commission handles itself. The threshold is configuration with history, not code."""
    threshold = threshold or Threshold.current()
    if threshold.leadership_members and person.is_leadership_member:
        return True
    if person.management_level in threshold.management_levels:
        return True
    if threshold.min_rank and person.rank in _RANK_ORDER:
        return _RANK_ORDER.index(person.rank) <= _RANK_ORDER.index(threshold.min_rank)
    return False


# Higher-managed cadres are never entered (forwarded), so no threshold names their level.
THRESHOLD_LEVELS = [(v, label) for v, label in Person.ManagementLevel.choices if v != Person.ManagementLevel.HIGHER]


@transaction.atomic
def save_routing_threshold(
    actor, *, leadership_members: bool, management_levels: Sequence[str], min_rank: str, reason: str
) -> RoutingThreshold:
    """A new version of the threshold; reports already routed keep the proposal they were given."""
    require_system_admin(actor)
    levels = list(dict.fromkeys(management_levels))
    if not set(levels) <= {v for v, _ in THRESHOLD_LEVELS}:
        raise DomainError("请从列表中选择管理层级。", field="management_levels")
    if min_rank and min_rank not in Person.Rank.values:
        raise DomainError("请从列表中选择职级。", field="min_rank")
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写调整依据（如会议纪要、文件名称）。", field="reason")
    previous = Threshold.current()
    row = RoutingThreshold.objects.create(
        leadership_members=leadership_members,
        management_levels=levels,
        min_rank=min_rank,
        reason=reason,
        changed_by=actor,
    )
    details = {"leadership_members": leadership_members, "management_levels": levels, "min_rank": min_rank}
    record(actor, "config.saved", row, {**details, "reason": reason, "previous": previous.__dict__})
    return row


def own_leader_ids(people: Iterable[Person]) -> set[int]:
    """The persons among `people` who lead this commission (an active 委领导 grant on their user)."""
    ids = [p.pk for p in people]
    return set(
        Person.objects.filter(
            pk__in=ids, user__role_grants__role=Role.COMMISSION_LEADER, user__role_grants__revoked_at__isnull=True
        ).values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class RoutingProposal:
    group: DispatchGroup | None
    office: str
    reason: str
    forward: str = ""  # a ForwardingRecord.Reason: the report must not be entered at all


def propose_routing(*, kind: str, subjects: Sequence[Person], unit: Unit | None, received_on) -> RoutingProposal:
    """Where a report should go (domain.md §2); a person confirms it with `confirm_routing`."""
    own = own_leader_ids(subjects)
    for person in subjects:
        if person.pk in own:
            return RoutingProposal(
                None, "", f"{person.name}是本委领导，应直接报送上级纪委监委", ForwardingRecord.Reason.OWN_LEADER
            )
        if person.management_level == Person.ManagementLevel.HIGHER:
            return RoutingProposal(
                None, "", f"{person.name}属上级党委管理干部，应转送上级纪委监委", ForwardingRecord.Reason.HIGHER_MANAGED
            )
    if kind == Kind.OUT_OF_SCOPE:
        return RoutingProposal(None, Office.PETITION, "不属于纪检监察机关受理范围，由信访室转有关机关")
    threshold = Threshold.current()
    for person in subjects:
        if commission_managed(person, threshold):
            return RoutingProposal(None, Office.PETITION, f"{person.name}属委机关直接管理的干部，由委机关办理")
    if unit is None:
        return RoutingProposal(None, Office.PETITION, "未确定涉及单位，由信访室甄别")
    group = covering_group(unit, received_on)
    if group is None:
        return RoutingProposal(None, Office.PETITION, f"{received_on:%Y-%m-%d}时{unit.name}无派驻组监督，由委机关办理")
    return RoutingProposal(group, "", f"{received_on:%Y-%m-%d}时{unit.name}由{group}监督")


# ---------------------------------------------------------------- creating reports


@dataclass
class NamedPerson:
    name: str
    unit: Unit | None = None
    unit_text: str = ""
    post: str = ""


@dataclass
class Identity:
    name: str = ""
    unit: str = ""
    contact: str = ""
    id_number: str = ""
    address: str = ""

    @property
    def empty(self) -> bool:
        return not any([self.name, self.unit, self.contact, self.id_number, self.address])


@dataclass
class ReportInput:
    facts: str
    kind: str = Kind.ACCUSATION
    categories: list[str] = field(default_factory=list)
    unit: Unit | None = None
    subjects: list[Person] = field(default_factory=list)
    named: list[NamedPerson] = field(default_factory=list)
    occurred_when: str = ""
    occurred_where: str = ""
    witnesses: str = ""
    identity: Identity = field(default_factory=Identity)
    uploads: list[Upload] = field(default_factory=list)


def _validate(data: ReportInput) -> list[str]:
    facts = (data.facts or "").strip()
    if not facts:
        raise DomainError("请填写反映的主要问题。", field="facts")
    if len(facts) > MAX_FACTS_CHARS:
        raise DomainError(f"主要问题不超过{MAX_FACTS_CHARS}字，当前{len(facts)}字。", field="facts")
    if not data.subjects and not any(n.name.strip() for n in data.named) and data.unit is None:
        raise DomainError("请至少填写一名被反映人或选择涉及单位。", field="named")
    if data.kind not in Kind.values:
        raise DomainError("请选择举报性质。", field="kind")
    unknown = [c for c in data.categories if c not in Discipline.values]
    if unknown:
        raise DomainError("问题类别无效。", field="categories")
    return check_uploads(data.uploads)


def _main_unit(data: ReportInput) -> Unit | None:
    if data.unit:
        return data.unit
    for person in data.subjects:
        if person.unit_id:
            return person.unit
    return next((n.unit for n in data.named if n.unit), None)


def _create(data: ReportInput, kinds: list[str], written: list[str], **values) -> Report:
    identity = data.identity
    real = is_real_name(identity.name, identity.unit, identity.contact)
    received_on = values["received_on"]
    report = Report(
        serial=next_serial("XF"),
        kind=data.kind,
        unit=_main_unit(data),
        categories=list(dict.fromkeys(data.categories)),
        facts=data.facts.strip(),
        occurred_when=data.occurred_when.strip(),
        occurred_where=data.occurred_where.strip(),
        witnesses=data.witnesses.strip(),
        is_real_name=real,
        reporter_name=identity.name.strip() or None,
        reporter_unit=identity.unit.strip() or None,
        reporter_contact=identity.contact.strip() or None,
        reporter_id_number=identity.id_number.strip() or None,
        reporter_address=identity.address.strip() or None,
        acceptance_due=limits.due("acceptance_notice", received_on) if real else None,
        **values,
    )
    if report.channel == Channel.SUPERIOR:
        report.close_due = limits.due("assigned_close", received_on)
    proposal = propose_routing(kind=data.kind, subjects=data.subjects, unit=report.unit, received_on=received_on)
    if proposal.forward:
        raise DomainError(f"{proposal.reason}：此类举报不得录入本平台，请登记转送记录。", field="subjects")
    report.proposed_group = proposal.group
    report.proposed_office = proposal.office
    report.routing_reason = proposal.reason
    report.save()
    report.subjects.set(data.subjects)
    ReportedName.objects.bulk_create(
        [
            ReportedName(
                report=report, name=n.name.strip()[:40], unit=n.unit, unit_text=n.unit_text[:100], post=n.post[:100]
            )
            for n in data.named
            if n.name.strip()
        ]
    )
    _store_uploads(report, data.uploads, kinds, scans=values.get("registered_by") is not None, written=written)
    index_signature(report)
    search.refresh(report)
    return report


def _note(actor, report: Report, code: str, title: str, opinion: str = "", *, created: bool = False) -> None:
    """A timeline row for a step that leaves the report's stage and version as they are (or that created it)."""
    timeline.write(actor, report, code, title, opinion=opinion, before="" if created else report.stage)


def submit_public_report(data: ReportInput) -> tuple[Report, str]:
    """A report from /report/: no account, no address. Returns the report and its receipt code (shown once)."""
    kinds = _validate(data)
    code = new_receipt_code()
    prefix, hash_ = _hash_receipt(code)  # slow on purpose; outside the transaction so it holds no lock
    with _files_removed_on_failure() as written, transaction.atomic():
        report = _create(
            data,
            kinds,
            written,
            channel=Channel.ONLINE,
            received_on=shanghai_today(),
            registered_by=None,
            receipt_prefix=prefix,
            receipt_hash=hash_,
            office=Office.PETITION,
        )
        _suggest_subject_matches(report)
        _note(
            None,
            report,
            "report.submitted",
            "网上举报提交",
            f"系统登记，{'实名' if report.is_real_name else '匿名'}举报",
            created=True,
        )
        # No address, not even in the audit trail: the anonymity of the reporter is a property of the design.
        record(
            None,
            "report.submitted",
            report,
            {"serial": report.serial, "real_name": report.is_real_name, "attachments": len(kinds)},
            anonymous_source=True,
        )
    return report, code


def register_report(actor, data: ReportInput, *, channel: str, received_on, source: str = "") -> Report:
    """Staff register a letter, visit, call or transfer. Higher-managed cadres are refused (record a forwarding)."""
    if actor.acting_role not in REGISTERING_ROLES:
        raise PermissionDenied("只有信访室和派驻组工作人员可以登记信访举报。")
    if channel not in Channel.values:
        raise DomainError("请选择来源渠道。", field="channel")
    if received_on > shanghai_today():
        raise DomainError("收到日期不能晚于今天。", field="received_on")
    if channel in {Channel.AGENCY, Channel.INSPECTION, Channel.AUDIT, Channel.SUPERIOR} and not source.strip():
        raise DomainError("转办、移交和交办件请填写来源机关。", field="source")
    kinds = _validate(data)
    grant = actor.acting_grant
    with _files_removed_on_failure() as written, transaction.atomic():
        report = _create(
            data,
            kinds,
            written,
            channel=channel,
            source=source.strip(),
            received_on=received_on,
            registered_by=actor,
            # Registered by a group: the group holds it until routing is confirmed, so it never loses sight of it.
            group=grant.group if grant.role in GROUP_ROLES else None,
            office="" if grant.role in GROUP_ROLES else Office.PETITION,
            stage=Report.Stage.REGISTERED,
        )
        _suggest_subject_matches(report)
        _note(
            actor,
            report,
            "report.registered",
            "登记",
            f"{report.get_channel_display()}，收到日期{received_on:%Y-%m-%d}；建议：{report.routing_reason}",
            created=True,
        )
        record(
            actor,
            "report.registered",
            report,
            {
                "serial": report.serial,
                "channel": channel,
                "received_on": received_on,
                "real_name": report.is_real_name,
            },
        )
    return report


# ---------------------------------------------------------------- typed names matched to the roster
#
# A name typed on a report (public form, or someone staff did not pick from the list) is matched to the
# roster by exact name and unit: one cadre is a suggested link, several are a choice, none stays typed.
# Nothing is linked silently: 信访室 (or whoever holds the report) confirms, and only then is the cadre a
# subject of the report. The routing proposal already considers a single suggestion, so that a report
# about a leader the commission manages is not proposed to a group while it waits for confirmation.


@dataclass(frozen=True)
class SubjectMatch:
    typed: ReportedName
    candidates: list[Person]

    @property
    def suggested(self) -> bool:
        return len(self.candidates) == 1


def _same_typed_person(typed: ReportedName, person: Person) -> bool:
    """The rule recusal applies in the database too (access.recusal.typed_conflicts): same name, same unit."""
    if person.name != typed.name or person.unit_id is None:
        return False
    if typed.unit_id:
        return person.unit_id == typed.unit_id
    return bool(typed.unit_text) and typed.unit_text == person.unit.name


def _roster_candidates(typed_rows: Sequence[ReportedName], persons) -> dict[int, list[Person]]:
    names = {t.name for t in typed_rows}
    if not names:
        return {}
    people = list(
        persons.filter(is_active=True, name__in=names, unit__isnull=False).select_related("unit").order_by("id")
    )
    return {t.pk: [p for p in people if _same_typed_person(t, p)] for t in typed_rows}


def _open_matches(report: Report, persons) -> list[SubjectMatch]:
    """Typed names of the report with roster candidates, none of whom is linked to the report yet."""
    typed = list(report.named.all())
    if not typed:
        return []
    linked = {p.pk for p in report.subjects.all()}
    found = _roster_candidates(typed, persons)
    return [
        SubjectMatch(t, found[t.pk])
        for t in typed
        if found[t.pk] and not linked.intersection(p.pk for p in found[t.pk])
    ]


def _propose_with_roster(report: Report, matches: list[SubjectMatch]) -> None:
    """Propose routing from the linked subjects plus the single suggestions still waiting; say what waits."""
    suggested = [m.candidates[0] for m in matches if m.suggested]
    proposal = propose_routing(
        kind=report.kind,
        subjects=list(report.subjects.all()) + suggested,
        unit=report.unit,
        received_on=report.received_on,
    )
    group, office, reason = proposal.group, proposal.office, proposal.reason
    if proposal.forward:
        # The report is already in the platform: 信访室 checks it and forwards it whole (forward_report).
        group, office, reason = None, Office.PETITION, f"{proposal.reason}，应整件转送，不在本平台办理"
    notes = [f"按填写的姓名和单位匹配干部名册：{p.name}（{p.unit.name}{p.post}），待确认" for p in suggested] + [
        f"填写的“{m.typed.name}”在干部名册中有{len(m.candidates)}人同名同单位，待选择确认"
        for m in matches
        if not m.suggested
    ]
    report.proposed_group, report.proposed_office = group, office
    report.routing_reason = "；".join([reason, *notes])[:300]


def _suggest_subject_matches(report: Report) -> None:
    """At registration: match the typed names (never link them) and let the routing proposal consider them."""
    matches = _open_matches(report, Person.objects)
    if matches:
        _propose_with_roster(report, matches)
        report.save(update_fields=["proposed_group", "proposed_office", "routing_reason"])


def may_confirm_subjects(actor, report: Report) -> bool:
    """信访室 (which screens every report), or whoever holds the report now."""
    if actor.acting_role == Role.PETITION_OFFICE:
        return access.may(actor, "view", report)
    return access.may(actor, "act", report)


def subject_matches(actor, report: Report) -> list[SubjectMatch]:
    """The typed names awaiting confirmation, with the cadres they may be, for those who may confirm them."""
    if not report.named.all() or not may_confirm_subjects(actor, report):
        return []
    return _open_matches(report, access.scope(actor, Person))


def confirm_subject_match(actor, report: Report, typed_subject: ReportedName, person: Person) -> Report:
    """Link the roster cadre a typed name stands for; the routing proposal then rests on the cadre. Audited."""
    action = "view" if actor.acting_role == Role.PETITION_OFFICE else "act"
    with transaction.atomic():
        report = access.lock_for_act(actor, Report, report.pk, action=action)
        typed = ReportedName.objects.select_related("unit").filter(pk=typed_subject.pk, report=report).first()
        if typed is None:
            raise NotFound()
        person = access.scope(actor, Person).select_related("unit").filter(pk=person.pk).first()
        if person is None:
            raise NotFound()
        if not person.is_active or not _same_typed_person(typed, person):
            raise DomainError("所选干部与举报人填写的姓名和单位不符。", field="person")
        if report.subjects.filter(pk=person.pk).exists():
            raise DomainError("该干部已关联为被反映人。", field="person")
        report.subjects.add(person)
        if report.unit_id is None:
            report.unit = person.unit
        if report.routing == Report.Routing.PROPOSED:
            _propose_with_roster(report, _open_matches(report, Person.objects))
        text = (
            f"举报人填写的“{typed.name}（{typed.unit_label or '未填单位'}）”确认为干部名册中的"
            f"{person.name}（{person.unit.name}{person.post}）；分办建议：{report.routing_reason}"
        )
        event = Event("report.subject_matched", "确认被反映人", text, {"typed": typed.pk, "person": person.pk})
        commit(actor, report, event, before=report.stage)
        search.refresh(report)
    return report


@transaction.atomic
def record_forwarding(actor, *, received_on, reason: str, forwarded_to: str, forwarded_on=None) -> ForwardingRecord:
    """The only trace of a report the platform must not hold: no content, no names."""
    if actor.acting_role not in REGISTERING_ROLES:
        raise PermissionDenied("只有信访室和派驻组工作人员可以登记转送记录。")
    if reason not in ForwardingRecord.Reason.values:
        raise DomainError("请选择转送原因。", field="reason")
    if not forwarded_to.strip():
        raise DomainError("请填写转送机关。", field="forwarded_to")
    forwarding = ForwardingRecord.objects.create(
        received_on=received_on,
        reason=reason,
        forwarded_to=forwarded_to.strip(),
        due_on=limits.LIMITS.due("forward", received_on),
        forwarded_on=forwarded_on,
        forwarded_by=actor,
        group_id=actor.acting_grant.group_id if actor.acting_role in GROUP_ROLES else None,
    )
    record(actor, "forwarding.recorded", forwarding, {"reason": reason, "to": forwarding.forwarded_to})
    return forwarding


@transaction.atomic
def forward_report(actor, report: Report, *, reason: str, forwarded_to: str) -> ForwardingRecord:
    """A report already received (e.g. online) turns out to concern higher-managed cadres or our leaders.

    Its content is removed from the platform; what remains is the forwarding record, which keeps the
    receipt so the reporter learns where it went.
    """
    _require_petition_office(actor, report)
    if report.repeats.exists() or report.clue_links.exists():
        raise DomainError("该举报已有重复件或已转为问题线索，不能整件转送，请报请委领导处理。")
    forwarding = record_forwarding(
        actor, received_on=report.received_on, reason=reason, forwarded_to=forwarded_to, forwarded_on=shanghai_today()
    )
    forwarding.receipt_prefix, forwarding.receipt_hash = report.receipt_prefix, report.receipt_hash
    forwarding.save(update_fields=["receipt_prefix", "receipt_hash"])
    serial = report.serial
    files = [a.file.name for a in report.attachments.all() if a.file]
    search.remove(report)
    report.delete()
    # The content must leave the platform, the encrypted attachment files on disk included.
    transaction.on_commit(lambda: _remove_files(files))
    record(actor, "report.forwarded", ("intake.report", serial), {"forwarding": forwarding.pk, "to": forwarded_to})
    return forwarding


def _remove_files(names: list[str]) -> None:
    for name in names:
        delete_encrypted_file(name)


# ---------------------------------------------------------------- repeat detection


def signature_of(report: Report) -> similarity.Signature | None:
    names = [p.name for p in report.subjects.all()] + [n.name for n in report.named.all()]
    return similarity.signature(report.facts, names, [report.unit.name] if report.unit_id else [])


def index_signature(report: Report) -> similarity.Signature | None:
    sig = signature_of(report)
    ReportSignature.objects.filter(report=report).delete()
    ReportBand.objects.filter(report=report).delete()
    if sig is not None:
        ReportSignature.objects.create(report=report, minhash=sig.to_bytes())
        ReportBand.objects.bulk_create(
            [ReportBand(report=report, key=k) for k in sig.band_keys()], ignore_conflicts=True
        )
    return sig


def similar_to(sig: similarity.Signature, queryset, *, exclude_pk=None, limit: int = 10) -> list[tuple[Report, float]]:
    """Reports in `queryset` whose text is likely the same matter, with the estimated Jaccard, best first."""
    candidate_ids = ReportBand.objects.filter(key__in=sig.band_keys()).values("report_id")
    rows = ReportSignature.objects.filter(report__in=queryset.filter(pk__in=candidate_ids))
    if exclude_pk:
        rows = rows.exclude(report_id=exclude_pk)
    scored = []
    for report_id, data in rows.values_list("report_id", "minhash"):
        score = sig.jaccard(similarity.Signature.from_bytes(data))
        if score >= similarity.SHOW_THRESHOLD:
            scored.append((report_id, score))
    scored.sort(key=lambda item: -item[1])
    scored = scored[:limit]
    reports = queryset.in_bulk([rid for rid, _ in scored])
    return [(reports[rid], score) for rid, score in scored if rid in reports]


def link_duplicate(actor, report: Report, original: Report, *, version: int | None = None) -> Report:
    """Mark `report` as a repeat (重复件) of `original`: handled once, counted, no new acceptance notice."""
    original = access.get_for_act(actor, Report, original.pk, action="view")
    root = original.duplicate_of or original

    def check(locked: Report) -> None:
        if root.pk == locked.pk:
            raise DomainError("不能将举报关联为其自身的重复件。")

    text = f"与{root.serial}为同一问题，并入办理，不再单独告知受理"
    event = Event("report.duplicate_linked", "关联重复件", text, {"original": root.serial})
    return transition(
        actor, report, "merge_into", version=version, what="关联为重复件", args=(root,), check=check, event=event
    )


# ---------------------------------------------------------------- routing and handling


def _require_petition_office(actor, report: Report) -> None:
    if actor.acting_role != Role.PETITION_OFFICE:
        raise PermissionDenied("此操作由信访室办理。")
    access.get_for_act(actor, Report, report.pk)


def _open(report: Report) -> None:
    if report.is_closed:
        raise DomainError(f"该举报{report.get_stage_display()}，不能再办理此事项。")


def _not_before(day, earlier, field: str, message: str) -> None:
    if day > shanghai_today():
        raise DomainError("日期不能晚于今天。", field=field)
    if earlier is not None and day < earlier:
        raise DomainError(message, field=field)


def confirm_routing(
    actor, report: Report, *, group: DispatchGroup | None, office: str = "", note: str = "", version: int | None = None
) -> Report:
    """A person confirms (or changes) where the report goes; every hand-over is on the timeline and audited."""
    role = actor.acting_role
    if group is None and office not in Office.values:
        office = Office.PETITION
    before = {}

    def check(locked: Report) -> None:
        if role != Role.PETITION_OFFICE and not (
            role in GROUP_ROLES and locked.group_id == actor.acting_grant.group_id
        ):
            raise PermissionDenied("只有信访室或当前承办的派驻组可以确认分办。")
        jurisdiction.require_within(locked, group, unit=locked.unit, day=locked.received_on, field="target")
        before["holder"] = locked.handled_by

    def event(moved: Report) -> Event:
        differs = (group.pk if group else None) != moved.proposed_group_id
        text = (
            f"由{before['holder']}交{moved.handled_by}办理"
            + ("（未采纳系统建议）" if differs else "")
            + (f"；{note}" if note else "")
        )
        return Event("report.routed", "分办", text, {"from": before["holder"], "to": moved.handled_by, "note": note})

    return transition(
        actor, report, "route", version=version, what="分办", args=(group, office), check=check, event=event
    )


def assign_handler(actor, report: Report, handler, *, version: int | None = None) -> Report:
    """Appoint the handling officer (the one person who may see the reporter's identity)."""
    if actor.acting_role not in {Role.PETITION_OFFICE, Role.GROUP_LEADER}:
        raise PermissionDenied("只有信访室或组长可以指定承办人。")
    report = access.get_for_act(actor, Report, report.pk)
    subject_ids = set(report.subjects.values_list("pk", flat=True))
    if is_conflicted(handler, report, unit_id=report.unit_id, subject_ids=subject_ids):
        # Outside the transaction: the refusal is audited even though nothing changes.
        block(actor, report, handler, "与被反映人或涉及单位存在回避关系")
    with transaction.atomic():
        report = access.lock_for_act(actor, Report, report.pk, version=version)
        _open(report)
        if not _works_for(handler, report):
            raise DomainError(f"{handler}不是{report.handled_by}的工作人员。", field="handler")
        report.handler = handler
        event = Event("report.handler_assigned", "指定承办人", str(handler), {"handler": handler.pk})
        return commit(actor, report, event, before=report.stage)


def _works_for(user, report: Report) -> bool:
    roles = GROUP_ROLES if report.group_id else {report.office or Office.PETITION}
    return staff.holding(roles, group_id=report.group_id).filter(pk=user.pk).exists()


def accept_report(actor, report: Report, *, accepted_on=None, version: int | None = None) -> Report:
    accepted_on = accepted_on or shanghai_today()

    def check(locked: Report) -> None:
        if locked.stage == Report.Stage.REGISTERED and not locked.is_routed():
            raise DomainError("请先确认分办，再受理。")
        _not_before(accepted_on, locked.received_on, "accepted_on", "受理日期不能早于收到日期。")

    event = Event("report.accepted", "受理", details={"accepted_on": accepted_on})
    return transition(
        actor, report, "accept", version=version, what="受理", args=(accepted_on,), check=check, event=event
    )


def close_report(actor, report: Report, *, result: str, closed_on=None, version: int | None = None) -> Report:
    result = result.strip()
    if not result:
        raise DomainError("请填写办理结果。", field="result")
    closed_on = closed_on or shanghai_today()

    def check(locked: Report) -> None:
        if locked.stage == Report.Stage.REGISTERED:
            raise DomainError("请先受理，再办结。")
        _not_before(closed_on, locked.accepted_on, "closed_on", "办结日期不能早于受理日期。")

    # Whether the reporter is owed a result notice does not change while the report is handled.
    result_due = limits.due("result_notice", closed_on) if report.is_real_name else None
    event = Event("report.closed", "办结", result, {"closed_on": closed_on})
    args = (closed_on, result, result_due)
    return transition(actor, report, "close", version=version, what="办结", args=args, check=check, event=event)


def transfer_out(actor, report: Report, *, to_agency: str, note: str = "", version: int | None = None) -> Report:
    """业务范围外: transferred to the competent agency, with a record."""
    to_agency = to_agency.strip()
    if not to_agency:
        raise DomainError("请填写转往的机关。", field="to_agency")
    event = Event(
        "report.transferred", "转有关机关", f"转{to_agency}" + (f"；{note}" if note else ""), {"to": to_agency}
    )
    args = (to_agency, shanghai_today(), Kind.OUT_OF_SCOPE)
    return transition(actor, report, "transfer", version=version, what="转有关机关", args=args, event=event)


@transaction.atomic
def extend_close_due(actor, report: Report, *, reason: str, version: int | None = None) -> Report:
    """交办件: 3 months, once extendable by 3 with the commission leader's approval; further only by the higher body."""
    if actor.acting_role != Role.COMMISSION_LEADER:
        raise PermissionDenied("交办件延期须经委领导批准。")
    # The leader's approval of an extension, not a handling step: over what the leader may see.
    report = access.lock_for_act(actor, Report, report.pk, version=version, action="view")
    _open(report)
    if report.close_due is None:
        raise DomainError("只有上级交办件有办结期限。")
    if report.close_extended:
        raise DomainError("交办件已延期一次，再次延期须报上级机关批准。")
    if not reason.strip():
        raise DomainError("请填写延期理由。", field="reason")
    report.close_due = limits.LIMITS.due("assigned_extension", report.close_due)
    report.close_extended = True
    text = f"办结期限延至{report.close_due:%Y-%m-%d}；{reason.strip()}"
    event = Event("report.deadline_extended", "批准延期", text, {"due": report.close_due, "reason": reason.strip()})
    return commit(actor, report, event, before=report.stage)


@transaction.atomic
def give_feedback(
    actor, report: Report, *, notice: str, method: str, given_on, note: str = "", objection: str = ""
) -> Feedback:
    """Record how the reporter was told (acceptance or result) and any objection or new evidence."""
    report = access.lock_for_act(actor, Report, report.pk)
    if notice not in Feedback.Notice.values:
        raise DomainError("请选择告知事项。", field="notice")
    if method not in Feedback.Method.values:
        raise DomainError("请选择告知方式。", field="method")
    if notice == Feedback.Notice.RESULT and report.stage != Report.Stage.CLOSED:
        raise DomainError("办结后才能反馈办理结果。", field="notice")
    if given_on > shanghai_today():
        raise DomainError("告知日期不能晚于今天。", field="given_on")
    if notice == Feedback.Notice.ACCEPTANCE and given_on < report.received_on:
        raise DomainError("告知日期不能早于收到日期。", field="given_on")
    if notice == Feedback.Notice.RESULT and given_on < report.closed_on:
        raise DomainError("反馈日期不能早于办结日期。", field="given_on")
    feedback = Feedback.objects.create(
        report=report,
        notice=notice,
        method=method,
        given_on=given_on,
        note=note.strip(),
        objection=objection.strip(),
        given_by=actor,
    )
    if notice == Feedback.Notice.ACCEPTANCE:
        report.acceptance_notified_on = report.acceptance_notified_on or given_on
    else:
        report.result_notified_on = report.result_notified_on or given_on
    event = Event(
        "report.feedback_given",
        feedback.get_notice_display(),
        f"{feedback.get_method_display()}，{given_on:%Y-%m-%d}"
        + (f"；举报人异议：{feedback.objection}" if objection else ""),
        {"notice": notice, "method": method, "given_on": given_on},
    )
    commit(actor, report, event, before=report.stage)
    if feedback.objection:
        record(actor, "report.objection_recorded", report, {"feedback": feedback.pk})
    return feedback


# ---------------------------------------------------------------- messages with the reporter


@transaction.atomic
def reply_to_reporter(actor, report: Report, body: str) -> ReportMessage:
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


# ---------------------------------------------------------------- reporter identity, messages, attachments

IDENTITY_REFUSAL = (
    "举报人身份、与举报人的往来留言和附件仅承办人可查看；如确需查看，请说明理由提出申请，经委领导批准后在有效期内查看。"
)


@dataclass(frozen=True)
class IdentityAccess:
    """Why a user may see the reporter's data of one report: as its handler, or under an approved request."""

    basis: str  # "handler" or "request"
    request: IdentityRevealRequest | None = None

    @property
    def audit(self) -> dict:
        """What every use records: on which basis, under which request (None for the handler)."""
        return {"basis": self.basis, "request": self.request.pk if self.request else None}

    @property
    def expires_at(self):
        return self.request.expires_at if self.request else None


def identity_access(actor, report: Report, *, now=None) -> IdentityAccess | None:
    """The identity rule, for the identity itself, the messages (both directions) and the attachments.

    The handling officer; or a user whose request a 委领导 approved, until its expiry. Nobody else.
    The caller has obtained `report` through `access` (a user who may not see the report sees nothing).
    """
    if report.handler_id and report.handler_id == actor.pk:
        return IdentityAccess("handler")
    request = (
        IdentityRevealRequest.objects.filter(
            report=report,
            requested_by=actor,
            status=IdentityRevealRequest.Status.APPROVED,
            expires_at__gt=now or timezone.now(),
        )
        .order_by("-expires_at")
        .first()
    )
    return IdentityAccess("request", request) if request else None


def refused_identity(report: Report) -> PermissionDenied:
    """The refusal outside the identity rule (403: the user may see the report itself), naming the report
    so the request layer records the attempt (`access.denied`, action "identity")."""
    error = PermissionDenied(IDENTITY_REFUSAL)
    error.context = {"model": Report, "pk": report.pk, "action": "identity"}
    return error


def may_see_identity(actor, report: Report, *, now=None) -> bool:
    """The handling officer, or someone a leader approved for this report, until the approval expires."""
    return identity_access(actor, report, now=now) is not None


_ASK = object()  # "not computed yet": identity_access may legitimately be None


@dataclass(frozen=True)
class MessageLine:
    """One message as a page shows it; `body` is None for a user who may not read it."""

    pk: int
    direction: str
    direction_label: str
    at: datetime.datetime
    author: str
    body: str | None


@dataclass(frozen=True)
class AttachmentLine:
    """One attachment as a page shows it: type and size for everyone; `name` only for those who may read it."""

    pk: int
    kind: str
    size: int
    uploaded_at: datetime.datetime
    is_original_scan: bool
    name: str | None
    downloadable: bool


def _message_line(message: ReportMessage, *, with_body: bool) -> MessageLine:
    return MessageLine(
        pk=message.pk,
        direction=message.direction,
        direction_label=message.get_direction_display(),
        at=message.at,
        author=str(message.author) if message.author_id else "",
        body=message.body if with_body else None,
    )


def _attachment_line(attachment: ReportAttachment, *, with_name: bool, downloadable: bool) -> AttachmentLine:
    return AttachmentLine(
        pk=attachment.pk,
        kind=attachment.kind,
        size=attachment.size,
        uploaded_at=attachment.uploaded_at,
        is_original_scan=attachment.is_original_scan,
        name=attachment.name if with_name else None,
        downloadable=downloadable,
    )


def thread_for(actor, report: Report, grant=_ASK) -> list[MessageLine]:
    """The messages as the detail page shows them: the bodies inline for the handler only.

    Everyone else who may see the report sees the count, date, direction and the staff author; an
    approved requester reads the bodies on a separate page (`read_messages`: second factor, audited).
    Bodies are not even decrypted for them (deferred).
    """
    if grant is _ASK:
        grant = identity_access(actor, report)
    inline = grant is not None and grant.basis == "handler"
    rows = report.messages.select_related("author")
    if not inline:
        rows = rows.defer("body")
    return [_message_line(m, with_body=inline) for m in rows]


def attachments_for(actor, report: Report, grant=_ASK) -> list[AttachmentLine]:
    """The attachments as the detail page shows them: type and size for all; the file name inline for the
    handler only; a download link for the handler and an approved requester."""
    if grant is _ASK:
        grant = identity_access(actor, report)
    inline = grant is not None and grant.basis == "handler"
    rows = report.attachments.all()
    if not inline:
        rows = rows.defer("name")
    return [_attachment_line(a, with_name=inline, downloadable=grant is not None) for a in rows]


@dataclass(frozen=True)
class ReporterMaterials:
    report: Report
    grant: IdentityAccess
    messages: list[MessageLine]
    attachments: list[AttachmentLine]


@transaction.atomic
def read_messages(actor, report: Report, *, now=None) -> ReporterMaterials:
    """The thread with its bodies and the attachments with their names, under the identity rule; audited
    (`identity.messages_viewed`, with the basis and the request). The caller asks for the second factor."""
    report = access.fetch(actor, Report, report.pk)
    grant = identity_access(actor, report, now=now)
    if grant is None:
        raise refused_identity(report)
    messages = [_message_line(m, with_body=True) for m in report.messages.select_related("author")]
    attachments = [_attachment_line(a, with_name=True, downloadable=True) for a in report.attachments.all()]
    record(
        actor,
        "identity.messages_viewed",
        report,
        {"messages": [m.pk for m in messages], "attachments": [a.pk for a in attachments], **grant.audit},
    )
    return ReporterMaterials(report, grant, messages, attachments)


@transaction.atomic
def reveal_identity(actor, report: Report, *, now=None) -> Identity:
    """Decrypt the reporter's identity for the handler (or an approved requester); every reveal is audited."""
    report = access.fetch(actor, Report, report.pk)
    grant = identity_access(actor, report, now=now)
    if grant is None:
        raise refused_identity(report)
    record(actor, "identity.revealed", report, {"serial": report.serial, **grant.audit})
    return Identity(
        name=report.reporter_name or "",
        unit=report.reporter_unit or "",
        contact=report.reporter_contact or "",
        id_number=report.reporter_id_number or "",
        address=report.reporter_address or "",
    )


@transaction.atomic
def request_identity(actor, report: Report, reason: str) -> IdentityRevealRequest:
    """Anyone who may see the report may ask; a 委领导 decides. The approval covers the identity, the
    messages and the attachments, for PAIZHU_IDENTITY_REVEAL_DAYS days."""
    report = access.fetch(actor, Report, report.pk)
    if not reason.strip():
        raise DomainError("请填写查看举报人身份的理由。", field="reason")
    grant = identity_access(actor, report)
    if grant is not None and grant.basis == "handler":
        raise DomainError("您是承办人，可直接查看，无须申请。")
    if grant is not None:
        until = timezone.localtime(grant.expires_at)
        raise DomainError(f"您的申请已批准，有效期至{until:%Y-%m-%d %H:%M}，无须再次申请。")
    if IdentityRevealRequest.objects.filter(
        report=report, requested_by=actor, status=IdentityRevealRequest.Status.PENDING
    ).exists():
        raise DomainError("您已提出申请，请等待委领导审批。")
    request = IdentityRevealRequest.objects.create(report=report, requested_by=actor, reason=reason.strip())
    record(actor, "identity.requested", report, {"request": request.pk, "reason": request.reason})
    return request


@transaction.atomic
def decide_identity_request(
    actor, request: IdentityRevealRequest, *, approve: bool, note: str = ""
) -> IdentityRevealRequest:
    if actor.acting_role != Role.COMMISSION_LEADER:
        raise PermissionDenied("查看举报人身份须经委领导批准。")
    request = IdentityRevealRequest.objects.select_for_update().get(pk=request.pk)
    access.get_for_act(actor, Report, request.report_id, action="view")  # the leader approves what they may see
    if request.status != IdentityRevealRequest.Status.PENDING:
        raise DomainError("该申请已审批。")
    if request.requested_by_id == actor.pk:
        raise DomainError("不能审批本人的申请。")
    request.status = IdentityRevealRequest.Status.APPROVED if approve else IdentityRevealRequest.Status.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = note.strip()[:300]
    # Calendar days, not working days: a security lapse, not a time limit of the rules.
    request.expires_at = (
        request.decided_at + datetime.timedelta(days=settings.IDENTITY_REVEAL_DAYS) if approve else None
    )
    request.save()
    record(
        actor,
        "identity.approved" if approve else "identity.refused",
        request.report,
        {
            "request": request.pk,
            "requested_by": request.requested_by_id,
            "note": request.decision_note,
            "expires_at": request.expires_at,
        },
    )
    return request


# ---------------------------------------------------------------- conversion to problem clues

CLUE_SOURCE = {
    Channel.INSPECTION: "inspection",
    Channel.AUDIT: "audit",
    Channel.AGENCY: "agency",
    Channel.SUPERIOR: "superior",
}


@dataclass
class ClueDraft:
    summary: str
    subjects: list[Person] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


def may_convert(actor, report: Report) -> bool:
    """The group handling the report converts it; for a report the commission handles, the petition office."""
    role = actor.acting_role
    if report.group_id:
        return role in GROUP_ROLES and report.group_id == actor.acting_grant.group_id
    return role == Role.PETITION_OFFICE


def convert_to_clue(actor, report: Report, draft: ClueDraft):
    """The holder of the report registers one problem clue from it (call again for more clues).

    A group's clue stays with the group; the petition office's goes into 案管's central ledger to
    await 分办, after which the petition office no longer sees it (it does not see clues).
    Only the matter travels: facts, unit, persons, categories and the report's serial as reference.
    The reporter's identity stays in intake, visible to the report's handler only.
    """
    from paizhu.clues.services import register_clue

    report = access.get_for_act(actor, Report, report.pk)
    if not may_convert(actor, report):
        raise PermissionDenied("由承办该举报的派驻组将其转为问题线索；委机关承办的举报由信访室转为线索。")
    if report.routing != Report.Routing.ROUTED or report.stage in {Report.Stage.TRANSFERRED, Report.Stage.DUPLICATE}:
        raise DomainError("请先确认分办；重复件和已转出的举报不再转为线索。")
    if report.unit_id is None:
        raise DomainError("请先确定涉及单位，再转为问题线索。")
    source = CLUE_SOURCE.get(report.channel, "petition")
    if actor.acting_role == Role.PETITION_OFFICE and source != "petition":
        # The clue ledger lets the petition office register 信访举报 clues only; transfers keep their source.
        raise DomainError(f"{report.get_channel_display()}的材料请移送案件监督管理室登记为问题线索。")
    with transaction.atomic():
        clue = register_clue(
            actor,
            source_kind=source,
            received_on=report.received_on,
            unit=report.unit,
            summary=draft.summary,
            subjects=draft.subjects,
            categories=list(draft.categories),
            source_detail=f"{report.get_channel_display()}{('：' + report.source) if report.source else ''}",
            source_ref=report.serial,
        )
        ReportClueLink.objects.create(report=report, clue=clue, created_by=actor)
        _note(actor, report, "report.converted", "转为问题线索", clue.serial)
        record(actor, "report.converted", report, {"clue": clue.serial})
    return clue
