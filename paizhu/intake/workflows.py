"""The declared state machine of a report's handling (django-fsm-2), as the clues' in `clues/workflows.py`.

The state is `stage`, what the reporter is told; `routing` (whether a person has confirmed where the report
goes) is set by the transitions that decide it. Each transition only moves the record; `services` runs it
through `workflow.transitions.transition`, which checks permission and the version the user loaded, and
writes the timeline and the audit entry. A closed, transferred or merged report takes no further step.
"""

from django.db import models
from django_fsm import RETURN_VALUE, FSMField, transition


class ReportStage(models.TextChoices):
    RECEIVED = "received", "已收到，待登记"
    REGISTERED = "registered", "已登记，正在办理"
    ACCEPTED = "accepted", "已受理"
    CLOSED = "closed", "已办结"
    TRANSFERRED = "transferred", "已转有关机关处理"
    DUPLICATE = "duplicate", "已并入此前反映的问题一并办理"


class Routing(models.TextChoices):
    PROPOSED = "proposed", "待确认分办"
    ROUTED = "routed", "已分办"
    TRANSFERRED = "transferred", "已转有关机关"
    DUPLICATE = "duplicate", "重复件"


S = ReportStage
OPEN_STAGES = (S.RECEIVED, S.REGISTERED, S.ACCEPTED)
CLOSED_STAGES = frozenset({S.CLOSED, S.TRANSFERRED, S.DUPLICATE})


class ReportWorkflow(models.Model):
    stage = FSMField("办理阶段", max_length=16, choices=ReportStage.choices, default=S.RECEIVED)
    routing = models.CharField("分办状态", max_length=16, choices=Routing.choices, default=Routing.PROPOSED)

    class Meta:
        abstract = True

    def is_routed(self) -> bool:
        return self.routing == Routing.ROUTED

    @transition(field="stage", source=OPEN_STAGES, target=RETURN_VALUE(S.REGISTERED, S.ACCEPTED))
    def route(self, group, office: str):
        """A person confirms (or changes) who handles the report; an online report is registered by it."""
        holder = (self.group_id, self.office)
        self.group, self.office, self.routing = group, "" if group else office, Routing.ROUTED
        if (self.group_id, self.office) != holder:
            self.handler = None  # the new holder appoints its own handler
        return S.ACCEPTED if self.stage == S.ACCEPTED else S.REGISTERED

    @transition(field="stage", source=S.REGISTERED, target=S.ACCEPTED, conditions=[is_routed])
    def accept(self, on):
        self.accepted_on = on

    @transition(field="stage", source=S.ACCEPTED, target=S.CLOSED)
    def close(self, on, result: str, result_due):
        self.closed_on, self.result, self.result_due = on, result, result_due

    @transition(field="stage", source=OPEN_STAGES, target=S.TRANSFERRED)
    def transfer(self, to_agency: str, on, kind: str):
        """业务范围外: handed to the competent agency."""
        self.routing, self.transferred_to, self.closed_on, self.kind = Routing.TRANSFERRED, to_agency, on, kind

    @transition(field="stage", source=OPEN_STAGES, target=S.DUPLICATE)
    def merge_into(self, original):
        """重复件: handled with the original by its holder, no acceptance notice of its own."""
        self.duplicate_of, self.routing = original, Routing.DUPLICATE
        self.group, self.office = original.group, original.office
        self.acceptance_due = None
