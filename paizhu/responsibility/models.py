"""主体责任: the units' responsibility lists with their signature chains, and their 三重一大 filings.

A list's content (its header and items) is what is signed: submitting it for signing fixes its SM3 hash,
each signer signs that hash, and the last signature freezes it. Changing a list under signature or
signed makes a new revision (`revision` + 1) whose signatures start again; the old ones stay, void.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField
from django_fsm import transition as declared

from paizhu.workflow.models import ConfigVersion, TimelineEvent

# A duty whose timeline ends within this many days and is not done shows yellow (临近期限).
YELLOW_DAYS = 15


class ResponsibilityList(models.Model):
    class Level(models.TextChoices):
        COLLECTIVE = "collective", "领导班子集体责任"
        SECRETARY = "secretary", "党组书记第一责任人责任"
        MEMBER = "member", "班子成员“一岗双责”"

    class Status(models.TextChoices):
        DRAFT = "draft", "编制中"
        SIGNING = "signing", "签字背书中"
        SIGNED = "signed", "已签字背书"

    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("责任层级", max_length=16, choices=Level.choices)
    person = models.ForeignKey(
        "org.Person", verbose_name="责任人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area = models.CharField("分管领域", max_length=200, blank=True)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT, protected=False)
    revision = models.PositiveIntegerField("版本", default=1)
    signed_hash = models.CharField("签字版本摘要（SM3）", max_length=64, blank=True)
    signed_at = models.DateTimeField("签字完成时间", null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name="沿用自", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("编制时间", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "主体责任清单"
        verbose_name_plural = "主体责任清单"
        ordering = ["unit_id", "-year", "level", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "level"], condition=Q(person__isnull=True), name="resp_list_one_collective"
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "person"], condition=Q(person__isnull=False), name="resp_list_one_per_person"
            ),
        ]
        indexes = [models.Index(fields=["unit", "year"], name="resp_list_unit_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        who = f"（{self.person.name}）" if self.person_id else ""
        return f"{self.year}年度{self.get_level_display()}清单{who}"

    @declared(field="status", source=Status.DRAFT, target=Status.SIGNING)
    def submit(self, content_hash: str):
        self.signed_hash = content_hash

    @declared(field="status", source=Status.SIGNING, target=Status.SIGNED)
    def freeze(self, at: datetime.datetime):
        self.signed_at = at

    @declared(field="status", source=[Status.SIGNING, Status.SIGNED], target=Status.DRAFT)
    def revise(self):
        self.revision += 1
        self.signed_hash = ""
        self.signed_at = None


class ListItem(models.Model):
    class Kind(models.TextChoices):
        DUTY = "duty", "正面清单（履责事项）"
        TRIGGER = "trigger", "负面清单（问责情形）"

    responsibility_list = models.ForeignKey(ResponsibilityList, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField("清单类别", max_length=16, choices=Kind.choices, default=Kind.DUTY)
    position = models.PositiveSmallIntegerField("序号", default=0)
    task = models.CharField("责任内容", max_length=300)
    measures = models.TextField("工作措施", blank=True)
    due_on = models.DateField("完成时限", null=True, blank=True)
    evidence = models.CharField("佐证材料", max_length=300, blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    progress = models.TextField("推进情况", blank=True)

    class Meta:
        verbose_name = "清单事项"
        verbose_name_plural = "清单事项"
        ordering = ["responsibility_list_id", "kind", "position", "id"]

    def __str__(self) -> str:
        return self.task

    def light(self, today: datetime.date) -> tuple[str, str]:
        """蓝/黄/红 against the timeline: (colour, words). 负面清单 has no timeline."""
        if self.kind == self.Kind.TRIGGER:
            return ("", "—")
        if self.done_on:
            return ("blue", "已完成")
        if self.due_on is None:
            return ("blue", "持续推进")
        if self.due_on < today:
            return ("red", "逾期未完成")
        if (self.due_on - today).days <= YELLOW_DAYS:
            return ("yellow", "临近期限")
        return ("blue", "按期推进")


class Signature(models.Model):
    class Step(models.IntegerChoices):
        HANDLER = 1, "承办人"
        DEPARTMENT_HEAD = 2, "内设部门负责人"
        SUPERVISING_LEADER = 3, "分管领导"
        MAIN_LEADER = 4, "主要领导"

    responsibility_list = models.ForeignKey(ResponsibilityList, on_delete=models.CASCADE, related_name="signatures")
    revision = models.PositiveIntegerField("版本")
    step = models.PositiveSmallIntegerField("环节", choices=Step.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签字人", on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField("签字人姓名", max_length=40)
    signer_post = models.CharField("职务", max_length=100, blank=True)
    content_hash = models.CharField("所签内容摘要（SM3）", max_length=64)
    opinion = models.TextField("签字意见", blank=True)
    signed_at = models.DateTimeField("签字时间", null=True, blank=True)
    void = models.BooleanField("已作废", default=False)

    class Meta:
        verbose_name = "签字背书"
        verbose_name_plural = "签字背书"
        ordering = ["responsibility_list_id", "revision", "step"]
        constraints = [
            models.UniqueConstraint(fields=["responsibility_list", "revision", "step"], name="resp_signature_once")
        ]
        indexes = [models.Index(fields=["signer", "signed_at"], name="resp_signature_signer")]

    def __str__(self) -> str:
        return f"{self.get_step_display()}：{self.signer_name}"


class ListEvent(TimelineEvent):
    responsibility_list = models.ForeignKey(ResponsibilityList, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = "清单记录"
        verbose_name_plural = "清单记录"


class Filing(models.Model):
    """三重一大事项报备: a major matter the unit files before the meeting that decides it ("会前报备、会中监督、会后督查")."""

    class Category(models.TextChoices):
        DECISION = "decision", "重大事项决策"
        APPOINTMENT = "appointment", "重要干部任免"
        PROJECT = "project", "重大项目安排"
        FUNDS = "funds", "大额度资金使用"

    class Meeting(models.TextChoices):
        PARTY_GROUP = "party_group", "党组（党委）会议"
        EXECUTIVE = "executive", "局长（主任）办公会议"

    class Status(models.TextChoices):
        FILED = "filed", "待派驻组回复"
        ANSWERED = "answered", "派驻组已回复"
        HELD = "held", "待会后督查"
        CHECKED = "checked", "会后督查完成"

    serial = models.CharField("编号", max_length=32, unique=True)
    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        "org.DispatchGroup", verbose_name="派驻组", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField("事项类别", max_length=16, choices=Category.choices)
    title = models.CharField("事项名称", max_length=200)
    agenda = models.TextField("会议议题及议程")
    meeting_kind = models.CharField("会议类型", max_length=16, choices=Meeting.choices)
    meeting_on = models.DateField("会议日期")
    amount = models.DecimalField("涉及金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    filed_on = models.DateField("报备日期")
    deadline = models.DateField("最迟报备日期")
    is_late = models.BooleanField("逾期报备", default=False)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attend = models.BooleanField("派驻组列席", null=True, blank=True)
    attendees = models.CharField("列席人员", max_length=200, blank=True)
    group_opinion = models.TextField("派驻组意见", blank=True)
    held_on = models.DateField("实际召开日期", null=True, blank=True)
    decision = models.TextField("会议决定情况", blank=True)
    collective = models.BooleanField("集体研究决定", null=True, blank=True)
    last_speaker = models.BooleanField("主要负责人末位表态", null=True, blank=True)
    check_opinion = models.TextField("会后督查意见", blank=True)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.FILED)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "“三重一大”事项报备"
        verbose_name_plural = "“三重一大”事项报备"
        ordering = ["-meeting_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "meeting_on"], name="resp_filing_unit_day"),
            models.Index(fields=["status", "unit"], name="resp_filing_status"),
        ]

    def __str__(self) -> str:
        return f"{self.serial} {self.title}"

    @property
    def has_problem(self) -> bool:
        """会后督查 found the decision not collective, or the main leader not speaking last."""
        return self.collective is False or self.last_speaker is False

    @declared(field="status", source=Status.FILED, target=Status.ANSWERED)
    def answer(self, attend: bool, attendees: str, opinion: str):
        self.attend, self.attendees, self.group_opinion = attend, attendees, opinion

    @declared(field="status", source=[Status.FILED, Status.ANSWERED], target=Status.HELD)
    def hold(self, held_on: datetime.date, decision: str):
        self.held_on, self.decision = held_on, decision

    @declared(field="status", source=Status.HELD, target=Status.CHECKED)
    def conclude(self, collective: bool, last_speaker: bool, opinion: str):
        self.collective, self.last_speaker, self.check_opinion = collective, last_speaker, opinion


class FilingEvent(TimelineEvent):
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = "报备记录"
        verbose_name_plural = "报备记录"


class FundsThreshold(ConfigVersion):
    """大额资金的报备标准: at or above it a use of funds is filed as 三重一大 (each change a new row)."""

    amount = models.DecimalField("大额资金标准（元）", max_digits=14, decimal_places=2)

    class Meta(ConfigVersion.Meta):
        verbose_name = "大额资金标准"
        verbose_name_plural = "大额资金标准（调整记录）"

    def __str__(self) -> str:
        return f"大额资金标准（{self.changed_at:%Y-%m-%d %H:%M}）"


class Activity(models.Model):
    """履责记实: one thing the unit did to discharge its main responsibility (a meeting, a talk, an inspection of its
    own ...), kept as it happened, with its records as files; the group reads the log, the annual report draws on it."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "专题会议"
        STUDY = "study", "学习教育"
        TALK = "talk", "谈心谈话、约谈提醒"
        INSPECTION = "inspection", "监督检查"
        WARNING = "warning", "警示教育"
        REPORT = "report", "听取汇报、报告工作"
        OTHER = "other", "其他"

    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField("日期")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    title = models.CharField("事项", max_length=200)
    content = models.TextField("主要内容")
    participants = models.CharField("参加人员", max_length=300, blank=True)
    item = models.ForeignKey(
        ListItem,
        verbose_name="对应清单事项",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "履责记实"
        verbose_name_plural = "履责记实"
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["unit", "occurred_on"], name="resp_activity_unit_day")]

    def __str__(self) -> str:
        return self.title


