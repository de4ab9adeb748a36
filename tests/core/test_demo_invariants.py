"""The demo city shows only what the platform itself could produce.

The demo loaders bulk-create a year and a half of work in every state. This module loads the city once
and checks every row against the rules the services enforce: reachable states and the fields each
state carries, deadlines from the same limit tables and working-day calendar, approval chains from
the rules `rule_for` picks, handlers and approvers who may act, jurisdiction on the matter's date,
dates in order and none in the future, timelines in order and signed by users holding the role, an
intact audit chain, and texts without placeholders or stutters.

Each test collects every violation and prints the first few, so one run shows what to fix.
"""

import datetime
import re
from collections import Counter, defaultdict

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_fsm import RETURN_VALUE

from paizhu.access import jurisdiction, recusal
from paizhu.accounts.models import RoleGrant, User
from paizhu.audit.services import verify_chain
from paizhu.clues import limits
from paizhu.clues import services as clue_services
from paizhu.clues.models import Case, CloseKind, CloseReason, Clue, ClueEvent, ScreeningItem
from paizhu.clues.services import _common as clue_rules
from paizhu.clues.workflows import CaseStatus, ClueStatus
from paizhu.core import calendar, demo
from paizhu.core.calendar import SHANGHAI, add_months, shanghai_today
from paizhu.core.errors import DomainError
from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.intake import limits as intake_limits
from paizhu.intake import services as intake_services
from paizhu.intake.models import Channel, Feedback, ForwardingRecord, Office, Report, ReportEvent
from paizhu.org.models import Person
from paizhu.workflow import approvals
from paizhu.workflow.models import Approval

pytestmark = pytest.mark.django_db
S, C = ClueStatus, CaseStatus
SHOWN = 12  # violations printed per failing check


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    """The demo city, loaded once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(DEMO_MODE=True):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            calendar.invalidate()
            demo.run()
            yield {"now": timezone.now(), "today": shanghai_today()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            calendar.invalidate()


def _check(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} 处不符：\n" + "\n".join(problems[:SHOWN])


def _day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(SHANGHAI).date()


def _end_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(23, 59), tzinfo=SHANGHAI)


# --------------------------------------------------------------------------- who held which role when


class Grants:
    """Every grant of every user, to ask who held which role at a moment."""

    def __init__(self):
        self.by_user = defaultdict(list)
        for grant in RoleGrant.objects.select_related("commission", "group", "unit"):
            self.by_user[grant.user_id].append(grant)

    def held(self, user_id, at: datetime.datetime):
        return [
            g
            for g in self.by_user.get(user_id, ())
            if g.granted_at <= at and (g.revoked_at is None or at < g.revoked_at)
        ]

    def holds(self, user_id, at, role, group_id=None) -> bool:
        return any(g.role == role and (group_id is None or g.group_id == group_id) for g in self.held(user_id, at))

    def works_for(self, user_id, at, report) -> bool:
        """intake.services._works_for at a moment: staff of the group, or of the office, holding the report."""
        return any(
            (report.group_id and g.role in GROUP_ROLES and g.group_id == report.group_id)
            or (not report.group_id and g.role == (report.office or Office.PETITION))
            for g in self.held(user_id, at)
        )

    def group_staff(self, user_id, at, group_id) -> bool:
        return any(g.role in GROUP_ROLES and g.group_id == group_id for g in self.held(user_id, at))


# --------------------------------------------------------------------------- clues: loading


def _clues():
    return list(Clue.objects.select_related("group", "unit").prefetch_related("subjects", "handlers").order_by("pk"))


def _requests_by_clue():
    """clue id → list of requests (kind, round, [steps]) on the clue and its case, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    clue_type = ContentType.objects.get_for_model(Clue)
    case_type = ContentType.objects.get_for_model(Case)
    case_clue = dict(Case.objects.values_list("pk", "clue_id"))
    rows = defaultdict(list)
    for row in Approval.objects.filter(content_type__in=[clue_type, case_type]).order_by("pk"):
        clue_id = row.object_id if row.content_type_id == clue_type.pk else case_clue[row.object_id]
        rows[(clue_id, row.content_type_id, row.kind, row.round)].append(row)
    result = defaultdict(list)
    for (clue_id, _, kind, round_), steps in sorted(rows.items(), key=lambda item: min(r.pk for r in item[1])):
        result[clue_id].append((kind, round_, sorted(steps, key=lambda r: r.step)))
    return result


def _events_by_clue():
    events = defaultdict(list)
    for event in ClueEvent.objects.order_by("pk"):
        events[event.clue_id].append(event)
    return events


def _outcome(steps) -> str:
    decisions = [s.decision for s in steps]
    if Approval.Decision.REFUSED in decisions:
        return "refused"
    if all(d == Approval.Decision.APPROVED for d in decisions):
        return "approved"
    return "pending"


def _completed_on(steps) -> datetime.date:
    return _day(max(s.decided_at for s in steps))


def _approved(requests, kind, actions=None):
    """The requests of `kind` (and payload action among `actions`) that were approved, oldest first."""
    return [
        steps
        for k, _, steps in requests
        if k == kind
        and _outcome(steps) == "approved"
        and (actions is None or steps[0].payload.get("action") in actions)
    ]


def _transitions(model) -> set[tuple[str, str]]:
    pairs = set()
    for t in model._meta.get_field("status").get_all_transitions(model):
        targets = t.target.allowed_states if isinstance(t.target, RETURN_VALUE) else [t.target]
        pairs.update((str(t.source), str(target)) for target in targets)
    return pairs


# --------------------------------------------------------------------------- clues: states and fields


def test_every_clue_state_is_reached_through_declared_transitions(city):
    allowed = _transitions(Clue)
    reachable, frontier = {S.REGISTERED, S.ASSIGNED}, [S.REGISTERED, S.ASSIGNED]  # 案管's and a group's registration
    while frontier:
        state = frontier.pop()
        for source, target in allowed:
            if source == state and target not in reachable:
                reachable.add(target)
                frontier.append(target)
    events = _events_by_clue()
    problems = []
    for clue in _clues():
        if clue.status not in reachable:
            problems.append(f"{clue.serial}: 状态“{clue.status}”不可达")
        path = [e.to_status for e in events[clue.pk] if e.to_status]
        if not path:
            problems.append(f"{clue.serial}: 没有流转记录")
            continue
        if path[0] not in (S.REGISTERED, S.ASSIGNED):
            problems.append(f"{clue.serial}: 第一条记录的状态为 {path[0]}，不是登记")
        for before, after in zip(path, path[1:], strict=False):
            if before != after and (before, after) not in allowed:
                problems.append(f"{clue.serial}: 流转 {before} → {after} 不是声明的状态迁移")
        if path[-1] != clue.status:
            problems.append(f"{clue.serial}: 最后一条记录的状态 {path[-1]} ≠ 线索状态 {clue.status}")
        previous = None
        for event in events[clue.pk]:
            if event.from_status and previous is not None and event.from_status != previous:
                problems.append(f"{clue.serial}: “{event.title}”的原状态 {event.from_status} ≠ 上一条的 {previous}")
            previous = event.to_status or previous
    _check(problems)


