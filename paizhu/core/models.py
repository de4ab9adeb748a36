from django.conf import settings
from django.db import models


class WorkdayOverride(models.Model):
    """An admin-entered correction to the official calendar: a holiday or a make-up workday (调休上班)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "休息日（节假日）"
        WORKDAY = "workday", "工作日（调休上班）"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "工作日调整"
        verbose_name_plural = "工作日调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class CalendarYear(models.Model):
    """Declares that a year's holiday arrangement has been entered in full as overrides.

    The State Council publishes next year's arrangement in November or December, before the
    `chinesecalendar` package knows it; until a year is declared here (or the package covers it),
    deadline computations in that year are refused instead of silently treating every weekday as a workday.
    """

    year = models.PositiveIntegerField("年份", unique=True)
    note = models.CharField(
        "依据", max_length=200, blank=True, help_text="例如：国务院办公厅关于2027年部分节假日安排的通知"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class SerialCounter(models.Model):
    """The last serial number issued per kind and year; rows are locked while a number is drawn."""

    kind = models.CharField("编号类别", max_length=16)
    year = models.PositiveIntegerField("年份")
    last_value = models.PositiveIntegerField("当前序号", default=0)

    class Meta:
        verbose_name = "编号计数器"
        verbose_name_plural = "编号计数器"
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="core_serial_kind_year_unique")]

    def __str__(self) -> str:
        return f"{self.kind}-{self.year}: {self.last_value}"


class SearchEntry(models.Model):
    """The full-text index row of one searchable object (a clue, a report ...): its search tokens.

    `tokens` holds space-separated tokens made by `paizhu.core.search`; the database's own full-text
    machinery indexes it — a GIN index on PostgreSQL, an FTS5 table kept in step by triggers on
    SQLite — both created by migration 0002, outside the model, because neither exists on the other
    database. Never holds the reporter's identity or contact.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name="对象类型", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("对象编号")
    tokens = models.TextField("检索词")
    indexed_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "全文检索索引"
        verbose_name_plural = "全文检索索引"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="core_searchentry_object_unique")
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}"
