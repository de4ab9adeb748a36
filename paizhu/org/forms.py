"""Forms of the org pages (派驻机构管理部门): Chinese labels, dates checked at the field.

The services check every rule again; a DomainError they raise is put on the field it names.
"""

import datetime

from django import forms
from django.utils import timezone

from paizhu.access.models import RelationDeclaration
from paizhu.core.forms import StyledForm, StyledMixin

from .models import Coverage, DispatchedStaff, DispatchGroup, Person, Unit
from .picking import PersonField


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CoverageForm(StyledForm):
    group = forms.ModelChoiceField(
        label="调整后的派驻纪检监察组",
        queryset=DispatchGroup.objects.filter(is_active=True),
        empty_label="请选择",
        error_messages={"required": "请选择派驻纪检监察组。"},
    )
    valid_from = forms.DateField(
        label="起始日期",
        widget=_date_widget(),
        help_text="自该日起由所选组监督；原监督关系于前一日终止。不得早于现行关系的起始日期，不得晚于今天。",
        error_messages={"required": "请填写起始日期。", "invalid": "请填写有效日期，如 2026-03-01。"},
    )
    reason = forms.CharField(
        label="调整理由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如：根据市纪委监委常委会会议决定调整。记入监督关系历史和审计日志。",
        error_messages={"required": "请填写调整理由。", "max_length": "调整理由不超过 300 字。"},
    )

    def __init__(self, *args, unit: Unit, current: Coverage | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit, self.current = unit, current
        if current:
            self.fields["group"].queryset = self.fields["group"].queryset.exclude(pk=current.group_id)

    def clean_valid_from(self):
        day = self.cleaned_data["valid_from"]
        if self.current and day <= self.current.valid_from:
            raise forms.ValidationError(f"须晚于现行监督关系的起始日期（{self.current.valid_from:%Y-%m-%d}）。")
        if day > timezone.localdate():
            raise forms.ValidationError("不能晚于今天：监督关系调整自生效之日起登记。")
        return day


class DispatchForm(StyledForm):
    person = PersonField(
        purpose="dispatch",
        label="人员",
        help_text="输入姓名、单位或职务，从干部名册中查找；名册中没有的，请先在干部名册中新增。",
        error_messages={"required": "请选择人员。"},
    )
    group = forms.ModelChoiceField(
        label="派驻纪检监察组",
        queryset=DispatchGroup.objects.filter(is_active=True),
        empty_label="请选择",
        error_messages={"required": "请选择派驻纪检监察组。"},
    )
    role = forms.ChoiceField(
        label="职务",
        choices=[("", "请选择"), *DispatchedStaff.Role.choices],
        error_messages={"required": "请选择职务。"},
    )
    valid_from = forms.DateField(
        label="派驻日期",
        widget=_date_widget(),
        error_messages={"required": "请填写派驻日期。", "invalid": "请填写有效日期，如 2026-03-01。"},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Anyone on the roster not on an open dispatch (`picking`); independence is checked by the service.
        self.fields["person"].for_user(user)


class EndDispatchForm(StyledForm):
    valid_to = forms.DateField(
        label="离任日期",
        widget=_date_widget(),
        error_messages={"required": "请填写离任日期。", "invalid": "请填写有效日期，如 2026-03-01。"},
    )

    def __init__(self, *args, staff: DispatchedStaff, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff
        self.fields["valid_to"].help_text = f"不得早于派驻日期（{staff.valid_from:%Y-%m-%d}），不得晚于今天。"

    def clean_valid_to(self):
        day: datetime.date = self.cleaned_data["valid_to"]
        if day < self.staff.valid_from:
            raise forms.ValidationError(f"不能早于派驻日期（{self.staff.valid_from:%Y-%m-%d}）。")
        if day > timezone.localdate():
            raise forms.ValidationError("不能晚于今天。")
        return day


class PersonForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "name",
            "unit",
            "post",
            "rank",
            "management_level",
            "is_leadership_member",
            "is_main_leader",
            "is_party_member",
            "is_supervision_object",
            "is_active",
        ]
        help_texts = {
            "unit": "派驻干部的组织关系在委机关，不填工作单位。",
            "management_level": "决定初步核实、立案等事项的审批路径。",
            "is_leadership_member": "领导班子成员即“关键少数”。",
            "is_main_leader": "一个单位同一时间只有一名主要负责人；须为领导班子成员。",
            "is_supervision_object": "行使公权力的公职人员，属监察对象。",
        }
        error_messages = {"name": {"required": "请填写姓名。"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("id")
        self.fields["unit"].empty_label = "（无，委机关派驻干部）"
        self.fields["rank"].choices = [("", "请选择"), *Person.Rank.choices]
        if not self.instance.pk:
            del self.fields["is_active"]

    def clean(self):
        data = super().clean()
        if data.get("is_main_leader") and not data.get("is_leadership_member"):
            self.add_error("is_leadership_member", "主要负责人须为领导班子成员。")
        return data


class RelationForm(StyledForm):
    """A declared relation. The person is never chosen from a list of the whole roster: the page offers a
    bounded search (`q`), and `person` accepts only a cadre the user may declare
    (`access.scope(user, Person, "declare")`)."""

    kind = forms.ChoiceField(label="关系类型", choices=[("", "请选择")] + list(RelationDeclaration.Kind.choices))
    q = forms.CharField(
        label="查找关系人",
        max_length=40,
        required=False,
        help_text="输入干部姓名中的至少2个字查找；与您有近亲属、原同事、利害关系等的干部，"
        "申报后涉及该干部的事项您将不可见。",
    )
    person = forms.ModelChoiceField(
        label="关系人",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "所选关系人无效，请重新查找。"},
    )
    unit = forms.ModelChoiceField(
        label="关系单位",
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        empty_label="（不选）",
        help_text="如原工作单位；申报后涉及该单位的事项您将不可见。",
    )
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, person_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = person_queryset if person_queryset is not None else Person.objects.none()
        self.fields["q"].widget.attrs.update({"autocomplete": "off", "placeholder": "输入姓名查找"})

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("unit"):
            raise forms.ValidationError("请选择关系人或关系单位（至少一项）。")
        return data
