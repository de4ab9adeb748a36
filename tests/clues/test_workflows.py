"""Lifecycles of each disposal method, approvals, deadlines, illegal moves and concurrent edits."""

import datetime

import pytest
from freezegun import freeze_time

from paizhu.access import jurisdiction
from paizhu.audit.models import AuditEntry
from paizhu.clues import services
from paizhu.clues.models import Case, CloseKind, Clue, ClueEvent, Form
from paizhu.clues.workflows import CaseStatus, ClueStatus
from paizhu.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied, StaleEdit
from paizhu.org.models import IntegrityRecord
from paizhu.workflow import services as workflow_services
from paizhu.workflow.models import Approval
from tests.clues.conftest import approve_all, chain_labels, current

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with freeze_time("2026-03-10 10:00:00+08:00"):
        yield


def test_registration_by_case_management_waits_for_assignment_approved_by_leadership(world, make_clue):
    clue = make_clue(assign=False)
    assert clue.serial.startswith("XS-2026-")
    assert clue.status == ClueStatus.REGISTERED
    assert clue.group is None
    # Proposal due 1 month after receipt.
    assert clue.due_on == datetime.date(2026, 4, 2)

    clue = services.propose_assignment(world.users.anguan, clue, version=clue.version, group=world.g4)
    assert clue.status == ClueStatus.ASSIGNING
    assert clue.group is None  # the group sees nothing before the leadership approves
    step = current(clue)
    assert step.role == "commission_leader"

    clue = workflow_services.decide_approval(world.users.wei, step, version=clue.version, approve=True)
    assert clue.status == ClueStatus.ASSIGNED
    assert clue.group == world.g4
    titles = list(clue.events.values_list("title", flat=True))
    assert titles[0] == "登记线索，待分办"
    assert "委领导审批分办：同意，交由第四纪检监察组承办" in titles


def test_refused_assignment_returns_to_case_management(world, make_clue):
    clue = make_clue(assign=False)
    jurisdiction.designate(world.users.wei, clue, group=world.g2, reason="交叉办理")
    clue = services.propose_assignment(world.users.anguan, clue, version=clue.version, group=world.g2)
    with pytest.raises(DomainError, match="不同意时请填写审批意见"):
        workflow_services.decide_approval(world.users.wei, current(clue), version=clue.version, approve=False)
    clue = workflow_services.decide_approval(
        world.users.wei, current(clue), version=clue.version, approve=False, opinion="应由第四组承办"
    )
    assert clue.status == ClueStatus.REGISTERED
    assert clue.group is None
    assert clue.events.last().opinion == "应由第四组承办"


def test_group_registration_is_handled_by_the_group(world):
    clue = services.register_clue(
        world.users.zu4a,
        source_kind="supervision",
        received_on=datetime.date(2026, 3, 9),
        unit=world.fin,
        summary="日常监督中发现违规收受礼品礼金问题。",
    )
    assert clue.status == ClueStatus.ASSIGNED
    assert clue.group == world.g4
    assert list(clue.handlers.all()) == [world.users.zu4a]


def test_group_cannot_register_for_a_unit_outside_its_coverage(world):
    with pytest.raises(DomainError, match="不在您的监督范围"):
        services.register_clue(
            world.users.zu4a,
            source_kind="supervision",
            received_on=datetime.date(2026, 3, 9),
            unit=world.water,
            summary="x",
        )


