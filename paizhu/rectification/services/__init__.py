"""Every write of rectification: demands, items, reports, verification, 督办 and 回头看 (docs/rectification.md).

Each takes the acting user first, reaches the record through `access` (act, answer or press), changes it in
one transaction through a declared transition, and writes the timeline and the audit entry.
"""

from .demands import (
    DRAFTER_ROLES,
    ItemInput,
    close_demand,
    default_addressee,
    document_name,
    draft_demand,
    issue_day_facts,
    record_return_visit,
    schedule_return_visit,
    submit_demand,
    update_draft,
)
from .escalation import due_reminders, escalation_day, milestone_reminders, press
from .items import (
    answer_item,
    complete_milestone,
    item_rating,
    plan_item,
    rating_for,
    submit_report,
    verify_item,
)

__all__ = [
    "DRAFTER_ROLES",
    "ItemInput",
    "answer_item",
    "close_demand",
    "complete_milestone",
    "default_addressee",
    "document_name",
    "issue_day_facts",
    "draft_demand",
    "due_reminders",
    "milestone_reminders",
    "escalation_day",
    "item_rating",
    "plan_item",
    "press",
    "rating_for",
    "record_return_visit",
    "schedule_return_visit",
    "submit_demand",
    "submit_report",
    "update_draft",
    "verify_item",
]