def _expected_due(clue, status, requests, case, events):
    """(due_on, due_label) as the services leave them for a clue in `status`."""
    if status in (S.REGISTERED, S.ASSIGNING, S.ASSIGNED):
        reopened = [e for e in events if e.code == "clue.reopened"]
        start = _day(reopened[-1].at) if reopened else clue.received_on
        return limits.due("proposal", start), limits.label("proposal")
    if status == S.PROPOSED:
        open_steps = [steps for k, _, steps in requests if k == clue_services.DISPOSAL and _outcome(steps) == "pending"]
        if not open_steps:
            return None
        # The proposal's step is done: its deadline is set aside in the request (services.propose), for a refusal.
        before = _expected_due(clue, open_steps[-1][0].payload["from"], requests, case, events)
        kept = open_steps[-1][0].payload.get("due")
        if before is None or kept != [before[0].isoformat() if before[0] else None, before[1]]:
            return None
        return None, ""
    if status == S.INQUIRY:
        started = _approved(requests, clue_services.DISPOSAL, {"inquiry", "reinquire"})
        return (limits.due("inquiry_start", _completed_on(started[-1])) if started else None), limits.label(
            "inquiry_start"
        )
    if status == S.INQUIRY_REPLY:
        return limits.due("inquiry_reply", clue.inquiry_on), limits.label("inquiry_reply")
    if status == S.INQUIRY_CONCLUDING:
        start = clue.reply_on or clue.inquiry_on
        return limits.due("inquiry_conclusion", start), limits.label("inquiry_conclusion")
    if status == S.VERIFYING:
        started = _approved(requests, clue_services.DISPOSAL, {"verification"})
        return (limits.due("verification", _completed_on(started[-1])) if started else None), limits.label(
            "verification"
        )
    if status == S.PARKED:
        return clue.park_until, limits.label("park_review")
    if status == S.IN_CASE:
        if case is None:
            return None
        if case.status == C.REVIEW_PENDING:
            return None, "待审理室受理"
        key = {
            C.INVESTIGATING: "investigation",
            C.IN_REVIEW: "review",
            C.SUBMITTED: "review",
            C.DECIDED: "announce",
            C.ANNOUNCED: "execution",
        }.get(case.status)
        return (case.current_due, limits.label(key)) if key else (None, "")
    return None, ""


def _clue_fields_and_deadlines_match_the_state(city) -> list[str]:
    requests = _requests_by_clue()
    events = _events_by_clue()
    cases = {case.clue_id: case for case in Case.objects.all()}
    problems = []
    for clue in _clues():
        serial, status, case = clue.serial, clue.status, cases.get(clue.pk)
        expected = _expected_due(clue, status, requests[clue.pk], case, events[clue.pk])
        if expected is None or (clue.due_on, clue.due_label) != expected:
            problems.append(f"{serial} ({status}): 期限 {clue.due_on} {clue.due_label} ≠ 应为 {expected}")
        unassigned = status in (S.REGISTERED, S.ASSIGNING)
        if unassigned and (clue.group_id or clue.office or list(clue.handlers.all())):
            problems.append(f"{serial} ({status}): 未分办的线索已有承办组或承办人")
        if not unassigned and not (clue.group_id or clue.office):
            problems.append(f"{serial} ({status}): 已分办的线索没有承办组或部门")
        method = {
            S.INQUIRY: "inquiry",
            S.INQUIRY_REPLY: "inquiry",
            S.INQUIRY_CONCLUDING: "inquiry",
            S.VERIFYING: "verification",
            S.PARKED: "park",
            S.IN_CASE: "case",
        }.get(status)
        if method and clue.method != method:
            problems.append(f"{serial} ({status}): 处置方式 {clue.method!r} ≠ {method!r}")
        if status == S.INQUIRY and (clue.inquiry_mode or clue.inquiry_on or clue.inquiry_rounds < 1):
            problems.append(f"{serial}: 待谈话或发函，却已有谈话函询记录或次数为 0")
        if status == S.INQUIRY_REPLY and not (clue.inquiry_mode == "letter" and clue.inquiry_on and not clue.reply_on):
            problems.append(f"{serial}: 待书面说明，须为函询、有送达日期、尚无回复")
        if status == S.INQUIRY_CONCLUDING:
            if not clue.inquiry_mode or not clue.inquiry_on:
                problems.append(f"{serial}: 待提出了结意见，却没有谈话或函询日期")
            if clue.inquiry_mode == "letter" and not clue.reply_on:
                problems.append(f"{serial}: 函询待提出了结意见，却没有收到书面说明")
            if clue.inquiry_mode == "talk" and clue.reply_on:
                problems.append(f"{serial}: 谈话却登记了书面说明")
        if clue.reply_on:
            main = any(p.is_main_leader for p in clue.subjects.all())
            if clue.reply_direct != main or clue.reply_countersigned == main:
                problems.append(f"{serial}: 书面说明的报送方式与被函询人是否主要负责人不符")
        if status == S.PARKED and not clue.park_until:
            problems.append(f"{serial}: 暂存待查却没有复查日期")
        if status == S.CLOSED:
            if not (clue.close_kind and clue.concluded_on):
                problems.append(f"{serial}: 已了结却没有了结类型或办结日期")
            _check_conclusion(clue, requests[clue.pk], problems)
        elif (status != S.IN_CASE or (case and case.status != C.CLOSED)) and (
            clue.concluded_on or clue.close_kind or clue.form
        ):
            problems.append(f"{serial} ({status}): 未办结却有办结日期、了结类型或形态")
        if status == S.IN_CASE and case is None:
            problems.append(f"{serial}: 已立案却没有案件")
        if status != S.IN_CASE and case is not None:
            problems.append(f"{serial} ({status}): 未立案却有案件")
        if clue.close_kind == CloseKind.DIRECT and clue.method != "close":
            problems.append(f"{serial}: 直接了结的处置方式应为予以了结")
    return problems


def test_clue_fields_and_deadlines_match_the_state(city):
    _check(_clue_fields_and_deadlines_match_the_state(city))


def _check_conclusion(clue, requests, problems) -> None:
    """A closed clue carries what its last approved disposal request said (clues/approvals.py)."""
    approved = _approved(requests, clue_services.DISPOSAL)
    if not approved:
        problems.append(f"{clue.serial}: 已了结却没有经批准的了结意见")
        return
    steps = approved[-1]
    payload = steps[0].payload
    expected = (
        payload.get("close_kind"),
        payload.get("close_reason", ""),
        payload.get("form"),
        payload.get("measures", []),
    )
    actual = (clue.close_kind, clue.close_reason, clue.form, clue.measures)
    if actual != expected:
        problems.append(f"{clue.serial}: 了结内容 {actual} ≠ 审批内容 {expected}")
    if clue.concluded_on != _completed_on(steps):
        problems.append(f"{clue.serial}: 办结日期 {clue.concluded_on} ≠ 批准日期 {_completed_on(steps)}")
    if (
        payload.get("close_reason")
        and not CloseReason.objects.filter(kind=payload["close_kind"], text=payload["close_reason"]).exists()
        and payload.get("action") != "clarify"
    ):
        problems.append(f"{clue.serial}: 了结理由“{payload['close_reason']}”不在配置的了结理由中")