def test_inquiry_full_lifecycle_with_first_form(world, make_clue):
    u = world.users
    clue = make_clue()
    clue = services.propose_disposal(u.zu4a, clue, version=clue.version, method="inquiry", reasons="问题较轻，宜函询。")
    assert clue.status == ClueStatus.PROPOSED
    assert chain_labels(clue) == ["组长审批"]  # an ordinary cadre: the group leader decides

    clue = approve_all(world, clue)
    assert clue.status == ClueStatus.INQUIRY
    assert clue.method == "inquiry"

    # Delivered the day it was approved: it cannot be earlier (tests/clues/test_field_rules.py).
    clue = services.issue_inquiry(u.zu4a, clue, version=clue.version, mode="letter", on=datetime.date(2026, 3, 10))
    assert clue.status == ClueStatus.INQUIRY_REPLY
    assert clue.due_on == datetime.date(2026, 3, 31)  # 15 working days after delivery

    with pytest.raises(DomainError, match="主要负责人签字"):
        services.record_reply(
            u.zu4a, clue, version=clue.version, received_on=datetime.date(2026, 3, 10), summary="说明"
        )
    clue = services.record_reply(
        u.zu4a, clue, version=clue.version, received_on=datetime.date(2026, 3, 10), summary="已退还", countersigned=True
    )
    assert clue.status == ClueStatus.INQUIRY_CONCLUDING
    assert clue.due_on == datetime.date(2026, 4, 9)  # 30 days after the reply (local default)

    with pytest.raises(DomainError, match="请选择处理措施"):
        services.conclude_inquiry(u.zu4a, clue, version=clue.version, outcome="first_form", opinion="情节轻微")
    clue = services.conclude_inquiry(
        u.zu4a, clue, version=clue.version, outcome="first_form", opinion="情节轻微", measures=["批评教育"]
    )
    clue = approve_all(world, clue)
    assert clue.status == ClueStatus.CLOSED
    assert clue.form == Form.FIRST
    assert clue.measures == ["批评教育"]
    assert clue.close_kind == CloseKind.AFTER_INQUIRY
    assert clue.due_on is None
    assert AuditEntry.objects.filter(action="clue.inquiry_concluded", object_id=str(clue.pk)).exists()
    entry = IntegrityRecord.objects.get(person=world.edu_clerk)
    assert (entry.source_serial, entry.form, entry.measures) == (clue.serial, 1, ["批评教育"])
    assert entry.kind == IntegrityRecord.Kind.CLUE_OUTCOME and "第一种形态" in entry.summary


def test_main_leader_replies_directly_without_countersignature(world, make_clue):
    u = world.users
    clue = make_clue([world.edu_head])
    clue = approve_all(
        world, services.propose_disposal(u.zu4a, clue, version=clue.version, method="inquiry", reasons="函询")
    )
    clue = services.issue_inquiry(u.zu4a, clue, version=clue.version, mode="letter", on=datetime.date(2026, 3, 10))
    clue = services.record_reply(
        u.zu4a, clue, version=clue.version, received_on=datetime.date(2026, 3, 10), summary="说明"
    )
    assert clue.reply_direct is True


def test_talk_goes_straight_to_conclusion_and_clarification_closes(world, make_clue):
    u = world.users
    clue = make_clue()
    clue = approve_all(
        world, services.propose_disposal(u.zu4a, clue, version=clue.version, method="inquiry", reasons="谈话")
    )
    clue = services.issue_inquiry(u.zu4a, clue, version=clue.version, mode="talk", on=datetime.date(2026, 3, 10))
    assert clue.status == ClueStatus.INQUIRY_CONCLUDING
    clue = services.conclude_inquiry(u.zu4a, clue, version=clue.version, outcome="clarify", opinion="反映不实")
    clue = approve_all(world, clue)
    assert clue.status == ClueStatus.CLOSED
    assert clue.form is None
    assert clue.close_reason == "反映问题失实，予以澄清"


def test_leadership_member_needs_commission_approval_and_refusal_returns_it(world, make_clue):
    u = world.users
    clue = make_clue([world.edu_deputy])
    clue = services.propose_disposal(u.zu4a, clue, version=clue.version, method="inquiry", reasons="函询")
    assert chain_labels(clue) == ["组长审核", "分管委领导审批"]
    clue = workflow_services.decide_approval(u.zu4, current(clue), version=clue.version, approve=True, opinion="拟同意")
    assert clue.status == ClueStatus.PROPOSED  # nothing proceeds before the commission approves
    step = current(clue)
    assert step.role == "commission_leader"
    with pytest.raises(PermissionDenied):
        workflow_services.decide_approval(u.zu4, step, version=clue.version, approve=True)
    clue = workflow_services.decide_approval(u.wei, step, version=clue.version, approve=False, opinion="请补充核实材料")
    assert clue.status == ClueStatus.ASSIGNED
    assert current(clue) is None
    assert clue.events.last().opinion == "请补充核实材料"
    # The handler proposes again: a new round of the same chain.
    clue = services.propose_disposal(u.zu4a, clue, version=clue.version, method="inquiry", reasons="已补充")
    assert current(clue).round == 2


