"""The declared state machines of clues and cases (django-fsm-2).

Each transition here only moves the status and sets the fields the step decides (the values come
from the service); `services/` wraps every one of them in a function that checks permission and the
version the user loaded, and writes the timeline and the audit entry (`workflow.transitions`).
A decision that needs approval passes through PROPOSED: the handler's proposal waits there for the
approval chain, and on the last approval the service applies it; a refusal returns the clue to
the state the proposal came from.
"""

from django.db import models
from django_fsm import RETURN_VALUE, FSMField, transition


class ClueStatus(models.TextChoices):
    REGISTERED = "registered", "待分办"
    ASSIGNING = "assigning", "分办审批中"
    ASSIGNED = "assigned", "待提出处置意见"
    PROPOSED = "proposed", "审批中"
    INQUIRY = "inquiry", "谈话函询·待谈话或发函"
    INQUIRY_REPLY = "inquiry_reply", "谈话函询·待书面说明"
    INQUIRY_CONCLUDING = "inquiry_concluding", "谈话函询·待提出了结意见"
    VERIFYING = "verifying", "初步核实中"
    PARKED = "parked", "暂存待查"
    IN_CASE = "in_case", "已立案"
    CLOSED = "closed", "已了结"


class InquiryMode(models.TextChoices):
    TALK = "talk", "谈话"
    LETTER = "letter", "函询"


S = ClueStatus

# States a proposal can come from; a refusal sends the clue back there.
PROPOSAL_SOURCES = (S.ASSIGNED, S.INQUIRY_CONCLUDING, S.VERIFYING)
CLOSED_STATES = frozenset({S.CLOSED, S.IN_CASE})


class ClueWorkflow(models.Model):
    status = FSMField("状态", max_length=24, choices=ClueStatus.choices, default=S.REGISTERED, db_index=True)

    class Meta:
        abstract = True

    @transition(field="status", source=S.REGISTERED, target=S.ASSIGNING)
    def submit_assignment(self):
        """案管 proposes the responsible group or office (分办)."""

    @transition(field="status", source=S.ASSIGNING, target=S.ASSIGNED)
    def approve_assignment(self):
        """The commission leadership approved the assignment."""

    @transition(field="status", source=S.ASSIGNING, target=S.REGISTERED)
    def refuse_assignment(self):
        """The assignment was refused; 案管 proposes again."""

    @transition(field="status", source=S.ASSIGNED, target=S.PROPOSED)
    def propose(self):
        """The handler proposes a disposal method."""

    @transition(field="status", source=S.INQUIRY_CONCLUDING, target=S.PROPOSED)
    def conclude_inquiry(self):
        """The handler proposes how the inquiry ends."""

    @transition(field="status", source=S.VERIFYING, target=S.PROPOSED)
    def report_verification(self):
        """The verification team reports with a proposal."""

    @transition(field="status", source=S.PROPOSED, target=RETURN_VALUE(*PROPOSAL_SOURCES))
    def return_proposal(self, back_to):
        return back_to

    @transition(field="status", source=S.PROPOSED, target=S.INQUIRY)
    def start_inquiry(self):
        """谈话函询 approved (also a repeated inquiry)."""

    @transition(field="status", source=S.PROPOSED, target=S.VERIFYING)
    def start_verification(self):
        """初步核实 approved (also an escalated inquiry)."""

    @transition(field="status", source=S.PROPOSED, target=S.PARKED)
    def park(self):
        """暂存待查 approved."""

    @transition(field="status", source=S.PROPOSED, target=S.CLOSED)
    def close(self):
        """予以了结 approved, or an inquiry or verification concluded."""

    @transition(field="status", source=S.PROPOSED, target=S.IN_CASE)
    def file_case(self):
        """立案 approved: the case takes over."""

    # `due` below: (date, words) of the deadline the step starts.

    @transition(field="status", source=S.INQUIRY, target=S.INQUIRY_REPLY)
    def send_letter(self, on, due):
        """函询: the letter was delivered on `on`; the written explanation is due."""
        self.inquiry_mode, self.inquiry_on = InquiryMode.LETTER, on
        self.due_on, self.due_label = due

    @transition(field="status", source=S.INQUIRY, target=S.INQUIRY_CONCLUDING)
    def hold_talk(self, on, due):
        """谈话: the talk was held on `on`."""
        self.inquiry_mode, self.inquiry_on = InquiryMode.TALK, on
        self.due_on, self.due_label = due

    @transition(field="status", source=S.INQUIRY_REPLY, target=S.INQUIRY_CONCLUDING)
    def receive_reply(self, on, summary: str, direct: bool, countersigned: bool, due):
        """The written explanation arrived on `on`: sent by a main leader directly, or countersigned by one."""
        self.reply_on, self.reply_summary = on, summary
        self.reply_direct, self.reply_countersigned = direct, countersigned and not direct
        self.due_on, self.due_label = due

    @transition(field="status", source=S.PARKED, target=S.ASSIGNED)
    def reopen(self, due):
        """New facts: the parked clue is analysed again."""
        self.due_on, self.due_label = due


