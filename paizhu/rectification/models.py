"""整改: demands (整改建议) with one item (整改事项) per problem, their plans, reports, 督办 and 回头看.

Workflows are declared in `workflows.py`; every write happens in `services/`.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from paizhu.workflow.models import TimelineEvent

from .workflows import DemandWorkflow, ItemWorkflow


class DemandKind(models.TextChoices):
    DISCIPLINE = "discipline", "纪律检查建议书"  # to the unit's party group (党组/党委)
    SUPERVISORY = "supervisory", "监察建议书"  # to the unit; legally binding
    COMBINED = "combined", "纪检监察建议书"  # both
    OPINION = "opinion", "监督意见书"
    NOTICE = "notice", "工作提示"


# The 建议书 proper (domain.md §5); the other two are lighter.
RECOMMENDATIONS = (DemandKind.DISCIPLINE, DemandKind.SUPERVISORY, DemandKind.COMBINED)


class Rating(models.TextChoices):
    EARLY = "early", "提前完成"
    ON_TIME = "on_time", "按期完成"
    LATE = "late", "逾期完成"
    OVERDUE = "overdue", "逾期未完成"  # never stored: an open item past its deadline (see Item.rating_now)


class Demand(DemandWorkflow):
    serial = models.CharField("编号", max_length=32, unique=True)
    kind = models.CharField("文书种类", max_length=16, choices=DemandKind.choices)
    title = models.CharField("标题", max_length=120)
    unit = models.ForeignKey("org.Unit", verbose_name="整改单位", on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        "org.DispatchGroup", verbose_name="提出建议的派驻组", on_delete=models.PROTECT, related_name="+"
    )
    addressee = models.CharField("主送", max_length=120)
    copies = models.CharField("抄送", max_length=200, blank=True)
    # The source: any matter (a supervision finding, a case ...) by type and id, with the label it had then;
    # or words only (an inspection tour's transfer, 巡视巡察移交).
    source_type = models.ForeignKey(
        ContentType, verbose_name="来源类型", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField("来源编号", null=True, blank=True)
    source_label = models.CharField("问题来源", max_length=200, blank=True)
    source_text = models.TextField("来源说明", blank=True)
    problems = models.TextField("存在的问题")
    causes = models.TextField("问题原因", blank=True)
    measures = models.TextField("整改建议", blank=True)
    reply_workdays = models.PositiveSmallIntegerField("答复期限（工作日）", null=True, blank=True)
    reply_due = models.DateField("答复期限", null=True, blank=True, db_index=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("起草时间", default=timezone.now)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "整改建议"
        verbose_name_plural = "整改建议"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["group", "status"], name="rect_demand_group_idx"),
            models.Index(fields=["unit", "status"], name="rect_demand_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.serial} {self.title}"


class DemandEvent(TimelineEvent):
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="events")


class Item(ItemWorkflow):
    demand = models.ForeignKey(Demand, verbose_name="整改建议", on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField("序号")
    requirement = models.TextField("问题及整改要求")
    due_workdays = models.PositiveSmallIntegerField("整改期限（工作日）", null=True, blank=True)
    due_on = models.DateField("整改期限", null=True, blank=True, db_index=True)
    responsible = models.CharField("责任人", max_length=60, blank=True)
    measures = models.TextField("整改措施", blank=True)
    progress = models.TextField("整改情况", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    returned_reason = models.TextField("退回理由", blank=True)
    returned_count = models.PositiveSmallIntegerField("退回次数", default=0)
    # A plan, for a problem that cannot be fixed at once.
    plan_responsible = models.CharField("牵头责任人", max_length=60, blank=True)
    plan_timetable = models.TextField("时间表", blank=True)
    plan_due = models.DateField("计划完成日期", null=True, blank=True)
    rating = models.CharField("完成情况", max_length=10, choices=Rating.choices, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField("回头看重新整改次数", default=0)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["demand_id", "number"]
        constraints = [models.UniqueConstraint(fields=["demand", "number"], name="rect_item_number_unique")]

    def __str__(self) -> str:
        return f"{self.demand.serial} 第{self.number}项"

    @property
    def timeline_owner(self) -> Demand:
        return self.demand

    @property
    def serial(self) -> str:
        return f"{self.demand.serial}-{self.number}"


class Milestone(models.Model):
    item = models.ForeignKey(Item, verbose_name="整改事项", on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("节点", max_length=120)
    due_on = models.DateField("节点期限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    note = models.CharField("完成情况", max_length=300, blank=True)

    class Meta:
        verbose_name = "整改节点"
        verbose_name_plural = "整改节点"
        ordering = ["item_id", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Report(models.Model):
    """整改报告: the unit's overall reply, signed by its 党组书记 in their own login, sending items to the group."""

    demand = models.ForeignKey(Demand, verbose_name="整改建议", on_delete=models.CASCADE, related_name="reports")
    round = models.PositiveSmallIntegerField("次序")
    summary = models.TextField("整改报告")
    items = models.JSONField("报送事项", default=list)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签发人", on_delete=models.PROTECT, related_name="+"
    )
    signed_name = models.CharField("签发人姓名", max_length=60)
    signed_at = models.DateTimeField("签发时间", default=timezone.now)

    class Meta:
        verbose_name = "整改报告"
        verbose_name_plural = "整改报告"
        ordering = ["demand_id", "round"]
        constraints = [models.UniqueConstraint(fields=["demand", "round"], name="rect_report_round_unique")]

    def __str__(self) -> str:
        return f"{self.demand.serial} 整改报告（第{self.round}次）"


class Press(models.Model):
    """督办 by the commission's 派驻机构管理部门: a note the unit sees."""

    demand = models.ForeignKey(Demand, verbose_name="整改建议", on_delete=models.CASCADE, related_name="presses")
    item = models.ForeignKey(
        Item, verbose_name="整改事项", null=True, blank=True, on_delete=models.CASCADE, related_name="presses"
    )
    note = models.TextField("督办意见")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="督办人", on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField("督办人姓名", max_length=60)
    at = models.DateTimeField("督办时间", default=timezone.now)

    class Meta:
        verbose_name = "督办"
        verbose_name_plural = "督办"
        ordering = ["demand_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.demand.serial} 督办"


class ReturnVisit(models.Model):
    """回头看: scheduled after closing; when done, names the items whose problem recurred."""

    demand = models.ForeignKey(Demand, verbose_name="整改建议", on_delete=models.CASCADE, related_name="visits")
    scheduled_on = models.DateField("计划日期")
    done_on = models.DateField("回头看日期", null=True, blank=True)
    finding = models.TextField("回头看情况", blank=True)
    recurred = models.JSONField("问题反弹的事项", default=list, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="安排人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "回头看"
        verbose_name_plural = "回头看"
        ordering = ["demand_id", "scheduled_on", "id"]

    def __str__(self) -> str:
        return f"{self.demand.serial} 回头看"