def test_proposer_cannot_approve_own_proposal(world, make_clue):
    u = world.users
    clue = make_clue()
    clue = services.assign_handlers(u.zu4, clue, version=clue.version, handlers=[u.zu4])
    clue = services.propose_disposal(u.zu4, clue, version=clue.version, method="inquiry", reasons="函询")
    with pytest.raises(PermissionDenied, match="本人提出"):
        workflow_services.decide_approval(u.zu4, current(clue), version=clue.version, approve=True)


def test_verification_of_same_level_main_leader_needs_committee_head_attested(world, make_clue):
    u = world.users
    clue = make_clue([world.edu_head])
    clue = services.propose_disposal(u.zu4a, clue, version=clue.version, method="verification", reasons="反映具体")
    assert chain_labels(clue) == ["组长审核", "委主要负责人审核", "同级党委主要负责人批准"]
    clue = workflow_services.decide_approval(u.zu4, current(clue), version=clue.version, approve=True)
    clue = workflow_services.decide_approval(u.wei, current(clue), version=clue.version, approve=True)
    with pytest.raises(DomainError, match="已报同级党委书记批准"):
        workflow_services.decide_approval(u.wei, current(clue), version=clue.version, approve=True)
    clue = workflow_services.decide_approval(u.wei, current(clue), version=clue.version, approve=True, attested=True)
    assert clue.status == ClueStatus.VERIFYING
    assert clue.due_on == datetime.date(2026, 5, 10)  # 2 months (local default)


def test_verification_of_deputy_goes_to_commission_head(world, make_clue):
    clue = make_clue([world.edu_deputy])
    clue = services.propose_disposal(world.users.zu4a, clue, version=clue.version, method="verification", reasons="r")
    assert chain_labels(clue) == ["组长审核", "委主要负责人审批"]


