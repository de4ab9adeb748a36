"""Recusal (回避): declared relations and recusals on single matters.

A user's declared relations to persons or units, plus the user's own Person, make them conflicted
on every matter concerning those persons or units; a `Recusal` removes one matter from their sight.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class RelationDeclaration(models.Model):
    class Kind(models.TextChoices):
        RELATIVE = "relative", "近亲属"
        FORMER_COLLEAGUE = "former_colleague", "原同事"
        FORMER_UNIT = "former_unit", "原工作单位"
        INTEREST = "interest", "利害关系"
        OTHER = "other", "其他关系"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.CASCADE, related_name="relations"
    )
    kind = models.CharField("关系类型", max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        "org.Person", verbose_name="关系人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="关系单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    declared_at = models.DateTimeField("申报时间", auto_now_add=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)

    class Meta:
        verbose_name = "回避关系申报"
        verbose_name_plural = "回避关系申报"
        ordering = ["-declared_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(unit__isnull=False), name="access_relation_names_person_or_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()} {self.person or self.unit}"


class Recusal(models.Model):
    """One user stands aside from one matter: by their own declaration or by the system's detection."""

    class Source(models.TextChoices):
        SELF = "self", "本人主动回避"
        DETECTED = "detected", "系统检测"
        DECIDED = "decided", "领导决定"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="回避人", on_delete=models.CASCADE, related_name="recusals"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    matter = GenericForeignKey("content_type", "object_id")
    source = models.CharField("回避方式", max_length=16, choices=Source.choices)
    reason = models.CharField("回避理由", max_length=300)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    reassigned = models.BooleanField("已改派", default=False)

    class Meta:
        verbose_name = "回避记录"
        verbose_name_plural = "回避记录"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="access_recusal_once_per_matter")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.user} 回避 {self.content_type.model}#{self.object_id}"


class JurisdictionDesignation(models.Model):
    """指定管辖: a commission leader assigns one matter to a group that does not cover its unit.

    Routing and 分办 go to the group covering the matter's unit on the matter's date; anything else
    is refused unless a row here, decided by a 委领导 with a reason, names that group for that matter.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    matter = GenericForeignKey("content_type", "object_id")
    group = models.ForeignKey(
        "org.DispatchGroup", verbose_name="指定承办的派驻组", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("指定管辖理由", max_length=300)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="批准人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("批准时间", auto_now_add=True)

    class Meta:
        verbose_name = "指定管辖"
        verbose_name_plural = "指定管辖"
        ordering = ["-decided_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"指定{self.group}管辖 {self.content_type.model}#{self.object_id}"
