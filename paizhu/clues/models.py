"""问题线索 and cases: the ledger, its timeline, and the configurable lists behind them (approvals: `workflow`).

Workflows (the status fields and their transitions) are declared in `workflows.py`; every write
happens in `services/`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from paizhu.core.choices import Discipline
from paizhu.workflow.models import TimelineEvent

from .workflows import CaseWorkflow, ClueStatus, ClueWorkflow, InquiryMode


class Source(models.TextChoices):
    PETITION = "petition", "信访举报"
    SUPERVISION = "supervision", "监督检查"
    INSPECTION = "inspection", "巡视巡察移交"
    AUDIT = "audit", "审计移交"
    AGENCY = "agency", "其他机关移交"
    SUPERIOR = "superior", "上级交办"
    OTHER = "other", "其他"


class Method(models.TextChoices):
    INQUIRY = "inquiry", "谈话函询"
    VERIFICATION = "verification", "初步核实"
    PARK = "park", "暂存待查"
    CLOSE = "close", "予以了结"
    CASE = "case", "立案审查调查"


class Action(models.TextChoices):
    """What a proposal asks for; applied when its approval chain ends in approval."""

    INQUIRY = "inquiry", "谈话函询"
    VERIFICATION = "verification", "初步核实"
    PARK = "park", "暂存待查"
    CLOSE = "close", "予以了结"
    CASE = "case", "立案审查调查"
    CLARIFY = "clarify", "了结澄清"
    FIRST_FORM = "first_form", "予以了结并作第一种形态处理"
    REINQUIRE = "reinquire", "再次谈话函询"
    LIGHT = "light", "从轻处理"


class CloseKind(models.TextChoices):
    DIRECT = "direct", "直接了结"
    AFTER_INQUIRY = "after_inquiry", "谈话函询后了结"
    AFTER_VERIFICATION = "after_verification", "初步核实后了结"


class Form(models.IntegerChoices):
    FIRST = 1, "第一种形态"
    SECOND = 2, "第二种形态"
    THIRD = 3, "第三种形态"
    FOURTH = 4, "第四种形态"


FIRST_FORM_MEASURES = ("谈话提醒", "批评教育", "责令检查", "诫勉")
PARTY_PENALTIES = ("警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍")
GOV_PENALTIES = ("警告", "记过", "记大过", "降级", "撤职", "开除")
# 重处分: 党纪重处分 and 重大职务调整 (the third form); the lighter ones are the second form's.
HEAVY_PARTY_PENALTIES = ("撤销党内职务", "留党察看", "开除党籍")
HEAVY_GOV_PENALTIES = ("降级", "撤职", "开除")


class Clue(ClueWorkflow):
    serial = models.CharField("线索编号", max_length=32, unique=True)
    source_kind = models.CharField("线索来源", max_length=16, choices=Source.choices)
    source_detail = models.CharField("来源说明", max_length=200, blank=True)
    source_ref = models.CharField("关联编号", max_length=64, blank=True, help_text="如信访件编号")
    received_on = models.DateField("受理日期")
    unit = models.ForeignKey("org.Unit", verbose_name="涉及单位", on_delete=models.PROTECT, related_name="+")
    subjects = models.ManyToManyField("org.Person", verbose_name="被反映人", blank=True, related_name="+")
    categories = models.JSONField("反映问题类别", default=list, blank=True)
    summary = models.TextField("主要问题")
    group = models.ForeignKey(
        "org.DispatchGroup",
        verbose_name="承办派驻组",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    office = models.CharField("承办部门", max_length=60, blank=True, help_text="由委机关部门承办时填写")
    handlers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="承办人", blank=True, related_name="+")
    method = models.CharField("处置方式", max_length=16, choices=Method.choices, blank=True)
    due_on = models.DateField("当前期限", null=True, blank=True, db_index=True)
    due_label = models.CharField("期限事项", max_length=40, blank=True)
    # 谈话函询
    inquiry_mode = models.CharField("谈话函询方式", max_length=8, choices=InquiryMode.choices, blank=True)
    inquiry_on = models.DateField("谈话日期/函件送达日期", null=True, blank=True)
    reply_on = models.DateField("书面说明收到日期", null=True, blank=True)
    reply_countersigned = models.BooleanField("经主要负责人签字", default=False)
    reply_direct = models.BooleanField("直接报送纪委监委", default=False)
    reply_summary = models.TextField("说明情况摘要", blank=True)
    inquiry_rounds = models.PositiveSmallIntegerField("谈话函询次数", default=0)
    # 初步核实
    verification_plan = models.TextField("初核方案", blank=True)
    verification_report = models.TextField("初核情况报告", blank=True)
    # 暂存待查
    park_until = models.DateField("复查日期", null=True, blank=True)
    # conclusion
    close_kind = models.CharField("了结类型", max_length=20, choices=CloseKind.choices, blank=True)
    close_reason = models.CharField("了结理由", max_length=200, blank=True)
    form = models.PositiveSmallIntegerField("四种形态", choices=Form.choices, null=True, blank=True)
    measures = models.JSONField("处理措施", default=list, blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "问题线索"
        verbose_name_plural = "问题线索"
        ordering = ["-received_on", "-id"]
        # The scope resolves a group's coverage first and filters on these columns (access.matters).
        indexes = [
            # With the id: the group leader's to-do finds the group's clues awaiting a handler from the index
            # and the handlers table alone (queries.my_work).
            models.Index(fields=["group", "status", "id"], name="clues_clue_group_status_idx"),
            models.Index(fields=["received_on"]),
            models.Index(fields=["group", "-received_on"], name="clues_clue_group_day_idx"),
            models.Index(fields=["unit", "-received_on"], name="clues_clue_unit_day_idx"),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def is_open(self) -> bool:
        return self.status not in (ClueStatus.CLOSED, ClueStatus.IN_CASE)

    @property
    def is_closed(self) -> bool:
        return not self.is_open

    def category_labels(self) -> list[str]:
        return [Discipline(c).label for c in self.categories if c in Discipline.values]

    def handled_by(self) -> str:
        return str(self.group) if self.group_id else (self.office or "委机关")


class ClueEvent(TimelineEvent):
    """One row of the timeline: every hand-over, proposal, approval and step, signed by who did it."""

    clue = models.ForeignKey(Clue, verbose_name="线索", on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = "线索流转记录"
        verbose_name_plural = "线索流转记录"

    def __str__(self) -> str:
        return f"{self.clue_id} {self.title}"


class ScreeningMeeting(models.Model):
    """集体排查: a meeting that analysed a set of clues together and endorsed a proposal for each.

    Held by a group (its leader records it) or by the commission (案管 records it, `group` empty).
    """

    held_on = models.DateField("会议日期")
    group = models.ForeignKey(
        "org.DispatchGroup",
        verbose_name="召开派驻组",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="委机关召开的为空",
    )
    chaired_by = models.CharField("主持人", max_length=60)
    attendees = models.TextField("参会人员")
    notes = models.TextField("会议情况", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "集体排查会议"
        verbose_name_plural = "集体排查会议"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} 集体排查"

    def held_by(self) -> str:
        return str(self.group) if self.group_id else "委机关"


class ScreeningItem(models.Model):
    """One clue discussed at a screening meeting and the disposal the meeting endorsed for it."""

    meeting = models.ForeignKey(
        ScreeningMeeting, verbose_name="集体排查会议", on_delete=models.CASCADE, related_name="items"
    )
    clue = models.ForeignKey(Clue, verbose_name="线索", on_delete=models.PROTECT, related_name="screenings")
    decision = models.CharField("排查意见", max_length=16, choices=Method.choices)
    opinion = models.TextField("意见说明", blank=True)

    class Meta:
        verbose_name = "集体排查线索"
        verbose_name_plural = "集体排查线索"
        ordering = ["meeting", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "clue"], name="clues_screening_item_once")]

    def __str__(self) -> str:
        return f"{self.meeting} {self.clue_id}"


class Case(CaseWorkflow):
    """立案审查调查 of one clue; the case review office (审理室) sees it once it is sent to review."""

    clue = models.OneToOneField(Clue, verbose_name="线索", on_delete=models.PROTECT, related_name="case")
    serial = models.CharField("案件编号", max_length=32, unique=True)
    filed_on = models.DateField("立案日期")
    investigation_due = models.DateField("审查调查期限")
    extended = models.BooleanField("已延长", default=False)
    # 监察: the subject is a public official under state supervision and the case is filed as such.
    supervision = models.BooleanField("监察案件", default=False)
    supervision_due = models.DateField("监察处置期限", null=True, blank=True)
    supervision_extended = models.BooleanField("监察处置期限已延长", default=False)
    investigation_report = models.TextField("审查调查报告", blank=True)
    sent_to_review_on = models.DateField("移送审理日期", null=True, blank=True)
    review_accepted_on = models.DateField("审理受理日期", null=True, blank=True)
    review_due = models.DateField("审理期限", null=True, blank=True)
    returned_count = models.PositiveSmallIntegerField("退回补充调查次数", default=0)
    review_facts = models.TextField("审理认定的事实", blank=True)
    review_opinion = models.TextField("审理意见", blank=True)
    review_reported_on = models.DateField("审理报告日期", null=True, blank=True)
    submitted_on = models.DateField("提请审议日期", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_summary = models.TextField("处分决定要旨", blank=True)
    penalty_basis = models.CharField(
        "处分依据", max_length=300, blank=True, help_text="适用的党纪法规条款，写入处分决定"
    )
    party_penalty = models.CharField("党纪处分", max_length=20, blank=True)
    gov_penalty = models.CharField("政务处分", max_length=20, blank=True)
    form = models.PositiveSmallIntegerField("四种形态", choices=Form.choices, null=True, blank=True)
    # 第四种形态: 严重违纪违法涉嫌犯罪, handed to the judicial organs — not a matter of how heavy the penalty is.
    referred_for_prosecution = models.BooleanField("涉嫌犯罪移送司法机关", default=False)
    announce_due = models.DateField("宣布期限", null=True, blank=True)
    announced_on = models.DateField("宣布日期", null=True, blank=True)
    execution_due = models.DateField("执行报告期限", null=True, blank=True)
    executed_on = models.DateField("执行完毕日期", null=True, blank=True)
    appeal_kind = models.CharField("申诉类型", max_length=8, blank=True)
    appeal_due = models.DateField("申诉决定期限", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-filed_on", "-id"]

    def __str__(self) -> str:
        return self.serial

    @property
    def timeline_owner(self) -> Clue:
        """A case's steps are written on its clue's timeline: one history from registration to execution."""
        return self.clue

    @property
    def current_due(self):
        return {
            "investigating": self.investigation_due,
            "in_review": self.review_due,
            "submitted": self.review_due,
            "decided": self.announce_due,
            "announced": self.execution_due,
            "appealed": self.appeal_due,
        }.get(self.status)


class ReviewTalk(models.Model):
    """审理谈话: 审理室 talks with the person under review before the report (核对事实、听取陈述和申辩)."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="review_talks")
    talked_on = models.DateField("谈话日期")
    place = models.CharField("谈话地点", max_length=100)
    talked_by = models.CharField("谈话人", max_length=100)
    record = models.TextField("谈话情况")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "审理谈话"
        verbose_name_plural = "审理谈话"
        ordering = ["talked_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} 审理谈话 {self.talked_on:%Y-%m-%d}"


class CloseReason(models.Model):
    """The configured reasons for 予以了结, per kind (maintained by the system administrator)."""

    kind = models.CharField("了结类型", max_length=20, choices=CloseKind.choices)
    text = models.CharField("理由", max_length=200)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "了结理由"
        verbose_name_plural = "了结理由"
        ordering = ["kind", "order", "id"]

    def __str__(self) -> str:
        return self.text
