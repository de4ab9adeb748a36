from django import forms

from paizhu.core.forms import StyledForm, VersionedForm
from paizhu.org.models import Person
from paizhu.org.picking import PersonField
from paizhu.workflow.forms import AttachmentsField

from .models import (
    Activity,
    Appointment,
    DualReport,
    Filing,
    IntegrityOpinion,
    ListItem,
    ResponsibilityList,
    RiskPoint,
    Signature,
)


class ListForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    level = forms.ChoiceField(label="责任层级", choices=ResponsibilityList.Level.choices)
    person = forms.ModelChoiceField(
        label="责任人",
        queryset=Person.objects.none(),
        required=False,
        help_text="党组书记清单选本单位党组书记；“一岗双责”清单选分管的班子成员；集体责任清单不选。",
    )
    area = forms.CharField(
        label="分管领域", max_length=200, required=False, help_text="“一岗双责”清单必填，如：教育督导、财务审计。"
    )

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["person"].queryset = Person.objects.filter(
                unit=unit, is_leadership_member=True, is_active=True
            ).order_by("-is_main_leader", "id")
        self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.post}）"


class ItemForm(VersionedForm):
    kind = forms.ChoiceField(label="清单类别", choices=ListItem.Kind.choices)
    task = forms.CharField(
        label="责任内容", max_length=300, help_text="正面清单写应履行的职责任务；负面清单写应被问责的情形。"
    )
    measures = forms.CharField(
        label="工作措施", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    due_on = forms.DateField(
        label="完成时限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="正面清单必填，应在清单年度内。",
    )
    evidence = forms.CharField(
        label="佐证材料",
        max_length=300,
        required=False,
        help_text="如：会议纪要、专题报告、谈话记录；文件可在清单页上传。",
    )


class ProgressForm(VersionedForm):
    progress = forms.CharField(label="推进情况", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    done_on = forms.DateField(
        label="完成日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="已完成的填写完成日期；尚在推进的留空。",
    )


class SubmitForm(VersionedForm):
    """提交签字背书: one signer per step, from the unit's users."""

    def __init__(self, *args, signers=None, **kwargs):
        super().__init__(*args, **kwargs)
        for step in Signature.Step:
            field = forms.ModelChoiceField(label=step.label, queryset=signers, required=True)
            field.label_from_instance = lambda u: f"{u.full_name}（{u.person.post}）" if u.person_id else u.full_name
            self.fields[f"step_{step.value}"] = field
        self.style()


class SignForm(VersionedForm):
    opinion = forms.CharField(
        label="签字意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=500, initial="同意。"
    )


YES_NO = [("1", "是"), ("0", "否")]


def _yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda v: v == "1", widget=forms.RadioSelect, help_text=help_text
    )


class FilingForm(StyledForm):
    category = forms.ChoiceField(label="事项类别", choices=Filing.Category.choices)
    title = forms.CharField(label="事项名称", max_length=200)
    meeting_kind = forms.ChoiceField(label="会议类型", choices=Filing.Meeting.choices)
    meeting_on = forms.DateField(
        label="会议日期", widget=forms.DateInput(attrs={"type": "date"}), help_text="应至少在会议召开1个工作日前报备。"
    )
    amount = forms.DecimalField(
        label="涉及金额（元）",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text="大额度资金使用、重大项目须填写。",
    )
    agenda = forms.CharField(label="会议议题及议程", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    uploads = AttachmentsField(label="议题材料")


class AnswerForm(VersionedForm):
    attend = _yes_no("是否列席会议")
    attendees = forms.CharField(
        label="列席人员", max_length=200, required=False, help_text="列席的，填写派驻组人员姓名。"
    )
    opinion = forms.CharField(
        label="派驻组意见",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text="不列席的须填写意见。",
    )


class MinutesForm(VersionedForm):
    held_on = forms.DateField(label="实际召开日期", widget=forms.DateInput(attrs={"type": "date"}))
    decision = forms.CharField(label="会议决定情况", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    uploads = AttachmentsField(label="会议纪要", required=True)


class ConcludeForm(VersionedForm):
    collective = _yes_no("是否经集体研究决定")
    last_speaker = _yes_no("主要负责人是否末位表态")
    opinion = forms.CharField(
        label="会后督查意见",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text="发现问题的须填写意见。",
    )


class ActivityForm(StyledForm):
    occurred_on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="类别", choices=Activity.Kind.choices)
    title = forms.CharField(label="事项", max_length=200, help_text="如：党组会议专题研究党风廉政建设工作")
    content = forms.CharField(label="主要内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    participants = forms.CharField(label="参加人员", max_length=300, required=False)
    item = forms.ModelChoiceField(
        label="对应清单事项",
        queryset=ListItem.objects.none(),
        required=False,
        help_text="履行的是清单中哪一项职责（可不选）。",
    )
    uploads = AttachmentsField(label="记实材料")

    def __init__(self, *args, unit=None, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["item"].queryset = (
                ListItem.objects.filter(
                    responsibility_list__unit=unit, responsibility_list__year=year, kind=ListItem.Kind.DUTY
                )
                .select_related("responsibility_list__person")
                .order_by("responsibility_list__level", "position")
            )
        self.fields["item"].label_from_instance = lambda i: (
            f"{i.responsibility_list.get_level_display()}：{i.task[:40]}"
        )


class ReportForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    period = forms.ChoiceField(label="报告期", choices=DualReport.Period.choices)


class ReportBodyForm(VersionedForm):
    body = forms.CharField(label="报告正文", widget=forms.Textarea(attrs={"rows": 18}), max_length=20000)


class ReportSubmitForm(VersionedForm):
    pass


class ReportCommentForm(VersionedForm):
    comment = forms.CharField(label="审阅意见", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)


# --- 干部选任 and 党风廉政意见 ---


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


class AppointmentForm(StyledForm):
    candidate = PersonField(purpose="unit_cadre", label="拟任人选", help_text="输入姓名查找本单位干部。")
    proposed_post = forms.CharField(label="拟任职务", max_length=100, help_text="如：基础教育科科长")
    reason = forms.CharField(
        label="动议事由",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="如：职位空缺情况、工作需要。",
    )

    def __init__(self, *args, user=None, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].for_user(user, unit=unit.pk if unit else None)


class AppointmentStepForm(VersionedForm):
    step = forms.TypedChoiceField(label="程序", coerce=int)
    done_on = _date("日期", help_text="程序实际办理的日期；任前公示填写公示开始日期。")
    ends_on = _date("公示截止日期", required=False, help_text="仅任前公示填写。公示期不少于5个工作日。")
    note = forms.CharField(
        label="主要情况",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="如：推荐范围和得票情况、考察组成员和考察方式、会议应到实到人数和表决结果、公示范围。",
    )
    filing = forms.ModelChoiceField(
        label="对应“三重一大”报备",
        queryset=Filing.objects.none(),
        required=False,
        help_text="仅讨论决定选择：研究该人选的党组（党委）会议的报备。",
    )
    uploads = AttachmentsField(label="程序材料")

    def __init__(self, *args, appointment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if appointment is not None:
            done = set(appointment.steps.values_list("step", flat=True))
            self.fields["step"].choices = [(v, label) for v, label in Appointment.Step.choices if v not in done]
            self.fields["filing"].queryset = Filing.objects.filter(
                unit_id=appointment.unit_id, category=Filing.Category.APPOINTMENT
            ).order_by("-meeting_on", "-id")
        self.fields["filing"].label_from_instance = lambda f: f"{f.serial} {f.title}（会议 {f.meeting_on:%Y-%m-%d}）"


class OpinionRequestForm(VersionedForm):
    request = forms.CharField(
        label="征求意见函",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text="写明拟任人选的基本情况、拟任职务和选任进展；派驻纪检监察组5个工作日内回复。",
    )


class OpinionAnswerForm(VersionedForm):
    conclusion = forms.ChoiceField(label="回复结论", choices=[("", "请选择"), *IntegrityOpinion.Conclusion.choices])
    text = forms.CharField(
        label="回复意见",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text="回复记入该同志的廉政档案；本单位看到回复意见，看不到廉政档案的内容。",
    )


class AppointmentCheckForm(VersionedForm):
    opinion = forms.CharField(
        label="核查意见",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="如：已向组织人事部门了解情况、已提醒党组书记、已作为问题线索或监督发现处理。",
    )


class AppointmentStopForm(VersionedForm):
    reason = forms.CharField(label="终止原因", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


# --- 廉政风险防控 ---


class RiskForm(VersionedForm):
    department = forms.CharField(label="科室（领域）", max_length=100, help_text="如：计划财务科、基础教育")
    post = forms.CharField(label="岗位", max_length=100, help_text="如：财务审核岗")
    power_item = forms.CharField(label="权力事项", max_length=200, help_text="如：专项资金拨付审核")
    category = forms.ChoiceField(label="风险类别", choices=RiskPoint.Category.choices)
    level = forms.ChoiceField(label="风险等级", choices=RiskPoint.Level.choices)
    manifestation = forms.CharField(label="风险表现", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    measures = forms.CharField(label="防控措施", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    owner = forms.ModelChoiceField(label="责任人", queryset=Person.objects.none())
    leader = forms.ModelChoiceField(label="责任领导", queryset=Person.objects.none(), help_text="分管的班子成员。")
    review_on = _date("复核日期", help_text="下次复核风险点的日期，到期前30天列入待办。")

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            people = Person.objects.filter(unit=unit, is_active=True)
            self.fields["owner"].queryset = people.order_by("-is_leadership_member", "id")
            self.fields["leader"].queryset = people.filter(is_leadership_member=True).order_by("-is_main_leader", "id")
        for name in ("owner", "leader"):
            self.fields[name].label_from_instance = lambda p: f"{p.name}（{p.post}）"
        self.fields["version"].required = False

    def service_kwargs(self) -> dict:
        from .services.risks import RiskInput

        data = self.cleaned_data
        return {"version": data["version"], "data": RiskInput(**{k: data[k] for k in RiskInput.__annotations__})}


class RiskReviewForm(VersionedForm):
    reviewed_on = _date("复核日期")
    level = forms.ChoiceField(label="风险等级", choices=RiskPoint.Level.choices, help_text="按复核情况重新评定。")
    note = forms.CharField(
        label="复核情况",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="防控措施落实情况、是否出现新的风险表现。",
    )
    next_review_on = _date("下次复核日期")


class RiskRetireForm(VersionedForm):
    reason = forms.CharField(
        label="撤销原因",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="如：岗位撤并、权力事项已取消或下放。",
    )