def test_escalation_inquiry_to_verification_to_case_and_case_lifecycle(world, make_clue):
    u = world.users
    clue = make_clue()
    clue = approve_all(
        world, services.propose_disposal(u.zu4a, clue, version=clue.version, method="inquiry", reasons="r")
    )
    clue = services.issue_inquiry(u.zu4a, clue, version=clue.version, mode="talk", on=datetime.date(2026, 3, 10))
    clue = services.conclude_inquiry(u.zu4a, clue, version=clue.version, outcome="verification", opinion="说明不清")
    assert chain_labels(clue) == ["组长审核", "分管委领导审批"]
    clue = approve_all(world, clue)
    assert clue.status == ClueStatus.VERIFYING

    with pytest.raises(DomainError, match="先制定初核方案"):
        services.report_verification(u.zu4a, clue, version=clue.version, report="r", proposal="case")
    clue = services.record_verification_plan(
        u.zu4a, clue, version=clue.version, plan="调取账目，约谈财务人员", team=[u.zu4]
    )
    assert set(clue.handlers.all()) == {u.zu4a, u.zu4}
    clue = services.report_verification(
        u.zu4a, clue, version=clue.version, report="违规发放津补贴12万元属实", proposal="case"
    )
    clue = approve_all(world, clue)
    assert clue.status == ClueStatus.IN_CASE
    case = clue.case
    assert case.serial.startswith("AJ-2026-")
    assert case.investigation_due == datetime.date(2026, 6, 8)  # 90 days

    # Extension once, by approval.
    case = services.request_extension(u.zu4a, case, version=case.version, reasons="涉案人员多")
    case = approve_all(world, case)
    assert case.extended and case.investigation_due == datetime.date(2026, 9, 6)
    with pytest.raises(DomainError, match="只能延长一次"):
        services.request_extension(u.zu4a, case, version=case.version, reasons="再延")

    # 审理室 sees the case only once it is sent to review.
    from paizhu import access

    assert not access.scope(u.shenli, Case).exists()
    case = services.transfer_to_review(u.zu4a, case, version=case.version, report="审查调查报告")
    assert access.scope(u.shenli, Case).filter(pk=case.pk).exists()
    with pytest.raises(PermissionDenied):
        services.accept_review(u.zu4a, case, version=case.version)
    case = services.accept_review(u.shenli, case, version=case.version)
    assert case.review_due == datetime.date(2026, 4, 10)
    case = services.report_review(
        u.shenli, case, version=case.version, facts="违规发放津补贴12万元", opinion="建议给予党内警告处分"
    )
    case = services.submit_to_committee(u.shenli, case, version=case.version)
    with pytest.raises(DomainError, match="须给予党纪处分或政务处分"):
        services.decide_case(
            u.shenli, case, version=case.version, decided_on=datetime.date(2026, 3, 10), summary="s", form=2
        )
    case = services.decide_case(
        u.shenli,
        case,
        version=case.version,
        decided_on=datetime.date(2026, 3, 10),
        summary="给予党内警告处分",
        form=2,
        party_penalty="警告",
        gov_penalty="记过",
        penalty_basis="《中国共产党纪律处分条例》第一百零五条",
    )
    assert case.announce_due == datetime.date(2026, 4, 10)
    case = services.announce_decision(u.zu4a, case, version=case.version, announced_on=datetime.date(2026, 3, 10))
    assert case.execution_due == datetime.date(2026, 9, 10)
    case = services.report_execution(
        u.zu4a, case, version=case.version, executed_on=datetime.date(2026, 3, 10), note="已执行"
    )
    assert case.status == CaseStatus.CLOSED
    clue.refresh_from_db()
    assert clue.form == 2 and clue.measures == ["党纪处分：警告", "政务处分：记过"]
    penalty = IntegrityRecord.objects.get(kind=IntegrityRecord.Kind.PENALTY, source_serial=case.serial)
    assert penalty.form == 2 and penalty.measures == ["党纪处分：警告", "政务处分：记过"]
    assert set(clue.subjects.all()) == {penalty.person}

    case = services.appeal(
        u.shenli, case, version=case.version, kind="review", requested_on=datetime.date(2026, 3, 10), reasons="不服"
    )
    assert case.status == CaseStatus.APPEALED and case.appeal_due == datetime.date(2026, 4, 10)
    case = services.decide_appeal(u.shenli, case, version=case.version, result="维持原处分")
    assert case.status == CaseStatus.CLOSED


def test_park_and_reopen(world, make_clue):
    u = world.users
    clue = make_clue()
    with pytest.raises(DomainError, match="复查日期"):
        services.propose_disposal(u.zu4a, clue, version=clue.version, method="park", reasons="暂不具备核查条件")
    clue = services.propose_disposal(
        u.zu4a,
        clue,
        version=clue.version,
        method="park",
        reasons="暂不具备核查条件",
        park_until=datetime.date(2026, 9, 1),
    )
    clue = approve_all(world, clue)
    assert clue.status == ClueStatus.PARKED
    assert clue.due_on == datetime.date(2026, 9, 1)
    clue = services.reopen(u.zu4a, clue, version=clue.version, new_facts="收到新的举报材料")
    assert clue.status == ClueStatus.ASSIGNED
    assert clue.due_on == datetime.date(2026, 4, 10)


def test_direct_close_needs_a_configured_reason(world, make_clue):
    u = world.users
    clue = make_clue()
    with pytest.raises(DomainError, match="了结理由"):
        services.propose_disposal(u.zu4a, clue, version=clue.version, method="close", reasons="r", close_reason="随便")
    clue = services.propose_disposal(
        u.zu4a, clue, version=clue.version, method="close", reasons="r", close_reason="反映问题笼统，不具备可查性"
    )
    clue = approve_all(world, clue)
    assert clue.status == ClueStatus.CLOSED
    assert clue.method == "close" and clue.close_kind == CloseKind.DIRECT


