from django.conf import settings
from django.db import models

from . import chain


class AuditEntry(models.Model):
    """One append-only entry of the SM3 hash chain: hash = SM3(prev_hash || canonical entry).

    `canon` names the canonical form the hash was computed in (see chain.py). Writers set it; the
    database default 1 is the form of entries written before the column existed, and of a process
    still running the old code while the new code is being rolled out.

    `seq` is gap-free and assigned under the lock of `AuditHead`, so the chain has one order on
    every database. Entries are never updated or deleted (a PostgreSQL trigger enforces it).
    """

    seq = models.BigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the composite indexes below start with the actor
    )
    actor_name = models.CharField("操作人姓名", max_length=60, blank=True)
    role = models.CharField("所用角色", max_length=32, blank=True)
    action = models.CharField("操作", max_length=48)
    object_type = models.CharField("对象类型", max_length=48, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    client_address = models.GenericIPAddressField("客户端地址", null=True, blank=True)
    details = models.JSONField("详情", default=dict, blank=True)
    details_digest = models.CharField("详情摘要", max_length=64)
    prev_hash = models.CharField("前序哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)
    canon = models.SmallIntegerField("规范形式", choices=chain.CANON_CHOICES, db_default=chain.CANON_JSON_V1)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "seq"]),
            models.Index(fields=["actor", "seq"]),
            # The auditor filters by event code newest first; (action, seq) serves filter and order at once.
            models.Index(fields=["action", "seq"]),
            # The bulk-view alert counts one actor's recent reads of one object type after every read.
            models.Index(fields=["actor", "object_type", "at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditHead(models.Model):
    """A single row holding the chain's head; locked while an entry is appended."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"