class CaseStatus(models.TextChoices):
    INVESTIGATING = "investigating", "审查调查中"
    REVIEW_PENDING = "review_pending", "待审理室受理"
    IN_REVIEW = "in_review", "审理中"
    SUBMITTED = "submitted", "已提请审议"
    DECIDED = "decided", "已作出决定·待宣布"
    ANNOUNCED = "announced", "已宣布·待执行"
    APPEALED = "appealed", "申诉复审中"
    CLOSED = "closed", "已结案"


C = CaseStatus


class CaseWorkflow(models.Model):
    status = FSMField("状态", max_length=24, choices=CaseStatus.choices, default=C.INVESTIGATING, db_index=True)

    class Meta:
        abstract = True

    @transition(field="status", source=C.INVESTIGATING, target=C.INVESTIGATING)
    def extend(self):
        """One extension of the investigation, by approval."""

    @transition(field="status", source=C.INVESTIGATING, target=C.REVIEW_PENDING)
    def transfer_to_review(self):
        """移送审理."""

    @transition(field="status", source=C.REVIEW_PENDING, target=C.IN_REVIEW)
    def accept_review(self):
        """审理室 accepts the file."""

    @transition(field="status", source=C.IN_REVIEW, target=C.IN_REVIEW)
    def record_review_talk(self):
        """审理谈话 with the person under review, recorded."""

    @transition(field="status", source=C.IN_REVIEW, target=C.IN_REVIEW)
    def report_review(self):
        """审理报告 written (or rewritten until the case is submitted)."""

    @transition(field="status", source=C.IN_REVIEW, target=C.INVESTIGATING)
    def return_for_investigation(self):
        """退回补充调查: the facts are not clear enough to decide."""

    @transition(field="status", source=C.IN_REVIEW, target=C.SUBMITTED)
    def submit_to_committee(self):
        """提请常委会审议, on the review report."""

    @transition(field="status", source=C.SUBMITTED, target=C.DECIDED)
    def decide(self):
        """The standing committee's decision is recorded."""

    @transition(field="status", source=C.DECIDED, target=C.ANNOUNCED)
    def announce(self):
        """The decision was announced to the person."""

    @transition(field="status", source=[C.ANNOUNCED, C.CLOSED], target=C.APPEALED)
    def appeal(self):
        """复审 or 复核 requested."""

    @transition(field="status", source=C.APPEALED, target=RETURN_VALUE(C.ANNOUNCED, C.CLOSED))
    def decide_appeal(self, back_to):
        """The appeal was decided; the case returns to where it was."""
        return back_to

    @transition(field="status", source=C.ANNOUNCED, target=C.CLOSED)
    def report_execution(self):
        """Execution of the decision was reported."""