def test_cases_follow_their_workflow_and_limits(city):
    requests = _requests_by_clue()
    order = [C.INVESTIGATING, C.REVIEW_PENDING, C.IN_REVIEW, C.SUBMITTED, C.DECIDED, C.ANNOUNCED, C.CLOSED]
    problems = []
    for case in Case.objects.select_related("clue").prefetch_related("clue__subjects", "review_talks"):
        clue, serial = case.clue, case.serial
        reached = order.index(case.status) if case.status in order else len(order)
        filed = _approved(requests[clue.pk], clue_services.DISPOSAL, {"case"})
        if not filed:
            problems.append(f"{serial}: 没有经批准的立案意见")
            continue
        payload = filed[-1][0].payload
        if case.filed_on != _completed_on(filed[-1]):
            problems.append(f"{serial}: 立案日期 {case.filed_on} ≠ 批准日期 {_completed_on(filed[-1])}")
        if not case.extended and case.investigation_due != limits.due("investigation", case.filed_on):
            problems.append(f"{serial}: 审查调查期限 {case.investigation_due} 不是按立案日期计算")
        if case.supervision != bool(payload.get("supervision")):
            problems.append(f"{serial}: 监察案件标记 {case.supervision} 与立案审批内容不符")
        if case.supervision:
            if not any(p.is_supervision_object for p in clue.subjects.all()):
                problems.append(f"{serial}: 被反映人均非监察对象，却按监察案件立案")
            if not case.supervision_extended and case.supervision_due != limits.due(
                "supervision_decision", case.filed_on
            ):
                problems.append(f"{serial}: 监察处置期限不是按立案日期计算")
        elif case.supervision_due:
            problems.append(f"{serial}: 非监察案件却有监察处置期限")
        stages = [
            (1, case.sent_to_review_on and case.investigation_report, "移送审理"),
            (2, case.review_accepted_on, "审理受理"),
            (3, case.submitted_on and case.review_reported_on and case.review_opinion, "审理报告和提请审议"),
            (4, case.decided_on and case.form and case.decision_summary, "决定"),
            (5, case.announced_on, "宣布"),
            (6, case.executed_on, "执行"),
        ]
        for level, present, what in stages:
            if (reached >= level) != bool(present):
                problems.append(f"{serial} ({case.status}): {what}记录与状态不符")
        talks = [t.talked_on for t in case.review_talks.all()]
        dates = [case.review_accepted_on, *talks, case.review_reported_on, case.submitted_on, case.decided_on]
        present = [d for d in dates if d]
        if present != sorted(present) or (talks and not case.review_accepted_on):
            problems.append(f"{serial}: 受理、审理谈话、审理报告、提请审议、决定的日期不合顺序")
        if case.review_accepted_on and case.review_due != limits.due("review", case.review_accepted_on):
            problems.append(f"{serial}: 审理期限不是按受理日期计算")
        if case.decided_on and case.announce_due != limits.due("announce", case.decided_on):
            problems.append(f"{serial}: 宣布期限不是按决定日期计算")
        if case.form and case.form >= 2 and not (case.party_penalty or case.gov_penalty):
            problems.append(f"{serial}: 第二至第四种形态却没有处分")
        if case.announced_on:
            if case.execution_due != limits.due("execution", case.announced_on):
                problems.append(f"{serial}: 执行报告期限不是按宣布日期计算")
            if case.announced_on > add_months(case.decided_on, 6):
                problems.append(f"{serial}: 决定作出6个月后才宣布")
        if case.status == C.CLOSED:
            measures = [
                m
                for m in (
                    case.party_penalty and f"党纪处分：{case.party_penalty}",
                    case.gov_penalty and f"政务处分：{case.gov_penalty}",
                )
                if m
            ]
            if (clue.concluded_on, clue.form, clue.measures) != (case.executed_on, case.form, measures):
                problems.append(f"{serial}: 结案后线索的办结日期、形态或处理措施与案件不符")
    _check(problems)


# --------------------------------------------------------------------------- approvals


def _approval_chains_are_the_rules_and_decided_by_who_may(city) -> list[str]:
    grants = Grants()
    clues = {clue.pk: clue for clue in _clues()}
    problems = []
    for clue_id, requests in _requests_by_clue().items():
        clue = clues[clue_id]
        open_requests = 0
        for kind, round_, steps in requests:
            where = f"{clue.serial} {kind}#{round_}"
            first = steps[0]
            action = first.payload.get("action") or {"clue.assignment": "assign", "case.extension": "extension"}[kind]
            # The facts as the clue stands: subjects and group do not change after a request.
            facts = clue_rules.facts(clue, action)
            if kind == clue_services.ASSIGNMENT:
                facts["by_group"] = False  # 分办 is asked before the clue has a group
            rule = approvals.rule_for(kind, facts)
            skip = clue_rules.skip_roles(clue) if kind != clue_services.ASSIGNMENT else frozenset()
            chain = [s["role"] for s in rule.steps if s["role"] not in skip]
            if [s.role for s in steps] != chain or [s.step for s in steps] != list(range(1, len(steps) + 1)):
                problems.append(f"{where}: 审批链 {[s.role for s in steps]} ≠ 规则“{rule.name}”的 {chain}")
            if any(s.payload.get("rule") != rule.name for s in steps):
                problems.append(f"{where}: 申请记载的规则不是“{rule.name}”")
            for s in steps:
                if s.role not in approvals.kind(kind).approvers:
                    problems.append(f"{where} 第{s.step}步: {s.role} 不能审批此事项")
            decisions = [s.decision for s in steps]
            seen_pending = seen_refused = False
            for s in steps:
                if s.decision == Approval.Decision.PENDING:
                    if s.is_current != (not seen_pending):
                        problems.append(f"{where} 第{s.step}步: 当前环节标记有误")
                    seen_pending = True
                elif s.is_current:
                    problems.append(f"{where} 第{s.step}步: 已处理的环节仍标为当前")
                if s.decision == Approval.Decision.SKIPPED and not seen_refused:
                    problems.append(f"{where} 第{s.step}步: 未进行的环节前没有不同意")
                if seen_refused and s.decision != Approval.Decision.SKIPPED:
                    problems.append(f"{where} 第{s.step}步: 不同意之后的环节应为未进行")
                if s.decision in (Approval.Decision.APPROVED, Approval.Decision.REFUSED) and seen_pending:
                    problems.append(f"{where} 第{s.step}步: 前一环节尚未审批")
                seen_refused = seen_refused or s.decision == Approval.Decision.REFUSED
                if s.decision in (Approval.Decision.APPROVED, Approval.Decision.REFUSED):
                    _check_decision(clue, s, where, grants, city, problems)
                elif s.decided_by_id or s.decided_at:
                    problems.append(f"{where} 第{s.step}步: 未审批却有审批人或时间")
            if Approval.Decision.PENDING in decisions:
                open_requests += 1
            if first.requested_by_id is None:
                problems.append(f"{where}: 没有申请人")
            elif kind == clue_services.ASSIGNMENT and not grants.holds(
                first.requested_by_id, first.requested_at, Role.CASE_MANAGEMENT
            ):
                problems.append(f"{where}: 分办意见须由案件监督管理室提出")
            elif kind != clue_services.ASSIGNMENT and not _may_handle(
                grants, clue, first.requested_by_id, first.requested_at
            ):
                problems.append(f"{where}: 申请人不是承办人或承办组组长")
        if open_requests > 1:
            problems.append(f"{clue.serial}: 同时有 {open_requests} 件审批中的申请")
        pending = [(k, steps) for k, _, steps in requests if _outcome(steps) == "pending"]
        expected_open = {S.ASSIGNING: clue_services.ASSIGNMENT, S.PROPOSED: clue_services.DISPOSAL}.get(clue.status)
        kinds_open = [k for k, _ in pending if k != clue_services.EXTENSION]
        if kinds_open != ([expected_open] if expected_open else []):
            problems.append(f"{clue.serial} ({clue.status}): 审批中的申请 {kinds_open} 与状态不符")
    return problems


