"""The declared state machines of rectification demands and their items (django-fsm-2).

A demand (整改建议) is drafted by the group, approved by its leader (and the commission where a rule says so),
issued with a 文号, and closed once every item has been verified. An item (整改事项) is answered by the unit
(or given a plan when it cannot be fixed at once), reported to the group with the secretary's signed 整改报告,
then verified: accepted (销号) or sent back with the reason. A 回头看 after closing reopens an item whose
problem recurred. Each transition only moves the status and sets what the step decides; `services/` wraps
each in a function that checks, audits and writes the timeline.
"""

from django.db import models
from django_fsm import FSMField, transition


class DemandStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVING = "approving", "审批中"
    ISSUED = "issued", "整改中"
    CLOSED = "closed", "已办结"


class ItemStatus(models.TextChoices):
    OPEN = "open", "待整改"
    PLANNED = "planned", "限期整改中"
    ANSWERED = "answered", "已答复·待报送"
    SUBMITTED = "submitted", "待验收"
    RETURNED = "returned", "退回重改"
    CLOSED = "closed", "已销号"


D, S = DemandStatus, ItemStatus

# What the unit sees: a demand once issued, never a draft or one still in approval.
UNIT_VISIBLE = (D.ISSUED, D.CLOSED)
# Items the unit still has to work on (answer or finish a plan).
UNIT_TODO = (S.OPEN, S.RETURNED, S.PLANNED, S.ANSWERED)
NOT_CLOSED = (S.OPEN, S.PLANNED, S.ANSWERED, S.SUBMITTED, S.RETURNED)


class DemandWorkflow(models.Model):
    status = FSMField("状态", max_length=16, choices=DemandStatus.choices, default=D.DRAFT, db_index=True)

    class Meta:
        abstract = True

    @transition(field="status", source=D.DRAFT, target=D.DRAFT)
    def edit(self):
        """The drafter changes the draft."""

    @transition(field="status", source=D.DRAFT, target=D.APPROVING)
    def submit(self):
        """Sent to the group leader (and the commission, where a rule says so) for approval."""

    @transition(field="status", source=D.APPROVING, target=D.ISSUED)
    def issue(self):
        """Approved: issued with its 文号; the unit sees it from now on."""

    @transition(field="status", source=D.APPROVING, target=D.DRAFT)
    def refuse(self):
        """Refused: back to the drafter."""

    @transition(field="status", source=D.ISSUED, target=D.ISSUED)
    def report(self):
        """The unit's 整改报告, signed by its 党组书记, reaches the group."""

    @transition(field="status", source=D.ISSUED, target=D.ISSUED)
    def follow_up(self):
        """A step on the open demand that leaves it open (verification of an item, 督办)."""

    @transition(field="status", source=D.ISSUED, target=D.CLOSED)
    def close(self):
        """Every item verified: the demand is closed (the service checks the items)."""

    @transition(field="status", source=D.CLOSED, target=D.CLOSED)
    def schedule_visit(self):
        """A 回头看 scheduled (or recorded with nothing recurred)."""

    @transition(field="status", source=D.CLOSED, target=D.ISSUED)
    def reopen(self):
        """A 回头看 found a problem recurred: the demand is open again."""


class ItemWorkflow(models.Model):
    status = FSMField("状态", max_length=16, choices=ItemStatus.choices, default=S.OPEN, db_index=True)

    class Meta:
        abstract = True

    @transition(field="status", source=[S.OPEN, S.RETURNED, S.PLANNED, S.ANSWERED], target=S.ANSWERED)
    def answer(self):
        """The unit answers: what it did, with its evidence (again, until it is reported)."""

    @transition(field="status", source=[S.OPEN, S.RETURNED, S.PLANNED], target=S.PLANNED)
    def plan(self):
        """Not fixable at once: a plan with a responsible person, a timetable and milestones."""

    @transition(field="status", source=S.PLANNED, target=S.PLANNED)
    def advance(self):
        """A milestone of the plan reached."""

    @transition(field="status", source=S.ANSWERED, target=S.SUBMITTED)
    def submit(self):
        """Sent to the group in the unit's signed 整改报告."""

    @transition(field="status", source=S.SUBMITTED, target=S.CLOSED)
    def accept(self):
        """Verified by the group (验收): cleared (销号)."""

    @transition(field="status", source=S.SUBMITTED, target=S.RETURNED)
    def send_back(self):
        """Not good enough: back to the unit with the reason."""

    @transition(field="status", source=S.CLOSED, target=S.OPEN)
    def reopen(self):
        """A 回头看 found the problem recurred."""
