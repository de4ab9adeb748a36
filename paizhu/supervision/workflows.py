"""The state of a finding (问题发现): raised on an activity, then disposed once by the group leader."""

from django.db import models
from django_fsm import FSMField
from django_fsm import transition as declared


class FindingStatus(models.TextChoices):
    PENDING = "pending", "待组长处置"
    CLUE = "clue", "已登记为问题线索"
    TALK = "talk", "已提醒谈话或谈话警示"
    RECTIFICATION = "rectification", "已提出整改要求"
    DROPPED = "dropped", "不予处理"


DISPOSED = frozenset({FindingStatus.CLUE, FindingStatus.TALK, FindingStatus.RECTIFICATION, FindingStatus.DROPPED})


class FindingWorkflow(models.Model):
    status = FSMField("处置状态", max_length=16, choices=FindingStatus.choices, default=FindingStatus.PENDING)

    class Meta:
        abstract = True

    @declared(field="status", source=FindingStatus.PENDING, target=FindingStatus.CLUE)
    def register_as_clue(self, clue) -> None:
        self.clue = clue

    @declared(field="status", source=FindingStatus.PENDING, target=FindingStatus.TALK)
    def answer_with_talk(self, talk) -> None:
        self.talk = talk

    @declared(field="status", source=FindingStatus.PENDING, target=FindingStatus.RECTIFICATION)
    def demand_rectification(self, demand) -> None:
        self.demand = demand

    @declared(field="status", source=FindingStatus.PENDING, target=FindingStatus.DROPPED)
    def drop(self, reason: str) -> None:
        self.reason = reason