def test_decided_cases_are_of_the_form_their_penalties_give(city):
    from paizhu.clues.services.cases import check_form

    problems = []
    decided = Case.objects.exclude(form=None)
    for case in decided:
        try:
            check_form(case.form, case.party_penalty, case.gov_penalty, case.referred_for_prosecution)
        except DomainError as refusal:
            problems.append(f"{case.serial}: {refusal.message}")
    assert decided.exists()
    assert problems == []


def test_approval_chains_are_the_rules_and_decided_by_who_may(city):
    _check(_approval_chains_are_the_rules_and_decided_by_who_may(city))


def _may_handle(grants, clue, user_id, at) -> bool:
    if clue.group_id and grants.holds(user_id, at, Role.GROUP_LEADER, clue.group_id):
        return True
    return user_id in {u.pk for u in clue.handlers.all()}


def _check_decision(clue, step, where, grants, city, problems) -> None:
    if step.decided_by_id is None or step.decided_at is None:
        problems.append(f"{where} 第{step.step}步: 已审批却没有审批人或时间")
        return
    if step.decided_by_id == step.requested_by_id:
        problems.append(f"{where} 第{step.step}步: 审批人即申请人")
    group_id = clue.group_id if step.role in GROUP_ROLES else None
    if not grants.holds(step.decided_by_id, step.decided_at, step.role, group_id):
        problems.append(f"{where} 第{step.step}步: 审批人当时不是{Role(step.role).label}")
    if not step.requested_at <= step.decided_at <= city["now"]:
        problems.append(f"{where} 第{step.step}步: 审批时间 {step.decided_at} 早于申请或晚于现在")
    if step.decision == Approval.Decision.REFUSED and not step.opinion.strip():
        problems.append(f"{where} 第{step.step}步: 不同意却没有意见")


def test_every_request_and_decision_is_on_the_timeline(city):
    events = _events_by_clue()
    request_codes = {
        "clue.assignment_proposed",
        "clue.proposed",
        "clue.inquiry_concluded",
        "clue.verification_reported",
        "case.extension_requested",
    }
    problems = []
    for clue_id, requests in _requests_by_clue().items():
        timeline = events[clue_id]
        asked = [e for e in timeline if e.code in request_codes]
        decided = [e for e in timeline if e.code in ("clue.approved", "clue.refused")]
        steps_asked = [steps[0] for _, _, steps in requests]
        steps_decided = sorted(
            (s for _, _, steps in requests for s in steps if s.decided_at), key=lambda s: (s.decided_at, s.pk)
        )
        serial = timeline[0].clue.serial if timeline else clue_id
        if len(asked) != len(steps_asked):
            problems.append(f"{serial}: {len(steps_asked)} 件申请，流转记录中有 {len(asked)} 条提出记录")
        for event, step in zip(asked, steps_asked, strict=False):
            if event.actor_id != step.requested_by_id or abs(event.at - step.requested_at) > datetime.timedelta(
                minutes=1
            ):
                problems.append(f"{serial}: 提出记录“{event.title}”与申请 {step.kind}#{step.round} 的申请人或时间不符")
        if len(decided) != len(steps_decided):
            problems.append(f"{serial}: {len(steps_decided)} 个审批环节已处理，流转记录中有 {len(decided)} 条")
        for event, step in zip(decided, steps_decided, strict=False):
            code = "clue.approved" if step.decision == Approval.Decision.APPROVED else "clue.refused"
            if (
                event.actor_id != step.decided_by_id
                or event.code != code
                or abs(event.at - step.decided_at) > datetime.timedelta(minutes=1)
            ):
                problems.append(f"{serial}: 审批记录“{event.title}”与 {step.kind}#{step.round} 第{step.step}步不符")
    _check(problems)


# --------------------------------------------------------------------------- handlers and jurisdiction


def _handlers_are_staff_of_the_holder_and_not_conflicted(city) -> list[str]:
    grants = Grants()
    now = city["now"]
    problems = []
    for clue in _clues():
        for user in clue.handlers.all():
            if clue.group_id and not grants.group_staff(user.pk, now, clue.group_id):
                problems.append(f"{clue.serial}: 承办人{user}不是{clue.group}的工作人员")
            if not clue.group_id and not grants.holds(user.pk, now, Role.CASE_MANAGEMENT):
                problems.append(f"{clue.serial}: 委机关承办的线索，承办人{user}不是案件监督管理室的")
    for report in Report.objects.filter(handler__isnull=False).select_related("handler"):
        if not grants.works_for(report.handler_id, now, report):
            problems.append(f"{report.serial}: 承办人{report.handler}不是{report.handled_by}的工作人员")
    # Recusal, per handler over everything they handle: the rule of `is_conflicted`, in bulk.
    for user in User.objects.all():
        clues = Clue.objects.filter(handlers=user)
        kept = recusal.excluding_conflicts(user, clues, unit_path="unit", subjects_path="subjects")
        for serial in clues.exclude(pk__in=kept.values("pk")).values_list("serial", flat=True):
            problems.append(f"{serial}: 承办人{user}应当回避")
        reports = Report.objects.filter(handler=user)
        kept = recusal.excluding_conflicts(
            user, reports, unit_path="unit", subjects_path="subjects", typed_subjects_path="named"
        )
        for serial in reports.exclude(pk__in=kept.values("pk")).values_list("serial", flat=True):
            problems.append(f"{serial}: 承办人{user}应当回避")
    return problems


def test_handlers_are_staff_of_the_holder_and_not_conflicted(city):
    _check(_handlers_are_staff_of_the_holder_and_not_conflicted(city))


def _groups_handle_only_units_they_covered_on_the_matters_date(city) -> list[str]:
    problems = []
    for clue in Clue.objects.filter(group__isnull=False).select_related("group", "unit"):
        if not jurisdiction.covers(clue.group, clue.unit, clue.received_on) and not jurisdiction.designated(
            clue, clue.group
        ):
            problems.append(f"{clue.serial}: {clue.received_on}时{clue.unit}不在{clue.group}监督范围内")
    reports = Report.objects.filter(group__isnull=False).select_related("group", "unit", "duplicate_of")
    for report in reports:
        if report.duplicate_of_id:
            if (report.group_id, report.office) != (report.duplicate_of.group_id, report.duplicate_of.office):
                problems.append(f"{report.serial}: 重复件未随原件由{report.duplicate_of.handled_by}办理")
            continue
        if not jurisdiction.covers(report.group, report.unit, report.received_on) and not jurisdiction.designated(
            report, report.group
        ):
            problems.append(f"{report.serial}: {report.received_on}时{report.unit}不在{report.group}监督范围内")
    return problems


def test_groups_handle_only_units_they_covered_on_the_matters_date(city):
    _check(_groups_handle_only_units_they_covered_on_the_matters_date(city))


# --------------------------------------------------------------------------- dates


