"""信访举报: reports from the public and from other bodies, their routing, feedback and reporter identity.

Reporter identity and contact, message bodies and attachment content are encrypted at rest; the receipt
code is stored only as an Argon2 hash next to a short, non-secret lookup prefix.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from paizhu.core.choices import Discipline
from paizhu.core.fields import EncryptedFileField, EncryptedTextField
from paizhu.org.models import Person
from paizhu.workflow.models import ConfigVersion, TimelineEvent

from .workflows import CLOSED_STAGES, ReportStage, ReportWorkflow, Routing


class Channel(models.TextChoices):
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    PHONE = "phone", "来电"
    ONLINE = "online", "网络举报"
    AGENCY = "agency", "其他机关转办"
    INSPECTION = "inspection", "巡视巡察移交"
    AUDIT = "audit", "审计移交"
    SUPERIOR = "superior", "上级交办"


class Kind(models.TextChoices):
    ACCUSATION = "accusation", "检举控告"
    APPEAL = "appeal", "申诉"
    SUGGESTION = "suggestion", "批评建议"
    OUT_OF_SCOPE = "out_of_scope", "业务范围外"


class Office(models.TextChoices):
    PETITION = "petition_office", "信访室"
    CASE_MANAGEMENT = "case_management", "案件监督管理室"


def deadlines_owed(today=None) -> Q:
    """Reports with a notice or a closing still owed (受理告知, 结果反馈, 交办件办结); with `today`, only those whose
    deadline has passed. Without `today` it is the condition of the partial index below: the due lists and the
    overdue badge on every page read those few thousand rows, however long the history. (A duplicate or a
    transferred report — Routing DUPLICATE, TRANSFERRED — owes no notice.)"""

    def passed(field: str) -> Q:
        return Q(**{f"{field}__lt": today}) if today else Q()

    notice = ~Q(routing__in=["duplicate", "transferred"]) & Q(is_real_name=True)
    return (
        (notice & Q(acceptance_notified_on__isnull=True) & passed("acceptance_due"))
        | (notice & Q(closed_on__isnull=False, result_notified_on__isnull=True) & passed("result_due"))
        | (Q(closed_on__isnull=True, close_due__isnull=False) & passed("close_due"))
    )


class Report(ReportWorkflow):
    Routing = Routing
    Stage = ReportStage

    serial = models.CharField("编号", max_length=20, unique=True)
    channel = models.CharField("来源渠道", max_length=16, choices=Channel.choices)
    source = models.CharField("转办机关或来源", max_length=100, blank=True)
    received_on = models.DateField("收到日期", db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="网上举报由系统自动登记，为空",
    )
    registered_at = models.DateTimeField("登记时间", default=timezone.now)
    kind = models.CharField("性质", max_length=16, choices=Kind.choices, default=Kind.ACCUSATION)
    subjects = models.ManyToManyField(
        "org.Person", verbose_name="被反映人（干部名册）", blank=True, related_name="reports"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="涉及单位", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    categories = models.JSONField("问题类别", default=list, blank=True)
    facts = models.TextField("主要问题")
    occurred_when = models.CharField("发生时间", max_length=200, blank=True)
    occurred_where = models.CharField("发生地点", max_length=200, blank=True)
    witnesses = models.CharField("知情人或证据线索", max_length=500, blank=True)

    is_real_name = models.BooleanField("实名", default=False, help_text="有真实姓名或单位，且有具体联系方式")
    reporter_name = EncryptedTextField("举报人姓名", null=True, blank=True)
    reporter_unit = EncryptedTextField("举报人工作单位", null=True, blank=True)
    reporter_contact = EncryptedTextField("联系方式", null=True, blank=True)
    reporter_id_number = EncryptedTextField("身份证号码", null=True, blank=True)
    reporter_address = EncryptedTextField("通讯地址", null=True, blank=True)

    proposed_group = models.ForeignKey(
        "org.DispatchGroup",
        verbose_name="建议承办派驻组",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_office = models.CharField("建议承办部门", max_length=20, choices=Office.choices, blank=True)
    routing_reason = models.CharField("分办依据", max_length=300, blank=True)
    group = models.ForeignKey(
        "org.DispatchGroup",
        verbose_name="承办派驻组",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text="为空表示由委机关承办",
    )
    office = models.CharField("承办部门", max_length=20, choices=Office.choices, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transferred_to = models.CharField("转往机关", max_length=100, blank=True)

    accepted_on = models.DateField("受理日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    result = models.TextField("办理结果", blank=True)
    acceptance_due = models.DateField("受理告知期限", null=True, blank=True, db_index=True)
    acceptance_notified_on = models.DateField("受理告知日期", null=True, blank=True)
    result_due = models.DateField("结果反馈期限", null=True, blank=True, db_index=True)
    result_notified_on = models.DateField("结果反馈日期", null=True, blank=True)
    close_due = models.DateField("办结期限（交办件）", null=True, blank=True, db_index=True)
    close_extended = models.BooleanField("已延期", default=False)

    duplicate_of = models.ForeignKey(
        "self", verbose_name="重复件所属", null=True, blank=True, on_delete=models.PROTECT, related_name="repeats"
    )
    receipt_prefix = models.CharField("查询码索引", max_length=4, blank=True, db_index=True)
    receipt_hash = models.CharField("查询码摘要", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "信访举报"
        verbose_name_plural = "信访举报"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["group", "-received_on"]),
            models.Index(fields=["unit", "-received_on"]),
            models.Index(fields=["-received_on"], condition=deadlines_owed(), name="intake_report_owed_idx"),
            # A group's owed rows (the overdue badge of a group user): by group, or by the units it covers.
            models.Index(fields=["group"], condition=deadlines_owed(), name="intake_report_owed_group_idx"),
            models.Index(fields=["unit"], condition=deadlines_owed(), name="intake_report_owed_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(duplicate_of=models.F("id")), name="intake_report_not_duplicate_of_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    @property
    def category_labels(self) -> list[str]:
        labels = dict(Discipline.choices)
        return [labels.get(c, c) for c in self.categories]

    @property
    def handled_by(self) -> str:
        if self.group_id:
            return str(self.group)
        return f"委机关{self.get_office_display()}" if self.office else "委机关"


class ReportedName(models.Model):
    """A reported person typed in (public reports, or someone not in the cadre list)."""

    report = models.ForeignKey(Report, verbose_name="举报", on_delete=models.CASCADE, related_name="named")
    name = models.CharField("姓名", max_length=40)
    unit = models.ForeignKey(
        "org.Unit", verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_text = models.CharField("单位（填写）", max_length=100, blank=True)
    post = models.CharField("职务", max_length=100, blank=True)

    class Meta:
        verbose_name = "被反映人（填写）"
        verbose_name_plural = "被反映人（填写）"
        ordering = ["id"]
        # Recusal matches typed names to declared cadres by name (access.recusal.typed_conflicts).
        indexes = [models.Index(fields=["name"], name="intake_reportedname_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def unit_label(self) -> str:
        return self.unit.name if self.unit_id else self.unit_text


class ReportAttachment(models.Model):
    """A file with the report; the content is encrypted, the name too (a file name can identify its author)."""

    report = models.ForeignKey(Report, verbose_name="举报", on_delete=models.CASCADE, related_name="attachments")
    name = EncryptedTextField("文件名")
    kind = models.CharField("类型", max_length=8)  # jpg / png / pdf / docx, detected from the content
    size = models.PositiveIntegerField("大小（字节）")
    file = EncryptedFileField("内容（密文文件）")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    is_original_scan = models.BooleanField("原件扫描件", default=False)

    class Meta:
        verbose_name = "举报附件"
        verbose_name_plural = "举报附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"附件#{self.pk}"


class ReportEvent(TimelineEvent):
    """The timeline of a report: every registration, hand-over, acceptance, feedback (全程登记备查)."""

    report = models.ForeignKey(Report, verbose_name="举报", on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"

    def __str__(self) -> str:
        return f"{self.report} {self.title}"


class ReportMessage(models.Model):
    """A message between the reporter (through the receipt code) and the handler."""

    class Direction(models.TextChoices):
        FROM_REPORTER = "in", "举报人留言"
        TO_REPORTER = "out", "办理单位回复"

    report = models.ForeignKey(Report, verbose_name="举报", on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField("方向", max_length=4, choices=Direction.choices)
    body = EncryptedTextField("内容")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "举报留言"
        verbose_name_plural = "举报留言"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.get_direction_display()}"


class Feedback(models.Model):
    """Feedback given to a real-name reporter: the acceptance notice or the result, and any objection."""

    class Notice(models.TextChoices):
        ACCEPTANCE = "acceptance", "受理告知"
        RESULT = "result", "结果反馈"

    class Method(models.TextChoices):
        PHONE = "phone", "电话告知"
        LETTER = "letter", "书面告知"
        IN_PERSON = "in_person", "当面告知"
        ONLINE = "online", "网上答复"

    report = models.ForeignKey(Report, verbose_name="举报", on_delete=models.CASCADE, related_name="feedback")
    notice = models.CharField("告知事项", max_length=16, choices=Notice.choices)
    method = models.CharField("告知方式", max_length=16, choices=Method.choices)
    given_on = models.DateField("告知日期")
    note = models.TextField("告知内容", blank=True)
    objection = models.TextField("举报人异议或补充材料", blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="告知人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "反馈记录"
        verbose_name_plural = "反馈记录"
        ordering = ["given_on", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.get_notice_display()}"


class ForwardingRecord(models.Model):
    """A report the platform must not hold (higher-managed cadres, this commission's leaders): only this record.

    No content, no names: the date, where it went, who sent it and the 5-working-day limit.
    """

    class Reason(models.TextChoices):
        HIGHER_MANAGED = "higher_managed", "涉及上级管理的干部"
        OWN_LEADER = "own_leader", "涉及本委领导班子成员"
        LOWER_BODY = "lower_body", "属下级纪检监察机关管辖"

    received_on = models.DateField("收到日期")
    reason = models.CharField("转送原因", max_length=20, choices=Reason.choices)
    forwarded_to = models.CharField("转送机关", max_length=100)
    due_on = models.DateField("转送期限")
    forwarded_on = models.DateField("转送日期", null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经手人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The group whose staff recorded it (empty: the petition office); it decides who sees the record.
    group = models.ForeignKey(
        "org.DispatchGroup",
        verbose_name="登记派驻组",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    # A public report later found to belong elsewhere keeps its receipt, so the reporter learns it went on.
    receipt_prefix = models.CharField(max_length=4, blank=True, db_index=True)
    receipt_hash = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "转送记录"
        verbose_name_plural = "转送记录"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"转送{self.forwarded_to}（{self.received_on:%Y-%m-%d}）"


class IdentityRevealRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未批准"

    report = models.ForeignKey(Report, verbose_name="举报", on_delete=models.CASCADE, related_name="identity_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("申请理由")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)
    expires_at = models.DateTimeField(
        "有效期至",
        null=True,
        blank=True,
        help_text="批准时按 PAIZHU_IDENTITY_REVEAL_DAYS 计算；过期后不再可查看，已批准但无有效期的申请不授予查看权",
    )

    class Meta:
        verbose_name = "查看举报人身份申请"
        verbose_name_plural = "查看举报人身份申请"
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.report} {self.get_status_display()}"

    def grants_access(self, now=None) -> bool:
        """Approved and not yet expired; an approval without an expiry grants nothing (fails closed)."""
        if self.status != self.Status.APPROVED or self.expires_at is None:
            return False
        return (now or timezone.now()) < self.expires_at

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.APPROVED and not self.grants_access()


class ReportSignature(models.Model):
    """The MinHash of a report's text (NUM_PERM little-endian uint64), compared only with LSH candidates."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, primary_key=True, related_name="signature")
    minhash = models.BinaryField()

    class Meta:
        verbose_name = "文本特征"
        verbose_name_plural = "文本特征"

    def __str__(self) -> str:
        return f"signature of {self.report_id}"


class ReportBand(models.Model):
    """One LSH band key of a report: reports sharing a key are candidates for repeats.

    The primary key is (key, report): the table is its own index, so a lookup is an index-only probe
    per band and no separate id column takes space at tens of millions of rows. The one secondary
    index, on report, serves re-indexing and the cascade from a report; the foreign key builds none of
    its own (it used to: two identical indexes of 261 MB each at a million reports).
    """

    pk = models.CompositePrimaryKey("key", "report")
    key = models.BigIntegerField()
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        verbose_name = "文本特征分段"
        verbose_name_plural = "文本特征分段"
        indexes = [models.Index(fields=["report"], name="intake_band_report_idx")]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.key}"


