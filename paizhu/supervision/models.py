"""日常监督: what a dispatched group did at the units it supervises, day by day, and what it found.

An `Activity` is one record of the supervision log (an inspection, a meeting attended, a talk ...); a
`Finding` is one problem it found, waiting for the group leader to dispose of it. Every write is in
`services/`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from paizhu.workflow.models import TimelineEvent

from .workflows import FindingWorkflow


class Kind(models.TextChoices):
    INSPECTION = "inspection", "监督检查"
    SPECIAL = "special", "专项监督"
    MEETING = "meeting", "列席会议"
    DOCUMENTS = "documents", "调阅资料"
    BRIEFING = "briefing", "听取汇报"
    HEART_TALK = "heart_talk", "谈心谈话"
    INDIVIDUAL_TALK = "individual_talk", "个别谈话"
    PETITION = "petition", "受理来信来访"
    REMINDER_TALK = "reminder_talk", "提醒谈话"
    WARNING_TALK = "warning_talk", "谈话警示"
    CONSULTATION = "consultation", "定期会商"


# 第一种形态: the talks that go into the person's integrity file (廉政档案).
FIRST_FORM_KINDS = frozenset({Kind.REMINDER_TALK, Kind.WARNING_TALK})
# Talks are with named persons: at least one must be picked from the roster.
TALK_KINDS = frozenset({Kind.HEART_TALK, Kind.INDIVIDUAL_TALK}) | FIRST_FORM_KINDS


class LastWord(models.TextChoices):
    """Whether the unit's main leader spoke last (末位表态) on the 三重一大 items of a meeting."""

    YES = "yes", "是，主要负责人末位表态"
    NO = "no", "否，主要负责人未末位表态"
    NOT_APPLICABLE = "na", "未涉及表态"


class Activity(models.Model):
    serial = models.CharField("编号", max_length=20, unique=True)
    group = models.ForeignKey(
        "org.DispatchGroup", verbose_name="派驻组", on_delete=models.PROTECT, related_name="supervision_activities"
    )
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    held_on = models.DateField("日期")
    unit = models.ForeignKey(
        "org.Unit", verbose_name="主要单位", on_delete=models.PROTECT, related_name="supervision_activities"
    )
    units = models.ManyToManyField("org.Unit", verbose_name="涉及单位", related_name="+")
    persons = models.ManyToManyField("org.Person", verbose_name="涉及人员", blank=True, related_name="+")
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="参加人员", blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField("地点", max_length=100, blank=True)
    topic = models.CharField("主题", max_length=200, blank=True)
    meeting = models.CharField("会议名称", max_length=200, blank=True)
    major_items = models.TextField("研究的“三重一大”事项", blank=True)
    last_word = models.CharField("主要负责人末位表态", max_length=4, choices=LastWord.choices, blank=True)
    opinion = models.TextField("监督意见", blank=True)
    materials = models.TextField("调阅资料", blank=True)
    report = models.ForeignKey(
        "intake.Report", verbose_name="关联信访举报", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField("主要内容")
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "日常监督记录"
        verbose_name_plural = "日常监督记录"
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["group", "held_on"], name="supervision_group_day"),
            models.Index(fields=["unit", "held_on"], name="supervision_unit_day"),
            models.Index(fields=["kind", "held_on"], name="supervision_kind_day"),
        ]

    def __str__(self) -> str:
        return f"{self.serial} {self.get_kind_display()}"

    @property
    def is_first_form(self) -> bool:
        return self.kind in FIRST_FORM_KINDS

    @property
    def pending_count(self) -> int:
        """Findings awaiting disposal (from the page's prefetch)."""
        return sum(1 for f in self.findings.all() if f.status == "pending")

    @property
    def headline(self) -> str:
        """The line a list shows: the topic, the meeting, or the start of the content."""
        return self.topic or self.meeting or self.content[:40]


class ActivityEvent(TimelineEvent):
    activity = models.ForeignKey(Activity, verbose_name="监督记录", on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = "日常监督记录流转"
        verbose_name_plural = "日常监督记录流转"


class Finding(FindingWorkflow):
    """One problem found (问题发现) by an activity, disposed by the group leader."""

    activity = models.ForeignKey(Activity, verbose_name="监督记录", on_delete=models.CASCADE, related_name="findings")
    text = models.TextField("发现的问题")
    clue = models.ForeignKey(
        "clues.Clue", verbose_name="问题线索", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    talk = models.ForeignKey(
        Activity, verbose_name="谈话记录", null=True, blank=True, on_delete=models.PROTECT, related_name="answered"
    )
    demand = models.ForeignKey(
        "rectification.Demand",
        verbose_name="整改建议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField("不予处理理由", blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处置人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    disposed_on = models.DateField("处置日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "问题发现"
        verbose_name_plural = "问题发现"
        ordering = ["activity_id", "id"]
        indexes = [models.Index(fields=["status", "activity"], name="supervision_finding_status")]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def timeline_owner(self) -> Activity:
        return self.activity