def test_clue_dates_are_in_order_and_none_in_the_future(city):
    today, now = city["today"], city["now"]
    assignments = defaultdict(list)
    for clue_id, requests in _requests_by_clue().items():
        assignments[clue_id] = [_completed_on(s) for s in _approved(requests, clue_services.ASSIGNMENT)]
    problems = []
    for clue in _clues():
        assigned = assignments[clue.pk][-1] if assignments[clue.pk] else None
        chain = [
            ("受理", clue.received_on),
            ("分办", assigned),
            ("谈话/送达", clue.inquiry_on),
            ("书面说明", clue.reply_on),
            ("办结", clue.concluded_on),
        ]
        present = [(what, day) for what, day in chain if day]
        for (a, da), (b, db) in zip(present, present[1:], strict=False):
            if da > db:
                problems.append(f"{clue.serial}: {a} {da} 晚于 {b} {db}")
        if any(day > today for _, day in present):
            problems.append(f"{clue.serial}: 日期晚于今天 {present}")
        if clue.received_on > _day(clue.created_at) or clue.created_at > now:
            problems.append(f"{clue.serial}: 登记时间 {clue.created_at} 早于受理日期或晚于现在")
    for case in Case.objects.select_related("clue"):
        chain = [
            ("受理线索", case.clue.received_on),
            ("立案", case.filed_on),
            ("移送审理", case.sent_to_review_on),
            ("审理受理", case.review_accepted_on),
            ("决定", case.decided_on),
            ("宣布", case.announced_on),
            ("执行", case.executed_on),
        ]
        present = [(what, day) for what, day in chain if day]
        for (a, da), (b, db) in zip(present, present[1:], strict=False):
            if da > db:
                problems.append(f"{case.serial}: {a} {da} 晚于 {b} {db}")
        if any(day > today for _, day in present):
            problems.append(f"{case.serial}: 日期晚于今天")
    for item in ScreeningItem.objects.select_related("meeting", "clue"):
        if not item.clue.received_on <= item.meeting.held_on <= today:
            problems.append(f"{item.clue.serial}: 集体排查日期 {item.meeting.held_on} 早于受理或晚于今天")
    _check(problems)


def test_report_dates_are_in_order_and_none_in_the_future(city):
    today, now = city["today"], city["now"]
    problems = []
    for report in Report.objects.select_related("duplicate_of"):
        chain = [("收到", report.received_on), ("受理", report.accepted_on), ("办结", report.closed_on)]
        present = [(what, day) for what, day in chain if day]
        for (a, da), (b, db) in zip(present, present[1:], strict=False):
            if da > db:
                problems.append(f"{report.serial}: {a} {da} 晚于 {b} {db}")
        days = [d for d in (report.received_on, report.accepted_on, report.closed_on) if d]
        days += [d for d in (report.acceptance_notified_on, report.result_notified_on) if d]
        if any(d > today for d in days) or report.registered_at > now:
            problems.append(f"{report.serial}: 日期晚于今天")
        if _day(report.registered_at) < report.received_on:
            problems.append(f"{report.serial}: 登记时间早于收到日期")
        if report.acceptance_notified_on and report.acceptance_notified_on < (report.accepted_on or report.received_on):
            problems.append(f"{report.serial}: 受理告知早于受理")
        if report.result_notified_on and (not report.closed_on or report.result_notified_on < report.closed_on):
            problems.append(f"{report.serial}: 结果反馈早于办结")
        if report.duplicate_of_id and report.duplicate_of.received_on > report.received_on:
            problems.append(f"{report.serial}: 重复件早于其原件收到")
    for forwarding in ForwardingRecord.objects.all():
        if forwarding.received_on > today or (forwarding.forwarded_on and forwarding.forwarded_on > today):
            problems.append(f"转送记录 {forwarding.pk}: 日期晚于今天")
    _check(problems)


# --------------------------------------------------------------------------- reports


def test_reports_stages_deadlines_and_routing_are_the_services(city):
    problems = []
    feedback = defaultdict(list)
    for row in Feedback.objects.order_by("given_on", "pk"):
        feedback[row.report_id].append(row)
    own = intake_services.own_leader_ids(Person.objects.all())
    grants = Grants()
    roster = defaultdict(list)
    for person in Person.objects.filter(unit__isnull=False):
        roster[(person.name, person.unit_id)].append(person)
    reports = Report.objects.select_related("unit", "duplicate_of", "handler").prefetch_related("subjects", "named")
    for report in reports:
        serial, stage, routing = report.serial, report.stage, report.routing
        R, St = Report.Routing, Report.Stage
        allowed = {
            R.PROPOSED: {St.RECEIVED, St.REGISTERED},
            R.ROUTED: {St.REGISTERED, St.ACCEPTED, St.CLOSED},
            R.DUPLICATE: {St.DUPLICATE},
            R.TRANSFERRED: {St.TRANSFERRED},
        }[routing]
        if stage not in allowed:
            problems.append(f"{serial}: 分办状态 {routing} 与办理阶段 {stage} 不符")
        if (stage == St.RECEIVED) != (report.registered_by_id is None and routing == R.PROPOSED):
            problems.append(f"{serial}: 待登记的只能是尚未分办的网上举报")
        if (report.channel == Channel.ONLINE) != (report.registered_by_id is None):
            problems.append(f"{serial}: 网上举报由系统登记，其他渠道由工作人员登记")
        if routing == R.PROPOSED and report.registered_by_id is not None:
            grant = grants.held(report.registered_by_id, report.registered_at)[0]
            holder = (grant.group_id, "") if grant.role in GROUP_ROLES else (None, Office.PETITION)
            if (report.group_id, report.office) != holder:
                problems.append(f"{serial}: 尚未分办的举报应由登记人所在单位持有")
        if (
            routing == R.PROPOSED
            and report.registered_by_id is None
            and (report.group_id, report.office)
            != (
                None,
                Office.PETITION,
            )
        ):
            problems.append(f"{serial}: 尚未分办的网上举报应由信访室持有")
        if bool(report.accepted_on) != (stage in (St.ACCEPTED, St.CLOSED)):
            problems.append(f"{serial}: 受理日期与办理阶段 {stage} 不符")
        if bool(report.closed_on) != (stage in (St.CLOSED, St.TRANSFERRED)) or (stage == St.CLOSED) != bool(
            report.result
        ):
            problems.append(f"{serial}: 办结日期或办理结果与办理阶段 {stage} 不符")
        # Deadlines as the services compute them.
        acceptance = (
            intake_limits.due("acceptance_notice", report.received_on)
            if report.is_real_name and routing != R.DUPLICATE
            else None
        )
        if report.acceptance_due != acceptance:
            problems.append(f"{serial}: 受理告知期限 {report.acceptance_due} ≠ {acceptance}")
        result = (
            intake_limits.due("result_notice", report.closed_on) if report.is_real_name and stage == St.CLOSED else None
        )
        if report.result_due != result:
            problems.append(f"{serial}: 结果反馈期限 {report.result_due} ≠ {result}")
        close_due = (
            intake_limits.due("assigned_close", report.received_on) if report.channel == Channel.SUPERIOR else None
        )
        if not report.close_extended and report.close_due != close_due:
            problems.append(f"{serial}: 交办件办结期限 {report.close_due} ≠ {close_due}")
        given = feedback.get(report.pk, [])
        for notice, field in ((Feedback.Notice.ACCEPTANCE, "acceptance"), (Feedback.Notice.RESULT, "result")):
            rows = [f for f in given if f.notice == notice]
            expected = rows[0].given_on if rows else None
            if getattr(report, f"{field}_notified_on") != expected:
                problems.append(f"{serial}: {field} 告知日期与反馈记录不符")
        if any(f.notice == Feedback.Notice.RESULT for f in given) and stage != St.CLOSED:
            problems.append(f"{serial}: 未办结却反馈了结果")
        if given and not report.is_real_name:
            problems.append(f"{serial}: 匿名举报却有反馈记录")
        for f in given:
            if not grants.works_for(f.given_by_id, _end_of(f.given_on), report):
                problems.append(f"{serial}: 告知人{f.given_by}不是{report.handled_by}的工作人员")
        # Duplicates point at an original that is not itself a duplicate.
        if (routing == R.DUPLICATE) != bool(report.duplicate_of_id):
            problems.append(f"{serial}: 重复件标记与所属原件不符")
        if report.duplicate_of_id and report.duplicate_of.duplicate_of_id:
            problems.append(f"{serial}: 所属原件{report.duplicate_of.serial}本身是重复件")
        # Never held: reports about higher-managed cadres or this commission's leaders.
        people = list(report.subjects.all())
        for typed in report.named.all():
            people += roster[(typed.name, typed.unit_id)]
        for person in people:
            if person.management_level == Person.ManagementLevel.HIGHER or person.pk in own:
                problems.append(f"{serial}: 涉及{person}，不得录入本平台，只能登记转送记录")
        # The routing proposal the services would have made (roster suggestions for typed names included).
        expected = Report(kind=report.kind, unit=report.unit, received_on=report.received_on)
        matches = intake_services._open_matches(report, Person.objects)
        if matches:
            expected.pk = report.pk
            intake_services._propose_with_roster(expected, matches)
        else:
            proposal = intake_services.propose_routing(
                kind=report.kind, subjects=list(report.subjects.all()), unit=report.unit, received_on=report.received_on
            )
            expected.proposed_group, expected.proposed_office = proposal.group, proposal.office
            expected.routing_reason = proposal.reason
        mine = (report.proposed_group_id, report.proposed_office, report.routing_reason)
        theirs = (expected.proposed_group_id, expected.proposed_office, expected.routing_reason)
        if mine != theirs:
            problems.append(f"{serial}: 分办建议 {mine} ≠ 系统建议 {theirs}")
    _check(problems)


