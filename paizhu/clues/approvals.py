"""The approval kinds of the clue module (domain.md §3), registered into the kernel (`workflow.approvals`).

Each kind says who may decide it, which roles its chains cannot skip, what facts its rules condition on,
and — as typed handlers — what an approved or refused request does to the clue or case.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch
from django.urls import reverse

from paizhu import access
from paizhu.audit.services import record
from paizhu.core.numbering import next_serial
from paizhu.core.roles import Role
from paizhu.org.models import DispatchGroup, IntegrityRecord, Person
from paizhu.workflow import approvals, documents
from paizhu.workflow.approvals import Kind, Matter, Requirement
from paizhu.workflow.models import Approval

from . import limits
from .models import Action, Case, CloseKind, Clue, Form, Method, ScreeningMeeting
from .services._common import ASSIGNMENT, DISPOSAL, EXTENSION, set_due, today, write_integrity_file

CL, GL, CM = Role.COMMISSION_LEADER, Role.GROUP_LEADER, Role.CASE_MANAGEMENT

# The facts rules condition on besides "action" (see services._common.facts): the values the chain check walks.
FACTS = {
    "by_group": ("由派驻组承办（true/false）", (True, False)),
    "key_person": ("领导班子成员或同级党委管理干部（true/false）", (False, True)),
    "same_level_main": ("同级党委管理的正职（true/false）", (False, True)),
    "same_level_deputy": ("同级党委管理的副职（true/false）", (False, True)),
}
CODES = ("clue.approved", "clue.refused")


def _consistent(facts: dict) -> bool:
    # A same-level-managed leader is a key person.
    return facts["key_person"] or not (facts["same_level_main"] or facts["same_level_deputy"])


def describe_facts(facts: dict) -> str:
    """A request's facts in words, for error messages."""
    action = facts["action"]
    words = [Action(action).label if action in Action.values else {"assign": "分办", "extension": "延期"}[action]]
    words.append("派驻组承办" if facts["by_group"] else "委机关部门承办")
    if facts["same_level_main"]:
        words.append("同级党委管理的正职")
    elif facts["same_level_deputy"]:
        words.append("同级党委管理的副职")
    elif facts["key_person"]:
        words.append("领导班子成员")
    else:
        words.append("一般干部")
    return "，".join(words)


# ---------------------------------------------------------------- how the inbox and the decision page name a request

_SUBJECTS = Prefetch("subjects", queryset=Person.objects.only("id", "name"))


def _summary(clue: Clue) -> str:
    # Whom and where: the problem itself is on the decision page, an inbox row stays one short line.
    names = "、".join(p.name for p in clue.subjects.all())
    return " · ".join(part for part in (names, clue.unit.name) if part)


def describe_clues(ids: Iterable[int]) -> dict[int, Matter]:
    clues = Clue.objects.filter(pk__in=ids).select_related("unit").prefetch_related(_SUBJECTS)
    return {c.pk: Matter(c.serial, reverse("clues:detail", args=[c.pk]), _summary(c), c.due_on) for c in clues}


def describe_cases(ids: Iterable[int]) -> dict[int, Matter]:
    cases = (
        Case.objects.filter(pk__in=ids)
        .select_related("clue__unit")
        .prefetch_related(Prefetch("clue__subjects", queryset=Person.objects.only("id", "name")))
    )
    return {
        c.pk: Matter(
            c.serial, reverse("clues:case", args=[c.pk]), f"线索{c.clue.serial} · {_summary(c.clue)}", c.clue.due_on
        )
        for c in cases
    }


def request_context(user, approval: Approval, subject) -> dict:
    """What `clues/_approval_request.html` shows of a request: the clue and case, what is asked, the screening."""
    from .queries import for_detail

    case = subject if isinstance(subject, Case) else None
    clue = for_detail(Clue.objects.all()).get(pk=case.clue_id if case else subject.pk)
    meeting = access.scope(user, ScreeningMeeting).filter(pk=approval.payload.get("meeting")).first()
    return {"clue": clue, "case": case, "action_label": request_label(approval), "meeting": meeting}


