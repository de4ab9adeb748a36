"""Who is who: the commission, its dispatched groups, the units they cover (with history), cadres.

Invariants that need another row (one covering group per unit at a time, the independence of
dispatched staff) are enforced in `services.py`; `clean()` here repeats them for the forms, through
`check_independence`, which lives here so that the models need nothing above them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from paizhu.core.errors import DomainError


class Commission(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级纪委监委", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = "纪委监委"
        verbose_name_plural = "纪委监委"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class DispatchGroup(models.Model):
    commission = models.ForeignKey(Commission, verbose_name="派出机关", on_delete=models.PROTECT, related_name="groups")
    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, help_text="例如：第四纪检监察组")
    ordinal = models.PositiveSmallIntegerField("序号", default=0)
    may_investigate_duty_crimes = models.BooleanField(
        "具有职务犯罪调查权限", default=True, help_text="无此权限的组须将涉嫌职务犯罪的线索移交委机关"
    )
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "派驻纪检监察组"
        verbose_name_plural = "派驻纪检监察组"
        ordering = ["ordinal", "id"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Unit(models.Model):
    class Type(models.TextChoices):
        PARTY_GOV = "party_gov", "党政机关"
        PUBLIC_INSTITUTION = "institution", "事业单位"
        STATE_ENTERPRISE = "enterprise", "国有企业"
        OTHER = "other", "其他"

    commission = models.ForeignKey(
        Commission, verbose_name="所属纪委监委", on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField("单位名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    unit_type = models.CharField("单位类型", max_length=16, choices=Type.choices, default=Type.PARTY_GOV)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "驻在部门"
        verbose_name_plural = "驻在部门"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """A department of the commission itself (委机关部门: 纪检监察室, 信访室, 案件审理室…), as the system
    administrator keeps the list: a clue the commission handles is given to one of the active ones."""

    name = models.CharField("部门名称", max_length=60, unique=True)
    ordinal = models.PositiveSmallIntegerField("排序", default=0)
    handles_clues = models.BooleanField("可承办问题线索", default=True, help_text="分办时可选为承办部门")
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "委机关部门"
        verbose_name_plural = "委机关部门"
        ordering = ["ordinal", "id"]

    def __str__(self) -> str:
        return self.name


class CoverageQuerySet(models.QuerySet):
    def on(self, day):
        """Coverage valid on `day` (both ends inclusive; an open end is still valid)."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def current(self):
        return self.filter(valid_to__isnull=True)


