"""The steps a user can take on a clue or case page: which form, which service, and when the button shows.

A button shows only when the user could take the step now (role, part in the matter, workflow
state); the service checks all of it again on submit.
"""

from django_fsm import can_proceed

from paizhu import access
from paizhu.access import jurisdiction
from paizhu.core.roles import Role
from paizhu.workflow import approvals
from paizhu.workflow.steps import FormStep, declare

from . import forms, services
from .workflows import CaseStatus, ClueStatus


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


CLUE_STEPS: dict[str, FormStep] = declare(
    FormStep(
        name="assign",
        label="提出分办意见",
        form=forms.AssignmentForm,
        run=lambda u, c, d: services.propose_assignment(u, c, **d),
        allowed=lambda u, c: (
            _role(u) == Role.CASE_MANAGEMENT and can_proceed(c.submit_assignment) and access.may(u, "act", c)
        ),
        icon="signpost-split",
    ),
    FormStep(
        name="designate",
        label="指定管辖",
        form=forms.DesignationForm,
        run=lambda u, c, d: jurisdiction.designate(u, c, **d),
        allowed=lambda u, c: _role(u) == Role.COMMISSION_LEADER and c.status == ClueStatus.REGISTERED,
        confirm="确定指定该派驻组管辖？此操作将记入审计日志。",
        icon="diagram-3",
        action="view",  # the leader's decision over what they may see, not a handling step
    ),
    FormStep(
        name="handlers",
        label="指定承办人",
        form=forms.HandlersForm,
        run=lambda u, c, d: services.assign_handlers(u, c, **d),
        allowed=_may_assign_handlers,
        icon="person-plus",
    ),
    FormStep(
        name="propose",
        label="提出处置意见",
        form=forms.ProposeForm,
        run=lambda u, c, d: services.propose_disposal(u, c, **d),
        allowed=_handles(ClueStatus.ASSIGNED),
        confirm="提交后将按审批规则报批，审批完成前不能更改。确定提交？",
    ),
    FormStep(
        name="inquiry",
        label="登记谈话/函询",
        form=forms.InquiryForm,
        run=lambda u, c, d: services.issue_inquiry(u, c, **d),
        allowed=_handles(ClueStatus.INQUIRY),
        icon="envelope",
    ),
    FormStep(
        name="reply",
        label="登记书面说明",
        form=forms.ReplyForm,
        run=lambda u, c, d: services.record_reply(u, c, **d),
        allowed=_handles(ClueStatus.INQUIRY_REPLY),
        icon="envelope-open",
    ),
    FormStep(
        name="conclude",
        label="提出了结意见",
        form=forms.ConcludeForm,
        run=lambda u, c, d: services.conclude_inquiry(u, c, **d),
        allowed=_handles(ClueStatus.INQUIRY_CONCLUDING),
        confirm="提交后将按审批规则报批。确定提交？",
        icon="check2-circle",
    ),
    FormStep(
        name="plan",
        label="制定初核方案",
        form=forms.PlanForm,
        run=lambda u, c, d: services.record_verification_plan(u, c, **d),
        allowed=_handles(ClueStatus.VERIFYING),
        icon="clipboard",
    ),
    FormStep(
        name="report",
        label="提交初核报告",
        form=forms.ReportForm,
        run=lambda u, c, d: services.report_verification(u, c, **d),
        allowed=lambda u, c: _handles(ClueStatus.VERIFYING)(u, c) and bool(c.verification_plan),
        confirm="提交后将按审批规则报批。确定提交？",
        icon="file-earmark-check",
    ),
    FormStep(
        name="reopen",
        label="重新启用",
        form=forms.ReopenForm,
        run=lambda u, c, d: services.reopen(u, c, **d),
        allowed=_handles(ClueStatus.PARKED),
        icon="arrow-counterclockwise",
    ),
)


def _case_handles(state: str):
    def check(user, case) -> bool:
        return case.status == state and services.may_handle(user, case.clue)

    return check


def _review(*states: str):
    def check(user, case) -> bool:
        return _role(user) == Role.CASE_REVIEW and case.status in states and access.may(user, "act", case)

    return check


