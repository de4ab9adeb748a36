"""The steps a user can take on a clue or case page: which form, which service, and when the button shows.

A button shows only when the user could take the step now (role, part in the matter, workflow
state); the service checks all of it again on submit.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django_fsm import can_proceed

from paizhu import access
from paizhu.access import jurisdiction
from paizhu.core.roles import Role
from paizhu.workflow import approvals

from . import forms, services
from .workflows import CaseStatus, ClueStatus


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    form: type
    run: Callable
    allowed: Callable
    confirm: str = ""
    icon: str = "pencil-square"
    action: str = "act"  # what the step asks of the user on the matter (access.scope's action)


def _role(user) -> str:
    return user.acting_role


def _handles(state: str):
    def check(user, clue) -> bool:
        return clue.status == state and services.may_handle(user, clue)

    return check


def _may_assign_handlers(user, clue) -> bool:
    grant = user.acting_grant
    if not clue.is_open or clue.status in (ClueStatus.REGISTERED, ClueStatus.ASSIGNING):
        return False
    if not access.may(user, "act", clue):
        return False
    if clue.group_id:
        return grant.role == Role.GROUP_LEADER and grant.group_id == clue.group_id
    return grant.role == Role.CASE_MANAGEMENT


CLUE_STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step(
            "assign",
            "提出分办意见",
            forms.AssignmentForm,
            lambda u, c, d: services.propose_assignment(u, c, **d),
            lambda u, c: (
                _role(u) == Role.CASE_MANAGEMENT and can_proceed(c.submit_assignment) and access.may(u, "act", c)
            ),
            icon="signpost-split",
        ),
        Step(
            "designate",
            "指定管辖",
            forms.DesignationForm,
            lambda u, c, d: jurisdiction.designate(u, c, **d),
            lambda u, c: _role(u) == Role.COMMISSION_LEADER and c.status == ClueStatus.REGISTERED,
            confirm="确定指定该派驻组管辖？此操作将记入审计日志。",
            icon="diagram-3",
            action="view",  # the leader's decision over what they may see, not a handling step
        ),
        Step(
            "handlers",
            "指定承办人",
            forms.HandlersForm,
            lambda u, c, d: services.assign_handlers(u, c, **d),
            _may_assign_handlers,
            icon="person-plus",
        ),
        Step(
            "propose",
            "提出处置意见",
            forms.ProposeForm,
            lambda u, c, d: services.propose_disposal(u, c, **d),
            _handles(ClueStatus.ASSIGNED),
            confirm="提交后将按审批规则报批，审批完成前不能更改。确定提交？",
        ),
        Step(
            "inquiry",
            "登记谈话/函询",
            forms.InquiryForm,
            lambda u, c, d: services.issue_inquiry(u, c, **d),
            _handles(ClueStatus.INQUIRY),
            icon="envelope",
        ),
        Step(
            "reply",
            "登记书面说明",
            forms.ReplyForm,
            lambda u, c, d: services.record_reply(u, c, **d),
            _handles(ClueStatus.INQUIRY_REPLY),
            icon="envelope-open",
        ),
        Step(
            "conclude",
            "提出了结意见",
            forms.ConcludeForm,
            lambda u, c, d: services.conclude_inquiry(u, c, **d),
            _handles(ClueStatus.INQUIRY_CONCLUDING),
            confirm="提交后将按审批规则报批。确定提交？",
            icon="check2-circle",
        ),
        Step(
            "plan",
            "制定初核方案",
            forms.PlanForm,
            lambda u, c, d: services.record_verification_plan(u, c, **d),
            _handles(ClueStatus.VERIFYING),
            icon="clipboard",
        ),
        Step(
            "report",
            "提交初核报告",
            forms.ReportForm,
            lambda u, c, d: services.report_verification(u, c, **d),
            lambda u, c: _handles(ClueStatus.VERIFYING)(u, c) and bool(c.verification_plan),
            confirm="提交后将按审批规则报批。确定提交？",
            icon="file-earmark-check",
        ),
        Step(
            "reopen",
            "重新启用",
            forms.ReopenForm,
            lambda u, c, d: services.reopen(u, c, **d),
            _handles(ClueStatus.PARKED),
            icon="arrow-counterclockwise",
        ),
    ]
}


def _case_handles(state: str):
    def check(user, case) -> bool:
        return case.status == state and services.may_handle(user, case.clue)

    return check


def _review(*states: str):
    def check(user, case) -> bool:
        return _role(user) == Role.CASE_REVIEW and case.status in states and access.may(user, "act", case)

    return check


CASE_STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step(
            "extend",
            "申请延期",
            forms.ExtensionForm,
            lambda u, c, d: services.request_extension(u, c, **d),
            lambda u, c: (
                _case_handles(CaseStatus.INVESTIGATING)(u, c) and not c.extended and approvals.current(c) is None
            ),
            icon="hourglass-split",
        ),
        Step(
            "extend_supervision",
            "申请延长监察处置期限",
            forms.SupervisionExtensionForm,
            lambda u, c, d: services.request_supervision_extension(u, c, **d),
            lambda u, c: (
                c.supervision
                and not c.supervision_extended
                and c.status in services.SUPERVISION_OPEN
                and services.may_handle(u, c.clue)
                and approvals.current(c) is None
            ),
            icon="hourglass-split",
        ),
        Step(
            "transfer",
            "移送审理",
            forms.TransferForm,
            lambda u, c, d: services.transfer_to_review(u, c, **d),
            _case_handles(CaseStatus.INVESTIGATING),
            confirm="移送后由案件审理室审理，审查调查组不能再修改报告。确定移送？",
            icon="send",
        ),
        Step(
            "accept",
            "受理审理",
            forms.AcceptForm,
            lambda u, c, d: services.accept_review(u, c, **d),
            _review(CaseStatus.REVIEW_PENDING),
            confirm="受理后开始计算审理期限。确定受理？",
            icon="inbox",
        ),
        Step(
            "review_talk",
            "登记审理谈话",
            forms.ReviewTalkForm,
            lambda u, c, d: services.record_review_talk(u, c, **d),
            _review(CaseStatus.IN_REVIEW),
            icon="chat-left-text",
        ),
        Step(
            "review_report",
            "提出审理报告",
            forms.ReviewReportForm,
            lambda u, c, d: services.report_review(u, c, **d),
            _review(CaseStatus.IN_REVIEW),
            icon="file-earmark-text",
        ),
        Step(
            "submit",
            "提请常委会审议",
            forms.SubmitForm,
            lambda u, c, d: services.submit_to_committee(u, c, **d),
            lambda u, c: _review(CaseStatus.IN_REVIEW)(u, c) and c.review_reported_on is not None,
            confirm="提请审议后审理报告不能再修改。确定提请市纪委常委会会议审议？",
            icon="people",
        ),
        Step(
            "return",
            "退回补充调查",
            forms.ReturnForm,
            lambda u, c, d: services.return_for_investigation(u, c, **d),
            lambda u, c: _review(CaseStatus.IN_REVIEW)(u, c) and c.returned_count < services.RETURNS_AT_MOST,
            confirm="退回后由审查调查组在1个月内补充调查并重新移送。确定退回？",
            icon="arrow-return-left",
        ),
        Step(
            "decide",
            "登记处分决定",
            forms.DecideCaseForm,
            lambda u, c, d: services.decide_case(u, c, **d),
            _review(CaseStatus.SUBMITTED),
            confirm="处分决定登记后不能修改。确定登记？",
            icon="hammer",
        ),
        Step(
            "announce",
            "登记宣布",
            forms.AnnounceForm,
            lambda u, c, d: services.announce_decision(u, c, **d),
            _case_handles(CaseStatus.DECIDED),
            icon="megaphone",
        ),
        Step(
            "execute",
            "报告执行情况",
            forms.ExecutionForm,
            lambda u, c, d: services.report_execution(u, c, **d),
            _case_handles(CaseStatus.ANNOUNCED),
            confirm="报告后案件办结。确定提交？",
            icon="check2-all",
        ),
        Step(
            "appeal",
            "受理申诉",
            forms.AppealForm,
            lambda u, c, d: services.appeal(u, c, **d),
            _review(CaseStatus.ANNOUNCED, CaseStatus.CLOSED),
            icon="chat-left-quote",
        ),
        Step(
            "appeal_decide",
            "作出申诉决定",
            forms.AppealDecisionForm,
            lambda u, c, d: services.decide_appeal(u, c, **d),
            _review(CaseStatus.APPEALED),
            icon="journal-check",
        ),
    ]
}


def allowed(steps: dict[str, Step], user, obj) -> list[Step]:
    return [s for s in steps.values() if s.allowed(user, obj)]