class Coverage(models.Model):
    """A group covers a unit from `valid_from` to `valid_to` (inclusive; open = still covering).

    Periods of one unit never overlap: `services.set_coverage` refuses it, and on PostgreSQL an
    exclusion constraint (migration 0004, btree_gist over `daterange(valid_from, valid_to, '[]')`)
    refuses it in the database too. `reason` and `changed_by` say why and by whom the row was made.
    """

    group = models.ForeignKey(
        DispatchGroup, verbose_name="派驻纪检监察组", on_delete=models.PROTECT, related_name="coverages"
    )
    unit = models.ForeignKey(Unit, verbose_name="驻在部门", on_delete=models.PROTECT, related_name="coverages")
    valid_from = models.DateField("起始日期")
    valid_to = models.DateField("终止日期", null=True, blank=True)
    reason = models.CharField("调整理由", max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="调整人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField("调整时间", null=True, blank=True)

    objects = CoverageQuerySet.as_manager()

    class Meta:
        verbose_name = "监督关系"
        verbose_name_plural = "监督关系"
        ordering = ["unit_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(valid_to__isnull=True), name="org_coverage_one_current_group_per_unit"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="org_coverage_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.unit}"


class Person(models.Model):
    """A cadre (干部). The management level decides approval routes for clues and cases."""

    class Rank(models.TextChoices):
        DEPARTMENT_CHIEF = "zhengting", "正厅级"
        DEPARTMENT_DEPUTY = "futing", "副厅级"
        DIVISION_CHIEF = "zhengchu", "正处级"
        DIVISION_DEPUTY = "fuchu", "副处级"
        SECTION_CHIEF = "zhengke", "正科级"
        SECTION_DEPUTY = "fuke", "副科级"
        STAFF = "keyuan", "科员及以下"

    class ManagementLevel(models.TextChoices):
        HIGHER = "higher", "上级党委管理"
        SAME_LEVEL_COMMITTEE = "same_level", "同级党委管理"
        UNIT_PARTY_GROUP = "unit_party_group", "本单位党组（党委）管理"
        OTHER = "other", "其他"

    name = models.CharField("姓名", max_length=40)
    unit = models.ForeignKey(
        Unit, verbose_name="工作单位", null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    post = models.CharField("职务", max_length=100, blank=True)
    rank = models.CharField("职级", max_length=16, choices=Rank.choices, blank=True)
    is_leadership_member = models.BooleanField("领导班子成员", default=False, help_text="“关键少数”")
    is_main_leader = models.BooleanField("主要负责人", default=False)
    is_party_member = models.BooleanField("中共党员", default=True)
    is_supervision_object = models.BooleanField("监察对象", default=True)
    management_level = models.CharField(
        "干部管理权限", max_length=20, choices=ManagementLevel.choices, default=ManagementLevel.UNIT_PARTY_GROUP
    )
    is_active = models.BooleanField("在职", default=True)

    class Meta:
        verbose_name = "干部"
        verbose_name_plural = "干部"
        ordering = ["unit_id", "-is_main_leader", "-is_leadership_member", "id"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}{self.post}）" if self.unit else self.name

    @property
    def is_commission_managed(self) -> bool:
        """Managed by the same-level party committee: the commission handles such matters itself."""
        return self.management_level == self.ManagementLevel.SAME_LEVEL_COMMITTEE

    def clean(self):
        if self.pk and self.unit_id:
            try:
                check_independence(self, self.unit)
            except Exception as exc:  # a DomainError becomes a form error here
                raise ValidationError({"unit": str(exc)}) from exc


class DispatchedStaff(models.Model):
    """A person dispatched by the commission into a group. Organisation and salary relations stay with the commission."""

    class Role(models.TextChoices):
        LEADER = "leader", "组长"
        DEPUTY = "deputy", "副组长"
        MEMBER = "member", "组员"

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="dispatches")
    group = models.ForeignKey(
        DispatchGroup, verbose_name="派驻纪检监察组", on_delete=models.PROTECT, related_name="staff"
    )
    role = models.CharField("职务", max_length=16, choices=Role.choices, default=Role.MEMBER)
    valid_from = models.DateField("派驻日期")
    valid_to = models.DateField("离任日期", null=True, blank=True)
    org_relation_with_commission = models.BooleanField("组织关系在委机关", default=True)
    salary_relation_with_commission = models.BooleanField("工资关系在委机关", default=True)

    class Meta:
        verbose_name = "派驻干部"
        verbose_name_plural = "派驻干部"
        ordering = ["group_id", "role", "id"]

    def __str__(self) -> str:
        return f"{self.group} {self.get_role_display()} {self.person.name}"


def check_independence(person: Person, unit: Unit | None, group: DispatchGroup | None = None) -> None:
    """Refuse a post in `unit` for a person dispatched into a group covering it (or into `group`)."""
    if unit is None:
        return
    if group is None and not person.pk:
        return  # a new cadre has no dispatch yet
    groups = (
        [group] if group else [d.group for d in person.dispatches.filter(valid_to__isnull=True).select_related("group")]
    )
    covered = Coverage.objects.current().filter(unit=unit, group__in=groups).select_related("group").first()
    if covered:
        raise DomainError(
            f"{person.name}是{covered.group}派驻干部，该组监督{unit.name}，不得在被监督单位任职（派驻监督须保持独立性）。",
            field="unit",
        )


class IntegrityRecord(models.Model):
    """An entry of a cadre's integrity file (廉政档案, "一人一档"): how a clue or case about them ended.

    Written through `services.write_integrity_outcome`, in the transaction of the step it records: by the
    clue and case services when the matter concludes, by the supervision log when a group holds a 提醒谈话
    or 谈话警示 (第一种形态), and by the main-responsibility module when a group answers a unit's request for
    its 党风廉政意见 on a candidate. The file itself — its pages, who opens it and the approved requests of
    everyone else, the policy of these rows included — is `paizhu.integrity` (docs/integrity.md): the clue
    side of an entry (its serial and summary) is shown only to those who hold the file; the summary sheet
    an approved request opens shows the conclusions alone (the opinions, and the entries naming `measures`).
    """

    class Kind(models.TextChoices):
        CLUE_OUTCOME = "clue_outcome", "问题线索处置结果"
        PENALTY = "penalty", "党纪政务处分"
        FIRST_FORM_TALK = "first_form_talk", "提醒谈话、谈话警示"
        INTEGRITY_OPINION = "opinion", "党风廉政意见回复"

    person = models.ForeignKey(Person, verbose_name="干部", on_delete=models.PROTECT, related_name="integrity_records")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    occurred_on = models.DateField("日期")
    source_serial = models.CharField("来源编号", max_length=32)
    form = models.PositiveSmallIntegerField("四种形态", null=True, blank=True)
    measures = models.JSONField("处理措施", default=list, blank=True)
    summary = models.CharField("摘要", max_length=300)
    created_at = models.DateTimeField("记入时间", auto_now_add=True)

    class Meta:
        verbose_name = "廉政档案记录"
        verbose_name_plural = "廉政档案记录"
        ordering = ["person_id", "-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "source_serial", "kind"], name="org_integrity_once_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.occurred_on:%Y-%m-%d} {self.summary}"

    @property
    def form_label(self) -> str:
        """四种形态 in words ("第一种形态"); empty when the entry is of none."""
        return f"第{'一二三四'[self.form - 1]}种形态" if self.form in (1, 2, 3, 4) else ""