class ReportClueLink(models.Model):
    """A report became this clue (问题线索). Kept on the intake side, so the clues app never depends on intake;
    the clue reaches its report through `clue.report_links`. The reporter's identity is never copied."""

    report = models.ForeignKey(Report, verbose_name="信访举报", on_delete=models.PROTECT, related_name="clue_links")
    clue = models.ForeignKey(
        "clues.Clue", verbose_name="问题线索", on_delete=models.PROTECT, related_name="report_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经手人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("转线索时间", auto_now_add=True)

    class Meta:
        verbose_name = "举报转线索"
        verbose_name_plural = "举报转线索"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["report", "clue"], name="intake_report_clue_once")]

    def __str__(self) -> str:
        return f"{self.report} → {self.clue}"


class RoutingThreshold(ConfigVersion):
    """Which cadres the commission handles itself rather than a dispatched group (委机关直接管理的门槛).

    Before any row is saved, the deployment's settings give the threshold (`INTAKE_COMMISSION_*`).
    """

    leadership_members = models.BooleanField("领导班子成员由委机关办理", default=True)
    management_levels = models.JSONField(
        "由委机关办理的管理层级", default=list, blank=True, help_text="干部管理权限，可多选"
    )
    min_rank = models.CharField(
        "职级门槛（及以上由委机关办理）",
        max_length=16,
        choices=Person.Rank.choices,
        blank=True,
        help_text="不设则不按职级划分",
    )

    class Meta(ConfigVersion.Meta):
        verbose_name = "分办门槛"
        verbose_name_plural = "分办门槛（调整记录）"

    def __str__(self) -> str:
        return f"分办门槛（{self.changed_at:%Y-%m-%d %H:%M}）"