def test_forwarding_records_stand_for_the_reports_never_entered(city):
    rows = list(ForwardingRecord.objects.all())
    assert rows, "演示数据应包含转送记录（涉及上级管理干部或本委领导的举报只登记转送记录）"
    problems = []
    for row in rows:
        if row.due_on != intake_limits.LIMITS.due("forward", row.received_on):
            problems.append(f"转送记录 {row.pk}: 转送期限不是5个工作日")
        if row.forwarded_by_id is None or row.forwarded_by.acting_role not in intake_services.REGISTERING_ROLES:
            problems.append(f"转送记录 {row.pk}: 经手人不能登记转送记录")
    _check(problems)


# --------------------------------------------------------------------------- timelines


CLUE_EVENT_ROLES = {
    "clue.registered": {Role.CASE_MANAGEMENT, Role.PETITION_OFFICE, *GROUP_ROLES},
    "clue.assignment_proposed": {Role.CASE_MANAGEMENT},
    "clue.handlers_assigned": {Role.GROUP_LEADER, Role.CASE_MANAGEMENT},
    "clue.screened": {Role.GROUP_LEADER, Role.CASE_MANAGEMENT},
    "case.review_accepted": {Role.CASE_REVIEW},
    "case.decided": {Role.CASE_REVIEW},
    "case.appealed": {Role.CASE_REVIEW},
    "case.appeal_decided": {Role.CASE_REVIEW},
}
HANDLER_CODES = {
    "clue.proposed",
    "clue.inquiry_concluded",
    "clue.verification_reported",
    "clue.inquiry_issued",
    "clue.reply_recorded",
    "clue.verification_planned",
    "clue.reopened",
    "case.transferred",
    "case.announced",
    "case.executed",
    "case.extension_requested",
}


def _clue_timelines_are_in_order_and_signed_by_who_held_the_role(city) -> list[str]:
    grants = Grants()
    users = {u.pk: u for u in User.objects.all()}
    clues = {clue.pk: clue for clue in _clues()}
    now = city["now"]
    problems = []
    for clue_id, timeline in _events_by_clue().items():
        clue = clues[clue_id]
        previous = clue.created_at
        for event in timeline:
            where = f"{clue.serial}「{event.title}」"
            if event.at < previous:
                problems.append(f"{where}: 时间 {event.at} 早于上一条 {previous}")
            previous = max(previous, event.at)
            if event.at > now:
                problems.append(f"{where}: 时间 {event.at} 晚于现在")
            if event.actor_id is None:
                problems.append(f"{where}: 没有经手人")
                continue
            user = users[event.actor_id]
            if event.actor_name != user.full_name:
                problems.append(f"{where}: 经手人姓名“{event.actor_name}”≠ 用户“{user.full_name}”")
            held = grants.held(user.pk, event.at)
            if event.role not in {g.label for g in held}:
                problems.append(f"{where}: {user}当时不持有身份“{event.role}”")
            roles = {g.role for g in held if g.label == event.role}
            if event.code in CLUE_EVENT_ROLES and not roles & CLUE_EVENT_ROLES[event.code]:
                problems.append(f"{where}: {event.role}不能办理此事项")
            if event.code in HANDLER_CODES and not _may_handle(grants, clue, user.pk, event.at):
                problems.append(f"{where}: {user}不是承办人或承办组组长")
    return problems


def test_clue_timelines_are_in_order_and_signed_by_who_held_the_role(city):
    _check(_clue_timelines_are_in_order_and_signed_by_who_held_the_role(city))


# What each timeline entry of a report is, and who may write it: the roles, or "holder" (staff of the
# group or office holding the report), or None (the public and the system, no actor).
REPORT_ACTIONS = {
    "网上举报提交": None,
    "举报人留言": None,
    "登记": set(intake_services.REGISTERING_ROLES),
    "分办": {Role.PETITION_OFFICE, *GROUP_ROLES},
    "指定承办人": {Role.PETITION_OFFICE, Role.GROUP_LEADER},
    "关联重复件": {Role.PETITION_OFFICE, *GROUP_ROLES},
    "受理": "holder",
    "办结": "holder",
    "受理告知": "holder",
    "结果反馈": "holder",
    "在线回复举报人": "holder",
    "转为问题线索": "holder",
    "确认被反映人": {Role.PETITION_OFFICE, *GROUP_ROLES},
    "批准延期": {Role.COMMISSION_LEADER},
    "转有关机关": "holder",
}