CASE_STEPS: dict[str, FormStep] = declare(
    FormStep(
        name="extend",
        label="申请延期",
        form=forms.ExtensionForm,
        run=lambda u, c, d: services.request_extension(u, c, **d),
        allowed=lambda u, c: (
            _case_handles(CaseStatus.INVESTIGATING)(u, c) and not c.extended and approvals.current(c) is None
        ),
        icon="hourglass-split",
    ),
    FormStep(
        name="extend_supervision",
        label="申请延长监察处置期限",
        form=forms.SupervisionExtensionForm,
        run=lambda u, c, d: services.request_supervision_extension(u, c, **d),
        allowed=lambda u, c: (
            c.supervision
            and not c.supervision_extended
            and c.status in services.SUPERVISION_OPEN
            and services.may_handle(u, c.clue)
            and approvals.current(c) is None
        ),
        icon="hourglass-split",
    ),
    FormStep(
        name="transfer",
        label="移送审理",
        form=forms.TransferForm,
        run=lambda u, c, d: services.transfer_to_review(u, c, **d),
        allowed=_case_handles(CaseStatus.INVESTIGATING),
        confirm="移送后由案件审理室审理，审查调查组不能再修改报告。确定移送？",
        icon="send",
    ),
    FormStep(
        name="accept",
        label="受理审理",
        form=forms.AcceptForm,
        run=lambda u, c, d: services.accept_review(u, c, **d),
        allowed=_review(CaseStatus.REVIEW_PENDING),
        confirm="受理后开始计算审理期限。确定受理？",
        icon="inbox",
    ),
    FormStep(
        name="review_talk",
        label="登记审理谈话",
        form=forms.ReviewTalkForm,
        run=lambda u, c, d: services.record_review_talk(u, c, **d),
        allowed=_review(CaseStatus.IN_REVIEW),
        icon="chat-left-text",
    ),
    FormStep(
        name="review_report",
        label="提出审理报告",
        form=forms.ReviewReportForm,
        run=lambda u, c, d: services.report_review(u, c, **d),
        allowed=_review(CaseStatus.IN_REVIEW),
        icon="file-earmark-text",
    ),
    FormStep(
        name="submit",
        label="提请常委会审议",
        form=forms.SubmitForm,
        run=lambda u, c, d: services.submit_to_committee(u, c, **d),
        allowed=lambda u, c: _review(CaseStatus.IN_REVIEW)(u, c) and c.review_reported_on is not None,
        confirm="提请审议后审理报告不能再修改。确定提请市纪委常委会会议审议？",
        icon="people",
    ),
    FormStep(
        name="return",
        label="退回补充调查",
        form=forms.ReturnForm,
        run=lambda u, c, d: services.return_for_investigation(u, c, **d),
        allowed=lambda u, c: _review(CaseStatus.IN_REVIEW)(u, c) and c.returned_count < services.RETURNS_AT_MOST,
        confirm="退回后由审查调查组在1个月内补充调查并重新移送。确定退回？",
        icon="arrow-return-left",
    ),
    FormStep(
        name="decide",
        label="登记处分决定",
        form=forms.DecideCaseForm,
        run=lambda u, c, d: services.decide_case(u, c, **d),
        allowed=_review(CaseStatus.SUBMITTED),
        confirm="处分决定登记后不能修改。确定登记？",
        icon="hammer",
    ),
    FormStep(
        name="announce",
        label="登记宣布",
        form=forms.AnnounceForm,
        run=lambda u, c, d: services.announce_decision(u, c, **d),
        allowed=_case_handles(CaseStatus.DECIDED),
        icon="megaphone",
    ),
    FormStep(
        name="execute",
        label="报告执行情况",
        form=forms.ExecutionForm,
        run=lambda u, c, d: services.report_execution(u, c, **d),
        allowed=_case_handles(CaseStatus.ANNOUNCED),
        confirm="报告后案件办结。确定提交？",
        icon="check2-all",
    ),
    FormStep(
        name="appeal",
        label="受理申诉",
        form=forms.AppealForm,
        run=lambda u, c, d: services.appeal(u, c, **d),
        allowed=_review(CaseStatus.ANNOUNCED, CaseStatus.CLOSED),
        icon="chat-left-quote",
    ),
    FormStep(
        name="appeal_decide",
        label="作出申诉决定",
        form=forms.AppealDecisionForm,
        run=lambda u, c, d: services.decide_appeal(u, c, **d),
        allowed=_review(CaseStatus.APPEALED),
        icon="journal-check",
    ),
)
