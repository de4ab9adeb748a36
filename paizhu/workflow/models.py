"""The kernel's tables: approval rules and steps, reminders (over any matter), and the timeline's shape."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from paizhu.core.fields import EncryptedFileField, EncryptedTextField

if TYPE_CHECKING:
    from .approvals import Kind, Matter


class ApprovalRule(models.Model):
    """Which approvers a request needs: configurable data, first matching rule (lowest priority) wins.

    `conditions` maps a fact name to a value or a list of allowed values, e.g.
    `{"action": ["verification", "case"], "same_level_main": true}`; `steps` is the ordered chain,
    each `{"role": "<Role>", "label": "组长审核", "attestation": "已报同级党委书记批准"}` (attestation
    optional: the approver records an approval given outside the platform). The kinds, their facts
    and who may approve them are registered by the apps (`workflow.approvals.register`).
    """

    kind = models.CharField("审批事项", max_length=40, db_index=True)
    name = models.CharField("规则名称", max_length=100)
    priority = models.PositiveSmallIntegerField("优先级", default=100, help_text="数字小者优先匹配")
    conditions = models.JSONField("适用条件", default=dict, blank=True)
    steps = models.JSONField("审批步骤", default=list)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "审批规则"
        verbose_name_plural = "审批规则"
        ordering = ["kind", "priority", "id"]

    def __str__(self) -> str:
        return f"{self.kind} · {self.name}"

    def matches(self, facts: dict) -> bool:
        for key, wanted in self.conditions.items():
            value = facts.get(key)
            if isinstance(wanted, list):
                if value not in wanted:
                    return False
            elif value != wanted:
                return False
        return True


class Approval(models.Model):
    """One step of an approval request on any subject (a clue, a case, a rectification letter ...).

    A request is the rows sharing subject, kind and `round`; exactly one pending row of an open
    request is `is_current`, which is what the approver's inbox lists.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "同意"
        REFUSED = "refused", "不同意"
        SKIPPED = "skipped", "未进行"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    # Attached to the rows of an inbox page by approvals.with_matters: the kind and the subject's Matter.
    spec: "Kind"
    matter: "Matter"
    asks: str  # what the request proposes, in one line (拟处置方式), set by `approvals.with_matters`
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField("审批事项", max_length=40)
    round = models.PositiveIntegerField("批次")
    step = models.PositiveSmallIntegerField("步骤")
    role = models.CharField("审批角色", max_length=32)
    label = models.CharField("审批环节", max_length=60)
    attestation = models.CharField("须登记事项", max_length=100, blank=True)
    payload = models.JSONField("申请内容", default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    decision = models.CharField("审批结果", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    is_current = models.BooleanField("当前环节", default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion = models.TextField("审批意见", blank=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "审批"
        verbose_name_plural = "审批"
        ordering = ["round", "step"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "round"], name="workflow_approval_subject_idx"),
            # The inbox: current steps for a role, oldest first — read in this order and stopped at a page or a
            # badge's cap, never sorted in full (only current steps are indexed: the history is most rows).
            models.Index(
                fields=["role", "requested_at", "id"],
                condition=models.Q(is_current=True),
                name="workflow_approval_inbox_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "round", "step"], name="workflow_approval_step_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}#{self.object_id} {self.label}"


class Notification(models.Model):
    """An in-app reminder about one matter (a deadline); `key` makes `paizhu remind` idempotent per day.

    It is shown only while its reader may still see the matter (a recusal or a lost grant hides it).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    key = models.CharField("去重键", max_length=100)
    title = models.CharField("内容", max_length=200)
    url = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内提醒"
        verbose_name_plural = "站内提醒"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="workflow_notification_unread")]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="workflow_notification_once")]

    def __str__(self) -> str:
        return self.title


class TimelineEvent(models.Model):
    """The one shape of a matter's timeline row: who, in which role, when, what, with what opinion, from which
    state to which. Each matter type keeps its own table (`<Matter>Event` with a foreign key named after the
    matter and `related_name="events"`), so a matter's history is read by an index on its own rows and is
    covered by the matter's own access policy; `workflow.timeline.write` fills it."""

    at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经手人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("经手人姓名", max_length=60, blank=True)
    role = models.CharField("身份", max_length=60, blank=True)
    code = models.CharField("事件", max_length=48, blank=True)
    title = models.CharField("事项", max_length=200)
    opinion = models.TextField("意见", blank=True)
    from_status = models.CharField("原状态", max_length=24, blank=True)
    to_status = models.CharField("新状态", max_length=24, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class ConfigVersion(models.Model):
    """One version of a setting whose value matters for what was decided under it (a routing threshold ...).

    Never edited: a change is a new row, so the history says who set which value, when and on what authority,
    and `current()` is the newest. An app subclasses it with the setting's own fields.
    """

    changed_at = models.DateTimeField("调整时间", default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="调整人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("调整依据", max_length=200)

    class Meta:
        abstract = True
        ordering = ["-changed_at", "-id"]

    @classmethod
    def current(cls):
        return cls._default_manager.order_by("-changed_at", "-id").first()


class IssuedDocument(models.Model):
    """A document as issued (印发): its 文号 and date, fixed once, which every later download reproduces.

    One register for every kind (`workflow.documents`): the 文号 is the kind's 机关代字 (prefix), the year and
    a sequence drawn per prefix and year in the issuing transaction. `part` tells the documents of one kind on
    one matter apart (the person a 处分决定 is for, the round of an inquiry); a document issued again (a report
    resubmitted) is a new row with a new number, the newest being the one downloaded.
    """

    kind = models.CharField("文书种类", max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    matter = GenericForeignKey("content_type", "object_id")
    part = models.PositiveBigIntegerField("分件", default=0)
    part_label = models.CharField("分件说明", max_length=60, blank=True)
    prefix = models.CharField("机关代字", max_length=12)
    year = models.PositiveSmallIntegerField("年份")
    sequence = models.PositiveIntegerField("序号")
    issued_on = models.DateField("成文日期")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="印发人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("登记时间", default=timezone.now)
    content_hash = models.CharField("正文摘要", max_length=64, help_text="印发时正文文字的SHA-256")
    copies = models.PositiveIntegerField("已下载份数", default=0, help_text="涉密文书的份号按下载先后编排")

    class Meta:
        verbose_name = "文书文号"
        verbose_name_plural = "文书文号"
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "kind"], name="workflow_issued_matter_idx")]
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year", "sequence"], name="workflow_issued_number_unique")
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The 文号 as GB/T 9704 writes it: 机关代字〔年份〕序号号, the year in 六角括号, no leading zeros."""
        return f"{self.prefix}〔{self.year}〕{self.sequence}号"


class Attachment(models.Model):
    """A file kept with a matter — a signed record photographed on a phone, a unit's evidence, a scan.

    Any registered matter can carry them (`workflow.attachments`): the content is checked by what it is
    (`core.uploads`) and encrypted at rest, the name too; it is read only by whoever may see the matter,
    each download audited. Attachments are part of the record and are not deleted with a later step.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    matter = GenericForeignKey("content_type", "object_id")
    label = models.CharField("材料名称", max_length=60, help_text="如“书面说明（签字件）”“整改佐证材料”")
    name = EncryptedTextField("文件名")
    kind = models.CharField("类型", max_length=8)  # jpg / png / pdf / docx, detected from the content
    size = models.PositiveIntegerField("大小（字节）")
    file = EncryptedFileField("内容（密文文件）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="workflow_attachment_matter_idx")]

    def __str__(self) -> str:
        return f"{self.label}#{self.pk}"

    @property
    def size_label(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f} MB"
        return f"{max(1, round(self.size / 1024))} KB"