def test_report_timelines_are_complete_in_order_and_signed(city):
    grants = Grants()
    now = city["now"]
    events = defaultdict(list)
    for event in ReportEvent.objects.select_related("actor").order_by("pk"):
        events[event.report_id].append(event)
    feedback = Counter(Feedback.objects.values_list("report_id", "notice"))
    problems = []
    for report in Report.objects.all():
        timeline = events[report.pk]
        actions = Counter(e.title for e in timeline)
        expected = {
            "分办": report.routing == Report.Routing.ROUTED,
            "关联重复件": report.routing == Report.Routing.DUPLICATE,
            "受理": bool(report.accepted_on),
            "办结": report.stage == Report.Stage.CLOSED,
            "指定承办人": bool(report.handler_id),
        }
        for action, wanted in expected.items():
            if wanted and not actions[action]:
                problems.append(f"{report.serial}: 缺少“{action}”记录")
        for notice, label in Feedback.Notice.choices:
            if actions[label] != feedback[(report.pk, notice)]:
                problems.append(
                    f"{report.serial}: {label} 记录 {actions[label]} 条，反馈记录 {feedback[(report.pk, notice)]} 条"
                )
        if not timeline or timeline[0].title not in ("登记", "网上举报提交"):
            problems.append(f"{report.serial}: 第一条记录不是登记")
        previous, stage = None, ""
        for event in timeline:
            where = f"{report.serial}「{event.title}」"
            if event.from_status != stage:
                problems.append(f"{where}: 原阶段“{event.from_status}”≠ 上一条的新阶段“{stage}”")
            stage = event.to_status
            if previous and event.at < previous:
                problems.append(f"{where}: 时间 {event.at} 早于上一条 {previous}")
            previous = max(previous or event.at, event.at)
            if event.at > now:
                problems.append(f"{where}: 时间 {event.at} 晚于现在")
            rule = REPORT_ACTIONS.get(event.title, "unknown")
            if rule == "unknown":
                problems.append(f"{where}: 未知的办理事项")
                continue
            if rule is None:
                if event.actor_id is not None:
                    problems.append(f"{where}: 系统记录却有经手人")
                continue
            if event.actor_id is None:
                problems.append(f"{where}: 没有经手人")
                continue
            if event.actor_name != (event.actor.full_name or event.actor.username):
                problems.append(f"{where}: 经手人姓名“{event.actor_name}”≠ 用户")
            if not event.role:
                problems.append(f"{where}: 未记录经手人身份")
            if rule == "holder":
                ok = grants.works_for(event.actor_id, event.at, report)
            else:
                ok = any(g.role in rule for g in grants.held(event.actor_id, event.at))
            if not ok:
                problems.append(f"{where}: {event.actor_name}当时无权办理此事项")
        if timeline and stage != report.stage:
            problems.append(f"{report.serial}: 最后一条记录的阶段“{stage}”≠ 举报的阶段“{report.stage}”")
    _check(problems)


def test_the_audit_chain_verifies(city):
    result = verify_chain()
    assert result.ok, result.message


# --------------------------------------------------------------------------- texts

_STUTTER = re.compile(r"([\u4e00-\u9fff]{2,})\1")
_PLACEHOLDER = re.compile(r"None|null|lorem|ipsum|\{[a-z_]*\}|TODO|XXX", re.IGNORECASE)


def _texts():
    for clue in Clue.objects.all():
        yield (
            clue.serial,
            [
                clue.summary,
                clue.source_detail,
                clue.close_reason,
                clue.verification_plan,
                clue.verification_report,
                clue.reply_summary,
                clue.due_label,
            ],
        )
    for event in ClueEvent.objects.select_related("clue"):
        yield event.clue.serial, [event.title, event.opinion, event.actor_name, event.role]
    for row in Approval.objects.all():
        yield f"审批{row.pk}", [row.label, row.opinion, row.attestation, str(row.payload.get("reasons", ""))]
    for case in Case.objects.all():
        yield case.serial, [case.investigation_report, case.decision_summary]
    for report in Report.objects.all():
        yield (
            report.serial,
            [
                report.facts,
                report.result,
                report.routing_reason,
                report.occurred_when,
                report.occurred_where,
                report.witnesses,
                report.source,
            ],
        )
    for event in ReportEvent.objects.select_related("report"):
        yield event.report.serial, [event.title, event.opinion, event.actor_name, event.role]
    for person in Person.objects.all():
        yield person.name, [person.name, person.post]


def _texts_have_no_placeholders_or_doubled_words(city) -> list[str]:
    problems = []
    for where, texts in _texts():
        for text in texts:
            if not text:
                continue
            if _PLACEHOLDER.search(text):
                problems.append(f"{where}: “{text[:80]}”含占位文字")
            stutter = _STUTTER.search(text)
            if stutter:
                problems.append(f"{where}: “{text[:80]}”中“{stutter.group(0)}”重复")
    return problems


def test_texts_have_no_placeholders_or_doubled_words(city):
    _check(_texts_have_no_placeholders_or_doubled_words(city))


# --------------------------------------------------------------------------- the checks themselves


def test_the_checks_catch_what_the_services_would_refuse(city):
    """Plant one fault of each kind the services refuse; each check must report it."""
    from paizhu.access.models import RelationDeclaration
    from paizhu.org.models import DispatchGroup

    handled = Clue.objects.filter(status=S.INQUIRY_REPLY, group__isnull=False).prefetch_related("handlers").first()
    handler = handled.handlers.first()
    RelationDeclaration.objects.create(user=handler, kind="former_unit", unit=handled.unit)
    assert any(f"承办人{handler}应当回避" in p for p in _handlers_are_staff_of_the_holder_and_not_conflicted(city))

    elsewhere = DispatchGroup.objects.exclude(pk=handled.group_id).first()
    Clue.objects.filter(pk=handled.pk).update(group=elsewhere, due_on=handled.due_on + datetime.timedelta(days=1))
    assert any(
        "不在" in p and handled.serial in p for p in _groups_handle_only_units_they_covered_on_the_matters_date(city)
    )
    assert any("期限" in p and handled.serial in p for p in _clue_fields_and_deadlines_match_the_state(city))

    from django.contrib.contenttypes.models import ContentType

    step = Approval.objects.filter(  # a clue's: the check reads the clues' chains (other modules' have their own)
        content_type=ContentType.objects.get_for_model(Clue),
        decision=Approval.Decision.APPROVED,
        role=Role.GROUP_LEADER,
    ).first()
    Approval.objects.filter(pk=step.pk).update(decided_by=step.requested_by)
    assert any("审批人即申请人" in p for p in _approval_chains_are_the_rules_and_decided_by_who_may(city))

    event = ClueEvent.objects.order_by("pk").last()
    ClueEvent.objects.filter(pk=event.pk).update(at=city["now"] + datetime.timedelta(hours=1))
    assert any("晚于现在" in p for p in _clue_timelines_are_in_order_and_signed_by_who_held_the_role(city))

    Clue.objects.filter(pk=handled.pk).update(summary="反映生活作风问题问题：None")
    texts = _texts_have_no_placeholders_or_doubled_words(city)
    assert any("“问题问题”重复" in p for p in texts) and any("占位" in p for p in texts)


