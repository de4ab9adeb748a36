"""Forms of the clue pages: Chinese labels, help text that states the rule, choices from configured lists."""

from django import forms

from paizhu import access
from paizhu.accounts import staff
from paizhu.accounts.models import User
from paizhu.core.choices import Discipline
from paizhu.core.forms import StyledForm, VersionedForm
from paizhu.core.roles import COMMISSION_ROLES, Role
from paizhu.org.models import DispatchGroup, Office, Unit
from paizhu.org.picking import PeopleField
from paizhu.workflow.forms import AttachmentsField

from . import limits, services
from .models import (
    FIRST_FORM_MEASURES,
    GOV_PENALTIES,
    PARTY_PENALTIES,
    CloseKind,
    Form,
    InquiryMode,
    Method,
    ScreeningMeeting,
    Source,
)

DATE = forms.DateInput(attrs={"type": "date"})


def _choices(values) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


def _limit_help(key: str) -> str:
    amount, unit, label = limits.limit(key)
    unit_label = {"workdays": "个工作日", "days": "日", "months": "个月"}[unit]
    return f"{label}期限：{amount}{unit_label}"


class StepForm(VersionedForm):
    """A step on a clue or case: the version it was loaded at, the user and the clue its choices depend on."""

    def __init__(self, *args, user=None, clue=None, **kwargs):
        self.user, self.clue = user, clue
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


def _staff_of(clue):
    if clue is not None and clue.group_id:
        return staff.group_staff(clue.group_id)
    return staff.holding(COMMISSION_ROLES)