def request_label(approval: Approval, groups: dict | None = None) -> str:
    """What the request asks for, in the approver's words (`groups`: the groups named, read already)."""
    payload = approval.payload
    if approval.kind == ASSIGNMENT:
        if groups is None:
            group = DispatchGroup.objects.filter(pk=payload.get("group")).first()
        else:
            group = groups.get(payload.get("group"))
        return f"分办：拟由{group or payload.get('office') or '—'}承办"
    if approval.kind == EXTENSION:
        return "延长监察处置期限（6个月）" if payload.get("limit") == "supervision" else "延长审查调查期限（90日）"
    action = payload.get("action", "")
    label = Action(action).label if action in Action.values else action
    return f"{label}（监察案件）" if payload.get("supervision") else label


def asks(rows) -> dict[int, str]:
    """拟处置方式 of many requests for the inbox: the groups named by 分办 requests read in one query."""
    rows = list(rows)
    named = {r.payload.get("group") for r in rows if r.kind == ASSIGNMENT and r.payload.get("group")}
    groups = DispatchGroup.objects.in_bulk(named) if named else {}
    return {r.pk: request_label(r, groups) for r in rows}


# ---------------------------------------------------------------- 分办


def assignment_approved(actor, clue: Clue, approval: Approval) -> str:
    clue.approve_assignment()
    clue.group_id = approval.payload["group"]
    clue.office = approval.payload["office"] or ""
    return f"交由{clue.handled_by()}承办"


def assignment_refused(actor, clue: Clue, approval: Approval) -> None:
    clue.refuse_assignment()


# ---------------------------------------------------------------- 处置意见 / 了结意见


def _start_inquiry(actor, clue: Clue, payload: dict) -> str:
    clue.start_inquiry()
    clue.method = Method.INQUIRY
    clue.inquiry_rounds += 1
    clue.inquiry_mode, clue.inquiry_on, clue.reply_on = "", None, None
    clue.reply_countersigned = clue.reply_direct = False
    clue.reply_summary = ""
    set_due(clue, "inquiry_start", today())
    return "开始谈话函询"


def _start_verification(actor, clue: Clue, payload: dict) -> str:
    clue.start_verification()
    clue.method = Method.VERIFICATION
    set_due(clue, "verification", today())
    return "开始初步核实"


def _park(actor, clue: Clue, payload: dict) -> str:
    clue.park()
    clue.method = Method.PARK
    clue.park_until = datetime.date.fromisoformat(payload["park_until"])
    clue.due_on, clue.due_label = clue.park_until, limits.label("park_review")
    return f"暂存待查，{clue.park_until:%Y-%m-%d}复查"


def _file_case(actor, clue: Clue, payload: dict) -> str:
    day = today()
    clue.file_case()
    clue.method = Method.CASE
    supervision = bool(payload.get("supervision"))
    case = Case.objects.create(
        clue=clue,
        serial=next_serial("AJ"),
        filed_on=day,
        investigation_due=limits.due("investigation", day),
        supervision=supervision,
        supervision_due=limits.due("supervision_decision", day) if supervision else None,
    )
    clue.due_on, clue.due_label = case.investigation_due, limits.label("investigation")
    record(actor, "case.filed", case, {"clue": clue.serial, "supervision": supervision})
    documents.issue(actor, "case_filing", case, on=day)
    if supervision:
        return f"立案审查调查（{case.serial}，监察案件，{case.supervision_due:%Y-%m-%d}前作出处置决定）"
    return f"立案审查调查（{case.serial}）"


def _conclude(actor, clue: Clue, payload: dict) -> str:
    """Every other outcome concludes the clue, and writes it into the integrity file of each person concerned."""
    day = today()
    clue.close()
    if payload["action"] == Action.CLOSE and payload["close_kind"] == CloseKind.DIRECT:
        clue.method = Method.CLOSE
    clue.close_kind = payload["close_kind"]
    clue.close_reason = payload.get("close_reason", "")
    clue.form = payload.get("form")
    clue.measures = payload.get("measures", [])
    clue.concluded_on = day
    set_due(clue, None)
    outcome = (
        f"予以了结，{Form(clue.form).label}：{'、'.join(clue.measures)}"
        if clue.form
        else f"予以了结（{CloseKind(clue.close_kind).label}）"
    )
    write_integrity_file(clue, IntegrityRecord.Kind.CLUE_OUTCOME, day, clue.serial, outcome)
    if payload["action"] == Action.CLARIFY:
        documents.issue(actor, "clarification", clue, on=day)
    return outcome