def test_illegal_transition_is_refused_and_changes_nothing(world, make_clue):
    u = world.users
    clue = make_clue()
    events = ClueEvent.objects.count()
    audits = AuditEntry.objects.count()
    with pytest.raises(IllegalTransition, match="当前状态为“待提出处置意见”，不能登记书面说明"):
        services.record_reply(u.zu4a, clue, version=clue.version, received_on=datetime.date(2026, 3, 10), summary="s")
    with pytest.raises(IllegalTransition):
        services.conclude_inquiry(u.zu4a, clue, version=clue.version, outcome="clarify", opinion="o")
    fresh = Clue.objects.get(pk=clue.pk)
    assert (fresh.status, fresh.version) == (ClueStatus.ASSIGNED, clue.version)
    assert ClueEvent.objects.count() == events
    assert AuditEntry.objects.count() == audits
    assert not Approval.objects.filter(object_id=clue.pk, kind="clue.disposal").exists()


def test_concurrent_edit_by_two_handlers_is_detected(world, make_clue):
    u = world.users
    clue = make_clue()
    clue = services.assign_handlers(u.zu4, clue, version=clue.version, handlers=[u.zu4a, u.zu4])
    seen_by_a = Clue.objects.get(pk=clue.pk)
    seen_by_leader = Clue.objects.get(pk=clue.pk)
    services.propose_disposal(u.zu4a, seen_by_a, version=seen_by_a.version, method="inquiry", reasons="函询")
    with pytest.raises(StaleEdit):
        services.propose_disposal(
            u.zu4, seen_by_leader, version=seen_by_leader.version, method="verification", reasons="初核"
        )
    assert Approval.objects.filter(object_id=clue.pk, kind="clue.disposal").count() == 1


def test_only_handlers_or_leader_act(world, make_clue):
    from tests.fixtures import make_user

    other = make_user("zu4b", "group_member", world.g4)
    clue = make_clue()
    with pytest.raises(NotFound):  # a member acts only on the clues they handle
        services.propose_disposal(other, clue, version=clue.version, method="inquiry", reasons="r")


def test_conflicted_handler_is_blocked_and_the_block_is_audited(world, make_clue):
    from paizhu.access.services import declare_relation

    u = world.users
    declare_relation(u.zu4a, "relative", person=world.edu_clerk)
    clue = make_clue(assign=False)
    clue = services.propose_assignment(u.anguan, clue, version=clue.version, group=world.g4)
    clue = workflow_services.decide_approval(u.wei, current(clue), version=clue.version, approve=True)
    with pytest.raises(DomainError, match="回避"):
        services.assign_handlers(u.zu4, clue, version=clue.version, handlers=[u.zu4a])
    assert AuditEntry.objects.filter(action="recusal.blocked", object_id=str(clue.pk)).exists()
    assert not clue.handlers.exists()


def test_deadlines_across_national_day_and_make_up_workday():
    """A letter delivered on Monday 28 September 2026: Oct 1-7 are holidays, Saturday 10 October is a workday."""
    from paizhu.clues import limits

    assert limits.due("inquiry_reply", datetime.date(2026, 9, 28)) == datetime.date(2026, 10, 23)
    # Delivered on the last day before the holiday: the 15th working day is pushed past the whole break.
    assert limits.due("inquiry_reply", datetime.date(2026, 9, 30)) == datetime.date(2026, 10, 27)
    assert limits.due("inquiry_conclusion", datetime.date(2026, 9, 28)) == datetime.date(2026, 10, 28)


def test_limits_are_configurable(settings):
    from paizhu.clues import limits

    settings.PAIZHU_CLUE_LIMITS = {"verification": (10, "workdays", "完成初步核实")}
    assert limits.due("verification", datetime.date(2026, 9, 28)) == datetime.date(2026, 10, 16)
