"""廉政档案 (一人一档): the file of a cadre at 副科级 and above, the requests to open it, and the notes on their
personal-matters reports.

A file is not a table of its own: it is the cadre (`CadreFile`, a proxy of `org.Person`, so that the file has
an access policy of its own) with what the other modules wrote about them — `org.IntegrityRecord` entries
(clue outcomes, penalties, first-form talks, integrity opinions) and the sections the apps register
(`integrity.sections`). Who opens it directly, and who only on an approved `FileRequest`, is `access.py`.
"""

import datetime

from django.conf import settings
from django.db import models
from django_fsm import FSMField
from django_fsm import transition as declared

from paizhu.org.models import Person
from paizhu.workflow.models import TimelineEvent

# 副科级及以上: the cadres who have an integrity file.
FILE_RANKS = tuple(rank for rank in Person.Rank.values if rank != Person.Rank.STAFF)


class CadreFile(Person):
    """The integrity file of one cadre: the person, seen through the file's access policy."""

    class Meta:
        proxy = True
        verbose_name = "廉政档案"
        verbose_name_plural = "廉政档案"


class FileRequest(models.Model):
    """查阅廉政档案申请: someone who does not hold the file asks, with a reason, to read its summary sheet
    (廉洁情况, conclusions only) for a limited time; approved through `workflow.approvals`."""

    class Purpose(models.TextChoices):
        PROMOTION = "promotion", "提拔任用"
        TRANSFER = "transfer", "交流调任"
        HONOURS = "honours", "评优评先"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未批准"

    serial = models.CharField("编号", max_length=32, unique=True)
    person = models.ForeignKey(Person, verbose_name="干部", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.Unit", verbose_name="干部所在单位", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    group = models.ForeignKey(
        "org.DispatchGroup",
        verbose_name="审批派驻组",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = models.CharField("查阅用途", max_length=16, choices=Purpose.choices)
    reason = models.TextField("查阅事由")
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.PENDING, protected=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requester_role = models.CharField("申请人角色", max_length=32)
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    approved_on = models.DateField("批准日期", null=True, blank=True)
    valid_until = models.DateField("查阅有效期至", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "查阅廉政档案申请"
        verbose_name_plural = "查阅廉政档案申请"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["requested_by", "person", "valid_until"], name="integrity_request_holder"),
            models.Index(fields=["group", "status"], name="integrity_request_group"),
        ]

    def __str__(self) -> str:
        return f"{self.serial} 查阅{self.person.name}廉政档案"

    def is_open_on(self, day: datetime.date) -> bool:
        """Approved and not yet expired on `day`: the requester may read the summary sheet."""
        return self.status == self.Status.APPROVED and self.valid_until is not None and day <= self.valid_until

    def state_on(self, day: datetime.date) -> str:
        """The status in words, an approval past its term shown as 已过期."""
        if self.status == self.Status.APPROVED and not self.is_open_on(day):
            return "已过期"
        return self.get_status_display()

    @declared(field="status", source=Status.PENDING, target=Status.APPROVED)
    def approve(self, day: datetime.date, until: datetime.date):
        self.approved_on = day
        self.valid_until = until

    @declared(field="status", source=Status.PENDING, target=Status.REFUSED)
    def refuse(self):
        pass


class RequestEvent(TimelineEvent):
    request = models.ForeignKey(FileRequest, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = "申请记录"
        verbose_name_plural = "申请记录"


class PersonalMattersNote(models.Model):
    """个人有关事项报告情况: one line a year per cadre — when they reported and what the spot check found, as the
    organisation department tells the group. The report itself stays with the organisation department."""

    class Check(models.TextChoices):
        NOT_CHECKED = "not_checked", "未抽查核实"
        CONSISTENT = "consistent", "经查核一致"
        OMISSION = "omission", "漏报"
        CONCEALED = "concealed", "隐瞒不报"

    person = models.ForeignKey(Person, verbose_name="干部", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("报告年度")
    reported_on = models.DateField("报告日期", null=True, blank=True)
    check_result = models.CharField("查核结果", max_length=16, choices=Check.choices, default=Check.NOT_CHECKED)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now=True)

    class Meta:
        verbose_name = "个人有关事项报告情况"
        verbose_name_plural = "个人有关事项报告情况"
        ordering = ["person_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="integrity_note_once_a_year")]

    def __str__(self) -> str:
        return f"{self.person.name} {self.year}年度个人有关事项报告"