def test_documents_past_their_step_are_issued_in_the_register_in_order(city):
    """Each matter past a step has the document that step issues, dated that day (workflow.documents.issue);
    each 机关代字's numbers run 1..n per year, in the order of their dates, as a live register would."""
    from paizhu.workflow.models import IssuedDocument

    issued = defaultdict(list)
    for d in IssuedDocument.objects.all():
        issued[(d.content_type.model, d.object_id, d.kind)].append(d)
    problems = []

    def expect(model, pk, kind, day, parts=(0,)):
        rows = issued.get((model, pk, kind), [])
        if sorted(r.part for r in rows) != sorted(parts) or any(r.issued_on != day for r in rows):
            problems.append(f"{model} {pk} {kind}: {[(r.part, r.issued_on) for r in rows]} != {parts} on {day}")

    for clue in Clue.objects.prefetch_related("subjects"):
        if clue.inquiry_on:
            kind = "inquiry" if clue.inquiry_mode == "letter" else "talk_notice"
            expect("clue", clue.pk, kind, clue.inquiry_on, (clue.inquiry_rounds,))
        if clue.status == S.CLOSED and clue.close_reason == "反映问题失实，予以澄清":
            expect("clue", clue.pk, "clarification", clue.concluded_on)
        if clue.verification_report and not issued.get(("clue", clue.pk, "verification_report")):
            problems.append(f"clue {clue.pk}: 初核报告 never issued")
    for case in Case.objects.select_related("clue").prefetch_related("clue__subjects"):
        expect("case", case.pk, "case_filing", case.filed_on)
        if case.submitted_on:
            expect("case", case.pk, "review_report", case.submitted_on)
        if case.decided_on:
            expect("case", case.pk, "penalty_decision", case.decided_on, [p.pk for p in case.clue.subjects.all()])
    series = defaultdict(list)
    for d in IssuedDocument.objects.order_by("sequence"):
        series[(d.prefix, d.year)].append(d)
    for (prefix, year), rows in series.items():
        if [r.sequence for r in rows] != list(range(1, len(rows) + 1)):
            problems.append(f"{prefix}〔{year}〕: numbers not 1..{len(rows)}")
        if [r.issued_on for r in rows] != sorted(r.issued_on for r in rows):
            problems.append(f"{prefix}〔{year}〕: numbers out of date order")
    assert len(series) >= 5, "the demo issues documents of every kind"
    assert problems == [], problems[:SHOWN]


# --- a year as it reads (issue 10, item 9) -------------------------------------------------------------------
# A small minority of the running clues, about 5–10 %: some, so that the warnings have something to show.
OVERDUE_SHARE = (0.02, 0.12)


def _overdue_share(rows) -> tuple[int, int]:
    running = [due for due in rows if due is not None]
    return sum(1 for due in running if due < shanghai_today()), len(running)


def test_overdue_is_a_small_minority_of_the_running_matters(city):
    problems = []
    clues = Clue.objects.exclude(status__in=[S.CLOSED]).values_list("due_on", flat=True)
    late, running = _overdue_share(clues)
    cases = [c.current_due for c in Case.objects.exclude(status=C.CLOSED)]
    case_late, case_running = _overdue_share(cases)
    if not running or not OVERDUE_SHARE[0] <= late / running <= OVERDUE_SHARE[1]:
        problems.append(f"线索逾期 {late}/{running}，应为少数（约 5–10%）")
    if not case_running or case_late / case_running > OVERDUE_SHARE[1]:  # a few cases: none late is plausible
        problems.append(f"案件逾期 {case_late}/{case_running}，应为少数")
    _check(problems)


def test_no_request_is_made_or_decided_after_now(city):
    now = city["now"]
    future = Approval.objects.filter(requested_at__gt=now) | Approval.objects.filter(decided_at__gt=now)
    _check([f"审批 {a.pk}（{a.kind}）申请于 {a.requested_at:%Y-%m-%d %H:%M}，晚于现在" for a in future[:SHOWN]])


def test_no_login_holder_of_a_unit_is_a_subject(city):
    """党组书记 and 联络员 use the platform: a matter about them would show them what is held about them."""
    holders = set(
        Person.objects.filter(user__role_grants__role__in=[Role.PARTY_SECRETARY, Role.LIAISON]).values_list(
            "pk", flat=True
        )
    )
    assert holders, "the demo's unit users are cadres of their units"
    problems = [
        f"{c.serial}: 被反映人 {p.name} 是本单位的平台用户"
        for c in Clue.objects.prefetch_related("subjects")
        for p in c.subjects.all()
        if p.pk in holders
    ]
    problems += [
        f"{r.serial}: 被反映人 {p.name} 是本单位的平台用户"
        for r in Report.objects.prefetch_related("subjects")
        for p in r.subjects.all()
        if p.pk in holders
    ]
    _check(problems)


def test_one_party_secretary_account_per_unit(city):
    """Every module's demo works with the same unit accounts: a unit has one 党组书记 login, whoever's demo needs it."""
    per_unit = Counter(RoleGrant.objects.active().filter(role=Role.PARTY_SECRETARY).values_list("unit_id", flat=True))
    assert per_unit, "the demo's units have their secretaries"
    _check([f"单位 {unit} 有 {n} 个党组书记账号" for unit, n in per_unit.items() if n > 1])


def test_integrity_requests_in_every_state_and_the_clues_entries_in_the_files(city):
    """廉政档案: a request in each state the services reach; the entries the demo wrote open in a file."""
    from django.test import Client

    from paizhu.integrity.models import FILE_RANKS, FileRequest
    from paizhu.org.models import IntegrityRecord
    from tests.fixtures import sign_in

    today = shanghai_today()
    states = Counter(r.state_on(today) for r in FileRequest.objects.all())
    assert set(states) == {"待审批", "已批准", "已过期", "未批准"}, states
    lianluo = User.objects.get(username="lianluo")
    mine = [r for r in FileRequest.objects.filter(requested_by=lianluo) if r.is_open_on(today)]
    assert mine, "lianluo has a summary sheet to read"
    assert sign_in(Client(), lianluo).get(f"/integrity/{mine[0].person_id}/").status_code == 200
    # As the concluding services do: each concluded clue's outcome, each executed case's penalty, in every subject's file.
    entries = set(IntegrityRecord.objects.values_list("person_id", "source_serial", "kind"))
    expected = {
        (person_id, serial, IntegrityRecord.Kind.CLUE_OUTCOME)
        for serial, person_id in Clue.objects.filter(concluded_on__isnull=False, case__isnull=True).values_list(
            "serial", "subjects"
        )
    } | {
        (person_id, serial, IntegrityRecord.Kind.PENALTY)
        for serial, person_id in Case.objects.filter(executed_on__isnull=False).values_list("serial", "clue__subjects")
    }
    assert expected, "the demo concludes clues and executes cases"
    _check([f"{serial} 未记入 {person} 的廉政档案（{kind}）" for person, serial, kind in sorted(expected - entries)])
    entry = IntegrityRecord.objects.filter(person__rank__in=FILE_RANKS, kind=IntegrityRecord.Kind.PENALTY).first()
    assert entry is not None, "a penalty is in a file"
    page = sign_in(Client(), User.objects.get(username="wei")).get(f"/integrity/{entry.person_id}/").content.decode()
    assert entry.source_serial in page


def test_each_group_met_a_major_decision_taken_without_its_filing(city):
    """Issue 12 §5: a 列席会议 finds a 三重一大 decision nobody filed; the finding waits for the group's leader."""
    from paizhu.supervision.models import Finding
    from paizhu.supervision.workflows import FindingStatus

    unfiled = Finding.objects.filter(text__contains="前未按规定向派驻组报备").select_related("activity")
    groups = {f.activity.group_id for f in unfiled if f.status == FindingStatus.PENDING}
    assert len(groups) >= 4, f"groups with an unfiled decision awaiting disposal: {len(groups)}"