class RegisterForm(StyledForm):
    source_kind = forms.ChoiceField(label="线索来源", choices=Source.choices)
    source_detail = forms.CharField(label="来源说明", max_length=200, required=False)
    source_ref = forms.CharField(
        label="关联编号", max_length=64, required=False, help_text="如信访件编号 XF-2026-000123"
    )
    received_on = forms.DateField(label="受理日期", widget=DATE, help_text=_limit_help("proposal") + "（自受理之日起）")
    unit = forms.ModelChoiceField(label="涉及单位", queryset=Unit.objects.none())
    subjects = PeopleField(purpose="subject", label="被反映人", help_text="可选多人；只列出所选涉及单位的干部")
    categories = forms.MultipleChoiceField(
        label="反映问题类别", choices=Discipline.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(label="主要问题", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = access.scope(user, Unit).order_by("id")
        self.fields["subjects"].for_user(user, depends={"unit": "unit"})

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        if unit and any(p.unit_id != unit.pk for p in data.get("subjects", [])):
            self.add_error("subjects", "被反映人须为涉及单位的干部。")
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["subjects"] = list(data["subjects"])
        return data


class AssignmentForm(StepForm):
    group = forms.ModelChoiceField(
        label="承办派驻组", queryset=DispatchGroup.objects.filter(is_active=True), required=False
    )
    office = forms.ModelChoiceField(
        label="或：承办的委机关部门",
        queryset=Office.objects.filter(is_active=True, handles_clues=True),
        to_field_name="name",
        required=False,
        empty_label="（不选）",
        help_text="委机关直接承办时选择；部门列表由系统管理员维护",
    )
    opinion = forms.CharField(label="分办意见", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("group")) == bool(data.get("office")):
            raise forms.ValidationError("请选择承办派驻组，或选择承办的委机关部门（二者选一）。")
        return data

    def service_kwargs(self) -> dict:
        office = self.cleaned_data.get("office")
        return {**self.cleaned_data, "office": office.name if office else ""}


class HandlersForm(StepForm):
    handlers = forms.ModelMultipleChoiceField(
        label="承办人", queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlers"].queryset = _staff_of(self.clue)

    def service_kwargs(self) -> dict:
        return {"version": self.cleaned_data["version"], "handlers": list(self.cleaned_data["handlers"])}


class ProposeForm(StepForm):
    method = forms.ChoiceField(label="处置方式", choices=Method.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label="处置理由", widget=forms.Textarea(attrs={"rows": 4}))
    park_until = forms.DateField(label="复查日期", required=False, widget=DATE, help_text="暂存待查时填写")
    close_reason = forms.ChoiceField(label="了结理由", required=False, help_text="予以了结时选择")

    supervision = forms.BooleanField(
        label="按监察案件立案",
        required=False,
        help_text="立案且被反映人为监察对象时勾选："
        + _limit_help("supervision_decision")
        + "（自立案之日起），经批准可延长6个月",
    )
    meeting = forms.ModelChoiceField(
        label="集体排查",
        queryset=ScreeningMeeting.objects.none(),
        required=False,
        help_text="经集体排查研究的，选择该次会议；处置方式须与会议意见一致",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["close_reason"].choices = [("", "——")] + _choices(services.close_reasons(CloseKind.DIRECT))
        meetings = access.scope(self.user, ScreeningMeeting).filter(items__clue=self.clue).select_related("group")
        if self.clue is not None and meetings.exists():
            self.fields["meeting"].queryset = meetings
            self.fields["meeting"].label_from_instance = _meeting_label
        else:
            del self.fields["meeting"]


def _meeting_staff(user):
    """Who sits on a screening meeting: the leader's group staff, or 案管's office."""
    grant = user.acting_grant if user is not None else None
    if grant is not None and grant.group_id:
        people = staff.group_staff(grant.group_id)
    else:
        people = staff.holding({Role.CASE_MANAGEMENT})
    return people.order_by("id")


def _meeting_label(meeting) -> str:
    return f"{meeting.held_on:%Y-%m-%d} {meeting.held_by()}集体排查（{meeting.chaired_by}主持）"


class ScreeningForm(StyledForm):
    """The meeting's facts, then one decision (and opinion) per clue awaiting a proposal."""

    held_on = forms.DateField(label="会议日期", widget=DATE, help_text=_limit_help("proposal") + "（自受理之日起）")
    chaired_by = forms.CharField(label="主持人", max_length=60)
    attendees = forms.MultipleChoiceField(
        label="参会人员", required=False, widget=forms.CheckboxSelectMultiple, help_text="本组（室）在岗人员"
    )
    guests = forms.CharField(
        label="其他参会人员", max_length=200, required=False, help_text="列席的其他人员，姓名以顿号分隔"
    )
    notes = forms.CharField(label="会议情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, clues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.clues = list(clues)
        self.fields["chaired_by"].initial = user.full_name or user.username
        # The meeting's members are the group's (or 案管's) staff as the grants list them, not names typed anew.
        self.staff = {str(u.pk): u.full_name or u.username for u in _meeting_staff(user)}
        self.fields["attendees"].choices = list(self.staff.items())
        for clue in self.clues:
            self.fields[f"decision_{clue.pk}"] = forms.ChoiceField(
                label=f"{clue.serial} 排查意见",
                choices=[("", "本次未研究")] + Method.choices,
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"opinion_{clue.pk}"] = forms.CharField(
                label=f"{clue.serial} 意见说明",
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self):
        """(clue, decision field, opinion field) per clue, for the table."""
        return [(c, self[f"decision_{c.pk}"], self[f"opinion_{c.pk}"]) for c in self.clues]

    def clean(self):
        data = super().clean()
        if not data.get("attendees") and not (data.get("guests") or "").strip():
            self.add_error("attendees", "请勾选“参会人员”。")
        if not self.errors and not self.items():
            raise forms.ValidationError("请至少对一条线索提出排查意见。")
        return data

    def attendee_names(self) -> str:
        data = self.cleaned_data
        names = [self.staff[pk] for pk in data.get("attendees", [])]
        names += [n.strip() for n in (data.get("guests") or "").replace(",", "、").replace("，", "、").split("、")]
        return "、".join(n for n in names if n)

    def items(self) -> list:
        data = self.cleaned_data
        return [
            (c, data[f"decision_{c.pk}"], data.get(f"opinion_{c.pk}", ""))
            for c in self.clues
            if data.get(f"decision_{c.pk}")
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "chaired_by": data["chaired_by"],
            "attendees": self.attendee_names(),
            "notes": data["notes"],
            "items": self.items(),
        }


class InquiryForm(StepForm):
    mode = forms.ChoiceField(label="方式", choices=InquiryMode.choices, widget=forms.RadioSelect)
    on = forms.DateField(
        label="谈话日期 / 函件送达日期",
        widget=DATE,
        help_text="函询：" + _limit_help("inquiry_reply") + "，自送达之日起",
    )
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    uploads = AttachmentsField(label="谈话笔录或送达回证（签字件）")


class ReplyForm(StepForm):
    received_on = forms.DateField(label="收到书面说明日期", widget=DATE)
    summary = forms.CharField(label="说明情况摘要", widget=forms.Textarea(attrs={"rows": 4}))
    countersigned = forms.BooleanField(
        label="已经被函询人所在单位主要负责人签字",
        required=False,
        help_text="被函询人为主要负责人的，直接报送，无需签字",
    )
    uploads = AttachmentsField(label="书面说明原件（签字件）")


class ConcludeForm(StepForm):
    outcome = forms.ChoiceField(
        label="处理意见",
        widget=forms.RadioSelect,
        choices=[(a.value, a.label) for a in services.INQUIRY_OUTCOMES],
    )
    opinion = forms.CharField(label="了结意见及理由", widget=forms.Textarea(attrs={"rows": 4}))
    measures = forms.MultipleChoiceField(
        label="第一种形态处理措施",
        choices=_choices(FIRST_FORM_MEASURES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    close_reason = forms.ChoiceField(label="了结理由", required=False, help_text="选择“予以了结”时填写")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["close_reason"].choices = [("", "——")] + _choices(services.close_reasons(CloseKind.AFTER_INQUIRY))


class PlanForm(StepForm):
    plan = forms.CharField(
        label="初核方案", widget=forms.Textarea(attrs={"rows": 5}), help_text="核实内容、方法步骤、人员分工"
    )
    team = forms.ModelMultipleChoiceField(
        label="核查组成员", queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = _staff_of(self.clue)

    def service_kwargs(self) -> dict:
        return {**self.cleaned_data, "team": list(self.cleaned_data["team"])}


class ReportForm(StepForm):
    report = forms.CharField(
        label="初步核实情况报告", widget=forms.Textarea(attrs={"rows": 6}), help_text="核查组全体成员签名后提交"
    )
    proposal = forms.ChoiceField(
        label="处理建议",
        widget=forms.RadioSelect,
        choices=[(a.value, a.label) for a in services.VERIFICATION_PROPOSALS],
    )
    measures = forms.MultipleChoiceField(
        label="从轻处理措施", choices=_choices(FIRST_FORM_MEASURES), required=False, widget=forms.CheckboxSelectMultiple
    )
    close_reason = forms.ChoiceField(label="了结理由", required=False)
    park_until = forms.DateField(label="复查日期", required=False, widget=DATE)
    supervision = forms.BooleanField(
        label="按监察案件立案",
        required=False,
        help_text="立案且被反映人为监察对象时勾选："
        + _limit_help("supervision_decision")
        + "（自立案之日起），经批准可延长6个月",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["close_reason"].choices = [("", "——")] + _choices(
            services.close_reasons(CloseKind.AFTER_VERIFICATION)
        )


class DesignationForm(StepForm):
    group = forms.ModelChoiceField(
        label="指定承办的派驻组", queryset=DispatchGroup.objects.filter(is_active=True), empty_label="请选择"
    )
    reason = forms.CharField(
        label="指定管辖理由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
        help_text="涉及单位不在该派驻组监督范围内，经委领导指定管辖后，案管方可提出由其承办的分办意见。",
    )

    def service_kwargs(self) -> dict:
        return {"group": self.cleaned_data["group"], "reason": self.cleaned_data["reason"]}


class ReopenForm(StepForm):
    new_facts = forms.CharField(label="新情况说明", widget=forms.Textarea(attrs={"rows": 4}))


class ExtensionForm(StepForm):
    reasons = forms.CharField(
        label="延期理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_limit_help("investigation_extension") + "，仅可延长一次",
    )


class SupervisionExtensionForm(StepForm):
    reasons = forms.CharField(
        label="延期理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_limit_help("supervision_extension") + "，仅可延长一次",
    )


class TransferForm(StepForm):
    report = forms.CharField(label="审查调查报告", widget=forms.Textarea(attrs={"rows": 6}))


class AcceptForm(StepForm):
    pass


class ReviewTalkForm(StepForm):
    talked_on = forms.DateField(label="谈话日期", widget=DATE)
    place = forms.CharField(label="谈话地点", max_length=100)
    talked_by = forms.MultipleChoiceField(
        label="谈话人", widget=forms.CheckboxSelectMultiple, help_text="审理室参加谈话的人员，至少二人"
    )
    record = forms.CharField(
        label="谈话情况",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="核对违纪违法事实，听取被审查调查人的陈述和申辩，了解其认识态度",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reviewers = {
            str(u.pk): u.full_name or u.username for u in staff.holding({Role.CASE_REVIEW}).order_by("id")
        }
        self.fields["talked_by"].choices = list(self.reviewers.items())

    def clean_talked_by(self):
        chosen = self.cleaned_data["talked_by"]
        if len(chosen) < 2:
            raise forms.ValidationError("审理谈话须由审理室二人以上进行，请至少勾选二人。")
        return chosen

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["talked_by"] = "、".join(self.reviewers[pk] for pk in data["talked_by"])
        return data


class ReviewReportForm(StepForm):
    facts = forms.CharField(label="审理认定的事实", widget=forms.Textarea(attrs={"rows": 6}))
    opinion = forms.CharField(
        label="审理意见",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="定性、适用条款和处理意见（拟给予的处分）",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = getattr(self.clue, "case", None)
        if case is not None and not self.is_bound:  # a rewrite starts from the report as it stands
            self.initial.setdefault("facts", case.review_facts)
            self.initial.setdefault("opinion", case.review_opinion)


class ReturnForm(StepForm):
    reasons = forms.CharField(
        label="退回理由和需补充调查的事项", widget=forms.Textarea(attrs={"rows": 4}), help_text="补充调查期限为1个月"
    )


class SubmitForm(StepForm):
    pass


class DecideCaseForm(StepForm):
    decided_on = forms.DateField(label="决定日期", widget=DATE)
    form = forms.TypedChoiceField(label="四种形态", choices=Form.choices, coerce=int)
    party_penalty = forms.ChoiceField(
        label="党纪处分", choices=[("", "无")] + _choices(PARTY_PENALTIES), required=False
    )
    gov_penalty = forms.ChoiceField(label="政务处分", choices=[("", "无")] + _choices(GOV_PENALTIES), required=False)
    referred_for_prosecution = forms.BooleanField(
        label="涉嫌犯罪移送司法机关",
        required=False,
        help_text="第四种形态限于严重违纪违法涉嫌犯罪、移送司法机关的案件；撤销党内职务、开除等重处分未移送的为第三种形态。",
    )
    summary = forms.CharField(
        label="处分决定要旨", widget=forms.Textarea(attrs={"rows": 4}), help_text="审查认定的事实，写入处分决定"
    )
    penalty_basis = forms.CharField(
        label="处分依据",
        max_length=300,
        required=False,
        help_text="给予处分的，填写适用条款，如《中国共产党纪律处分条例》第三十七条第一款",
    )


class AnnounceForm(StepForm):
    announced_on = forms.DateField(label="宣布日期", widget=DATE, help_text="作出决定后1个月内宣布，最迟不超过6个月")


class ExecutionForm(StepForm):
    executed_on = forms.DateField(label="执行完毕日期", widget=DATE)
    note = forms.CharField(label="执行情况", widget=forms.Textarea(attrs={"rows": 3}))


class AppealForm(StepForm):
    kind = forms.ChoiceField(
        label="申诉类型", choices=[("review", "复审（1个月内决定）"), ("recheck", "复核（2个月内决定）")]
    )
    requested_on = forms.DateField(label="申请日期", widget=DATE)
    reasons = forms.CharField(label="申诉理由", widget=forms.Textarea(attrs={"rows": 3}))


class AppealDecisionForm(StepForm):
    result = forms.CharField(label="复审/复核决定", widget=forms.Textarea(attrs={"rows": 3}))
