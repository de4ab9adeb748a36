"""The forms of rectification's pages: what the user types, checked at the field; the rules are the services'."""

import datetime
import re

from django import forms

from paizhu.core.forms import StyledForm, VersionedForm
from paizhu.workflow.forms import AttachmentsField

from .models import DemandKind, Item
from .services import ItemInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DemandForm(StyledForm):
    kind = forms.ChoiceField(label="文书种类", choices=[("", "请选择…"), *DemandKind.choices])
    unit = forms.ModelChoiceField(label="整改单位", queryset=None)
    title = forms.CharField(
        label="标题", max_length=120, required=False, help_text="不填则按“关于××有关问题整改的…建议”生成"
    )
    addressee = forms.CharField(
        label="主送", max_length=120, required=False, help_text="不填则纪律检查建议书主送单位党组，其他主送单位"
    )
    copies = forms.CharField(label="抄送", max_length=200, required=False)
    source_label = forms.CharField(label="问题来源", max_length=200, required=False, help_text="如“列席党组会议发现”")
    source_text = forms.CharField(
        label="来源说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="巡视巡察移交等，写明移交文件",
    )
    problems = forms.CharField(label="存在的问题", widget=forms.Textarea(attrs={"rows": 4}))
    causes = forms.CharField(label="问题原因", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label="整改建议", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    items = forms.CharField(
        label="整改事项",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一项，一个问题一项；单位逐项答复，派驻组逐项验收销号。某项期限与答复期限不同的，"
        "在行末写“｜2026-12-31”（日期）或“｜20个工作日”",
    )
    reply_workdays = forms.IntegerField(
        label="答复期限（工作日）", min_value=1, max_value=250, required=False, help_text="自印发之日起计算，节假日不计"
    )
    reply_due = forms.DateField(
        label="或答复日期", required=False, widget=DATE, help_text="与工作日数二选一，不早于印发日"
    )

    def __init__(self, *args, units=None, fixed_unit=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if fixed_unit:
            self.fields["unit"].disabled = True
        self.style()

    def clean(self):
        data = super().clean() or {}
        if data.get("reply_workdays") and data.get("reply_due"):
            self.add_error("reply_due", "答复期限请填写工作日数或日期，二者选一。")
        return data

    def clean_items(self) -> list[ItemInput]:
        return parse_items(self.cleaned_data["items"])

    def item_list(self) -> list[ItemInput]:
        return self.cleaned_data["items"]


# One item per line; its own deadline after a bar: "要求｜2026-12-31" or "要求｜20个工作日" (or just "｜20").
_OWN_DEADLINE = re.compile(r"^(?P<text>.*?)\s*[|｜]\s*(?P<due>[^|｜]*?)\s*$")
_WORKDAYS = re.compile(r"^(\d{1,3})\s*(个工作日|工作日)?$")


def parse_items(text: str) -> list[ItemInput]:
    """The items typed one per line, each with its own deadline if it names one; a bad deadline is refused."""
    rows = []
    for number, line in enumerate((line.strip() for line in text.splitlines() if line.strip()), start=1):
        found = _OWN_DEADLINE.match(line)
        if found is None:
            rows.append(ItemInput(line))
            continue
        due = found["due"]
        workdays = _WORKDAYS.match(due)
        if workdays:
            rows.append(ItemInput(found["text"], due_workdays=int(workdays[1])))
            continue
        try:
            rows.append(ItemInput(found["text"], due_on=datetime.date.fromisoformat(due)))
        except ValueError:
            raise forms.ValidationError(
                f"第{number}项的期限“{due}”无法识别，请写成“｜2026-12-31”或“｜20个工作日”。"
            ) from None
    return rows


def item_line(item: Item) -> str:
    """An item as a line of the items box (its own deadline after the bar)."""
    if item.due_workdays is not None:
        return f"{item.requirement}｜{item.due_workdays}个工作日"
    if item.due_on is not None:
        return f"{item.requirement}｜{item.due_on.isoformat()}"
    return item.requirement


class EditForm(DemandForm, VersionedForm):
    pass


class NoteForm(VersionedForm):
    opinion = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(VersionedForm):
    progress = forms.CharField(
        label="整改情况", widget=forms.Textarea(attrs={"rows": 4}), help_text="做了什么、到什么程度"
    )
    measures = forms.CharField(label="整改措施", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label="责任人", max_length=60, required=False, help_text="本项整改的具体责任人")
    uploads = AttachmentsField(label="佐证材料")


class PlanForm(VersionedForm):
    responsible = forms.CharField(label="牵头责任人", max_length=60)
    timetable = forms.CharField(label="时间表", widget=forms.Textarea(attrs={"rows": 3}), help_text="分阶段的安排")
    plan_due = forms.DateField(label="计划完成日期", widget=DATE)
    measures = forms.CharField(label="整改措施", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    milestones = forms.CharField(
        label="整改节点",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个：日期 节点，如“2026-10-30 修订议事规则”",
    )

    def clean_milestones(self) -> list[tuple[str, datetime.date]]:
        rows = []
        for line in (self.cleaned_data.get("milestones") or "").splitlines():
            if not line.strip():
                continue
            day, _, title = line.strip().partition(" ")
            try:
                rows.append((title.strip(), datetime.date.fromisoformat(day)))
            except ValueError:
                raise forms.ValidationError(f"“{line.strip()}”格式不对：请写成“年-月-日 节点”。") from None
            if not title.strip():
                raise forms.ValidationError(f"“{line.strip()}”缺少节点名称。")
        return rows


class MilestoneForm(VersionedForm):
    milestone = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="完成情况", max_length=300, required=False)


class ReportForm(VersionedForm):
    summary = forms.CharField(
        label="整改报告",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="党组（党委）研究整改的情况和总体成效；各事项的答复随报告一并报送",
    )
    signed = forms.BooleanField(label="本人作为党组书记签发此整改报告")


class VerifyForm(VersionedForm):
    accept = forms.TypedChoiceField(
        label="验收意见",
        choices=[("1", "验收通过，销号"), ("0", "整改不到位，退回重改")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="退回时必填，写明不到位之处"
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("accept") is False and not (data.get("reason") or "").strip():
            self.add_error("reason", "退回时请写明理由。")
        return data


class VisitForm(VersionedForm):
    on = forms.DateField(label="回头看日期", widget=DATE)


class VisitRecordForm(VersionedForm):
    on = forms.DateField(label="回头看日期", widget=DATE)
    finding = forms.CharField(label="回头看情况", widget=forms.Textarea(attrs={"rows": 4}))
    recurred = forms.TypedMultipleChoiceField(
        label="问题反弹的事项", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    due_on = forms.DateField(label="重新整改期限", required=False, widget=DATE, help_text="有问题反弹的事项时必填")

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recurred"].choices = [(i.number, f"第{i.number}项 {i.requirement[:30]}") for i in items]


class PressForm(StyledForm):
    item = forms.TypedChoiceField(label="督办事项", coerce=int, required=False)
    note = forms.CharField(label="督办意见", widget=forms.Textarea(attrs={"rows": 3}), help_text="单位和派驻组都能看到")

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "整个建议"), *[(i.pk, f"第{i.number}项") for i in items]]
        self.style()