class DualReport(models.Model):
    """双报告: the party group's report on fulfilling its main responsibility, to the higher party committee and to
    the commission, per period (上半年, 全年); drafted from the lists' progress and the 履责记实, reviewed by the group."""

    class Period(models.TextChoices):
        FIRST_HALF = "h1", "上半年"
        ANNUAL = "annual", "全年"

    class Status(models.TextChoices):
        DRAFT = "draft", "起草中"
        SUBMITTED = "submitted", "已报送"
        REVIEWED = "reviewed", "派驻组已审阅"

    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField("报告期", max_length=16, choices=Period.choices)
    body = models.TextField("报告正文")
    due_on = models.DateField("报送期限")
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    is_late = models.BooleanField("逾期报送", default=False)
    group_comment = models.TextField("派驻组审阅意见", blank=True)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "双报告"
        verbose_name_plural = "双报告"
        ordering = ["-year", "-period", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "period"], name="resp_report_once")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{self.year}年{self.get_period_display()}履行全面从严治党主体责任情况报告"

    @declared(field="status", source=Status.DRAFT, target=Status.DRAFT)
    def rewrite(self, body: str):
        self.body = body

    @declared(field="status", source=Status.DRAFT, target=Status.SUBMITTED)
    def submit(self, on: datetime.date):
        self.submitted_on, self.is_late = on, on > self.due_on

    @declared(field="status", source=Status.SUBMITTED, target=Status.REVIEWED)
    def review(self, comment: str):
        self.group_comment = comment


