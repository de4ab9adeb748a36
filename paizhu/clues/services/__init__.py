"""Every write on clues and cases, one module per workflow. Each public function takes the acting user
first, checks the user's scope through `paizhu.access` and their part in the matter, checks the version
the user loaded (optimistic locking), moves the declared workflow, writes the timeline row and the audit
entry — all in one transaction (`workflow.transitions`). Illegal moves raise `IllegalTransition` and
change nothing.

Callers use the package: `from paizhu.clues import services; services.propose_disposal(...)`.
`register_clue` is also the entry point of other modules (intake converts a report into a clue).
What an approved or refused request does is in `clues/approvals.py`, registered with the kernel.
"""

from ._common import ASSIGNMENT, DISPOSAL, EXTENSION, may_handle
from .assignment import assign_handlers, propose_assignment
from .cases import (
    SUPERVISION_OPEN,
    accept_review,
    announce_decision,
    appeal,
    decide_appeal,
    decide_case,
    report_execution,
    request_extension,
    request_supervision_extension,
    transfer_to_review,
)
from .configuration import close_reasons, save_close_reason
from .disposal import propose_disposal, reopen
from .inquiry import INQUIRY_OUTCOMES, conclude_inquiry, issue_inquiry, record_reply
from .registration import REGISTRAR_ROLES, register_clue
from .reminders import due_reminders
from .review import RETURNS_AT_MOST, record_review_talk, report_review, return_for_investigation, submit_to_committee
from .screening import SCREENING_ROLES, record_screening, screenable_clues
from .verification import VERIFICATION_PROPOSALS, record_verification_plan, report_verification

__all__ = [
    "ASSIGNMENT",
    "DISPOSAL",
    "EXTENSION",
    "INQUIRY_OUTCOMES",
    "REGISTRAR_ROLES",
    "RETURNS_AT_MOST",
    "SCREENING_ROLES",
    "SUPERVISION_OPEN",
    "VERIFICATION_PROPOSALS",
    "accept_review",
    "announce_decision",
    "appeal",
    "assign_handlers",
    "close_reasons",
    "conclude_inquiry",
    "decide_appeal",
    "decide_case",
    "due_reminders",
    "issue_inquiry",
    "may_handle",
    "propose_assignment",
    "propose_disposal",
    "record_reply",
    "record_review_talk",
    "record_screening",
    "record_verification_plan",
    "register_clue",
    "reopen",
    "report_execution",
    "report_review",
    "report_verification",
    "request_extension",
    "request_supervision_extension",
    "return_for_investigation",
    "save_close_reason",
    "screenable_clues",
    "submit_to_committee",
    "transfer_to_review",
]