DISPOSAL_EFFECTS = {
    Action.INQUIRY: _start_inquiry,
    Action.REINQUIRE: _start_inquiry,
    Action.VERIFICATION: _start_verification,
    Action.PARK: _park,
    Action.CASE: _file_case,
}


def disposal_approved(actor, clue: Clue, approval: Approval) -> str:
    effect = DISPOSAL_EFFECTS.get(approval.payload["action"], _conclude)
    return effect(actor, clue, approval.payload)


def disposal_refused(actor, clue: Clue, approval: Approval) -> None:
    clue.return_proposal(approval.payload["from"])
    if "due" in approval.payload:  # requests opened before the deadline was set aside kept it on the clue
        day, clue.due_label = approval.payload["due"]
        clue.due_on = datetime.date.fromisoformat(day) if day else None


# ---------------------------------------------------------------- 延长期限


def extension_approved(actor, case: Case, approval: Approval) -> str:
    if approval.payload.get("limit") == "supervision":
        case.supervision_extended = True
        case.supervision_due = limits.due("supervision_extension", case.supervision_due)
        return f"监察处置期限延长至{case.supervision_due:%Y-%m-%d}"
    case.extend()
    case.extended = True
    case.investigation_due = limits.due("investigation_extension", case.investigation_due)
    clue = case.clue
    clue.due_on, clue.due_label = case.investigation_due, limits.label("investigation")
    clue.save(update_fields=["due_on", "due_label"])
    return f"审查调查期限延长至{case.investigation_due:%Y-%m-%d}"


def extension_refused(actor, case: Case, approval: Approval) -> None:
    """A refused extension leaves the case as it was: the investigation keeps its limit."""


def register() -> None:
    common = {
        "facts": FACTS,
        "consistent": _consistent,
        "describe_facts": describe_facts,
        "request_template": "clues/_approval_request.html",
        "request_context": request_context,
        "asks": asks,
        "codes": CODES,
    }
    approvals.register(
        # 分办 is approved by the commission's leadership; no group exists yet to have a say.
        Kind(
            ASSIGNMENT,
            "线索分办",
            "clues.Clue",
            approvers=frozenset({CL}),
            actions=("assign",),
            required=(Requirement(frozenset({CL}), "线索分办由委领导审批"),),
            approved=assignment_approved,
            refused=assignment_refused,
            describe=describe_clues,
            group_path="group_id",
            **common,
        )
    )
    approvals.register(
        # A group's proposal goes through its leader; 案管 (the central ledger) may review; the commission
        # leadership decides 初核 and 立案 whatever the cadre's management level.
        Kind(
            DISPOSAL,
            "处置意见/了结意见",
            "clues.Clue",
            approvers=frozenset({GL, CM, CL}),
            actions=tuple(Action.values),
            required=(
                Requirement(
                    frozenset({CL}),
                    "初步核实、立案审查调查须报委领导批准，不得越过委领导",
                    frozenset({Action.VERIFICATION, Action.CASE}),
                ),
            ),
            approved=disposal_approved,
            refused=disposal_refused,
            describe=describe_clues,
            group_path="group_id",
            **common,
        )
    )
    approvals.register(
        # Extending an investigation is approved above the investigators.
        Kind(
            EXTENSION,
            "延长期限",
            "clues.Case",
            approvers=frozenset({GL, CM, CL}),
            actions=("extension",),
            required=(Requirement(frozenset({CL}), "延长审查调查期限须经委领导批准"),),
            approved=extension_approved,
            refused=extension_refused,
            describe=describe_cases,
            group_path="clue__group_id",
            **common,
        )
    )