class ReportEvent(TimelineEvent):
    report = models.ForeignKey(DualReport, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = "报告记录"
        verbose_name_plural = "报告记录"


class Appointment(models.Model):
    """干部选任: one candidate for one post, taken step by step through the procedure of the 干部选拔任用工作条例
    (动议 → 民主推荐 → 考察 → 讨论决定 → 任前公示 → 任职), each step with its date. A step missing before a later
    one, dated out of order, a 公示期 under 5 working days or a decision meeting not filed as 三重一大 raises a flag
    ("程序空转") that waits on the group's to-do list until it checks it. The decision needs the group's
    党风廉政意见回复 (`IntegrityOpinion`) answered first."""

    class Step(models.IntegerChoices):
        MOTION = 1, "动议"
        RECOMMENDATION = 2, "民主推荐"
        INSPECTION = 3, "考察"
        DECISION = 4, "讨论决定"
        PUBLICITY = 5, "任前公示"
        APPOINTMENT = 6, "任职"

    class Status(models.TextChoices):
        OPEN = "open", "选任中"
        APPOINTED = "appointed", "已任职"
        STOPPED = "stopped", "已终止"

    serial = models.CharField("编号", max_length=32, unique=True)
    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        "org.DispatchGroup", verbose_name="派驻组", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    candidate = models.ForeignKey("org.Person", verbose_name="拟任人选", on_delete=models.PROTECT, related_name="+")
    current_post = models.CharField("现任职务", max_length=100, blank=True)
    proposed_post = models.CharField("拟任职务", max_length=100)
    reason = models.TextField("动议事由", blank=True)
    filing = models.ForeignKey(
        Filing,
        verbose_name="讨论决定会议的“三重一大”报备",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    flags = models.JSONField("程序问题", default=list, blank=True)  # [{"code", "text", "on"}], append-only
    flags_open = models.BooleanField("程序问题待派驻组核查", default=False)
    check_opinion = models.TextField("派驻组核查意见", blank=True)
    stop_reason = models.TextField("终止原因", blank=True)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_on = models.DateField("登记日期")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "干部选任"
        verbose_name_plural = "干部选任"
        ordering = ["-created_on", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="resp_appointment_unit")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{self.candidate.name}拟任{self.proposed_post}"

    @declared(field="status", source=Status.OPEN, target=Status.OPEN)
    def record(self):
        pass

    @declared(field="status", source=Status.OPEN, target=Status.APPOINTED)
    def appoint(self):
        pass

    @declared(field="status", source=Status.OPEN, target=Status.STOPPED)
    def stop(self, reason: str):
        self.stop_reason = reason


class AppointmentStep(models.Model):
    """One step of a selection as the unit recorded it: its date (公示: the period), what happened, its files on
    the appointment."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField("程序", choices=Appointment.Step.choices)
    done_on = models.DateField("日期")
    ends_on = models.DateField("公示截止日期", null=True, blank=True)
    note = models.TextField("主要情况")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "选任程序"
        verbose_name_plural = "选任程序"
        ordering = ["appointment_id", "step"]
        constraints = [models.UniqueConstraint(fields=["appointment", "step"], name="resp_appointment_step_once")]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.done_on:%Y-%m-%d}"


class IntegrityOpinion(models.Model):
    """党风廉政意见回复: the unit asks the covering group for its opinion on a candidate before the decision; the
    group answers from the candidate's integrity file, and its answer goes into that file (org.IntegrityRecord)."""

    class Conclusion(models.TextChoices):
        CLEAR = "clear", "未发现影响使用的问题"
        DEFER = "defer", "有问题线索尚未了结，建议暂缓"
        OBJECT = "object", "存在不宜提拔使用的情形"

    class Status(models.TextChoices):
        REQUESTED = "requested", "待派驻组回复"
        ANSWERED = "answered", "已回复"

    appointment = models.OneToOneField(Appointment, on_delete=models.CASCADE, related_name="opinion")
    requested_on = models.DateField("征求日期")
    request = models.TextField("征求意见函")
    due_on = models.DateField("回复期限")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    conclusion = models.CharField("回复结论", max_length=16, choices=Conclusion.choices, blank=True)
    text = models.TextField("回复意见", blank=True)
    answered_on = models.DateField("回复日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.REQUESTED)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "党风廉政意见回复"
        verbose_name_plural = "党风廉政意见回复"
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"党风廉政意见（{self.appointment}）"

    @property
    def timeline_owner(self) -> Appointment:
        return self.appointment

    @declared(field="status", source=Status.REQUESTED, target=Status.ANSWERED)
    def answer(self, conclusion: str, text: str, on: datetime.date, by):
        self.conclusion, self.text, self.answered_on, self.answered_by = conclusion, text, on, by


class AppointmentEvent(TimelineEvent):
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = "选任记录"
        verbose_name_plural = "选任记录"


class RiskPoint(models.Model):
    """廉政风险点: a point of the unit's integrity-risk register (廉政风险防控) — where in a post's power an integrity
    risk lies, how it shows, how it is prevented, who owns it and which leader answers for it, and when it is next
    reviewed."""

    class Category(models.TextChoices):
        POST = "post", "岗位职责"
        PROCESS = "process", "业务流程"
        SYSTEM = "system", "制度机制"

    class Level(models.TextChoices):
        HIGH = "high", "高"
        MEDIUM = "medium", "中"
        LOW = "low", "低"

    class Status(models.TextChoices):
        ACTIVE = "active", "在用"
        RETIRED = "retired", "已撤销"

    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    department = models.CharField("科室（领域）", max_length=100)
    post = models.CharField("岗位", max_length=100)
    power_item = models.CharField("权力事项", max_length=200)
    category = models.CharField("风险类别", max_length=16, choices=Category.choices)
    level = models.CharField("风险等级", max_length=8, choices=Level.choices)
    manifestation = models.TextField("风险表现")
    measures = models.TextField("防控措施")
    owner = models.ForeignKey("org.Person", verbose_name="责任人", on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey("org.Person", verbose_name="责任领导", on_delete=models.PROTECT, related_name="+")
    review_on = models.DateField("复核日期")
    reviewed_on = models.DateField("上次复核日期", null=True, blank=True)
    retire_reason = models.TextField("撤销原因", blank=True)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "廉政风险点"
        verbose_name_plural = "廉政风险点"
        ordering = ["unit_id", "department", "post", "id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="resp_risk_unit"),
            models.Index(fields=["status", "review_on"], name="resp_risk_review"),
        ]

    def __str__(self) -> str:
        return f"{self.post}：{self.power_item}"

    @declared(field="status", source=Status.ACTIVE, target=Status.ACTIVE)
    def revise(self):
        pass

    @declared(field="status", source=Status.ACTIVE, target=Status.RETIRED)
    def retire(self, reason: str):
        self.retire_reason = reason


class RiskEvent(TimelineEvent):
    risk = models.ForeignKey(RiskPoint, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = "风险点记录"
        verbose_name_plural = "风险点记录"
