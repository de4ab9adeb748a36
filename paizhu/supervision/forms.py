"""The forms of the supervision log: one per kind (only its fields), the finding disposals, the filters."""

import datetime

from django import forms

from paizhu import access
from paizhu.accounts.staff import group_staff
from paizhu.core.calendar import shanghai_today
from paizhu.core.choices import Discipline
from paizhu.core.forms import VersionedForm
from paizhu.intake.models import Report
from paizhu.org.models import Unit
from paizhu.org.picking import PeopleField
from paizhu.rectification.forms import parse_items
from paizhu.rectification.models import DemandKind
from paizhu.workflow.forms import AttachmentsField

from .kinds import spec
from .models import FIRST_FORM_KINDS, Activity, Kind, LastWord
from .queries import group_units
from .services import ActivityInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PHOTO_HELP = "手机上点此可直接拍照，最多10张，每张不超过20MB；其他材料可在保存后上传。"


class _StaffChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


class ActivityForm(VersionedForm):
    """The fields of one kind; `version` matters only when a saved record is corrected."""

    held_on = forms.DateField(label="日期", widget=DATE)
    units = forms.ModelMultipleChoiceField(
        label="单位", queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    participants = _StaffChoice(
        label="同去的组内人员",
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="记录人本人自动列入",
    )
    persons = PeopleField(
        purpose="supervised",
        label="涉及人员",
        help_text="输入姓名、单位或职务查找，从所选单位的干部名册中选择，可选多人",
    )
    place = forms.CharField(label="地点", max_length=100, required=False)
    topic = forms.CharField(label="主题", max_length=200)
    meeting = forms.CharField(label="会议名称", max_length=200, help_text="如：局党组会议（2026年第15次）")
    major_items = forms.CharField(
        label="研究的“三重一大”事项",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        help_text="重大决策、重要人事任免、重大项目安排、大额资金使用，每项一行",
    )
    unfiled = forms.BooleanField(
        label="会前未报备",
        required=False,
        help_text="勾选：以上“三重一大”事项会前未向派驻组报备，保存时自动登记为一个发现的问题；"
        "只有部分事项未报备的，不勾选，在“发现的问题”中写明",
    )
    last_word = forms.ChoiceField(label="主要负责人末位表态", choices=LastWord.choices, widget=forms.RadioSelect)
    opinion = forms.CharField(label="监督意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    materials = forms.CharField(
        label="调阅资料",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=3000,
        help_text="调阅或复制的文件、账目、记录",
    )
    report = forms.ModelChoiceField(label="关联信访举报", queryset=Report.objects.none())
    content = forms.CharField(label="主要内容", widget=forms.Textarea(attrs={"rows": 5}))
    findings = forms.CharField(
        label="发现的问题",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="每行一个问题，保存后由组长逐个处置（登记线索、提醒谈话、整改或不予处理）",
    )
    photos = AttachmentsField(label="现场照片", help_text=PHOTO_HELP)

    def __init__(self, *args, kind: str, user, instance: Activity | None = None, **kwargs):
        self.kind_spec = spec(kind)
        self.instance = instance
        super().__init__(*args, **kwargs)
        group_id = user.acting_grant.group_id
        today = shanghai_today()
        self.fields["held_on"].widget.attrs["max"] = today.isoformat()
        units = group_units(group_id, datetime.date(today.year - 1, 1, 1))
        self.fields["units"].queryset = units
        self.fields["persons"].for_user(user)
        self.fields["participants"].queryset = group_staff(group_id).exclude(pk=user.pk).order_by("id")
        self.fields["report"].queryset = access.scope(user, Report).filter(unit__in=units).order_by("-received_on")
        self.fields["report"].label_from_instance = lambda r: f"{r.serial}（{r.received_on:%Y-%m-%d}）{r.facts[:20]}"
        for name in ("topic", "meeting", "major_items", "last_word", "opinion", "materials", "report"):
            if name not in self.kind_spec.fields:
                del self.fields[name]
            else:
                self.fields[name].required = name in self.kind_spec.required
        for name, label in self.kind_spec.labels.items():
            if name in self.fields:
                self.fields[name].label = label
        if "persons" in self.kind_spec.required:
            self.fields["persons"].required = True
            self.fields["persons"].label = "谈话对象"
        if instance is not None or "major_items" not in self.kind_spec.fields:
            del self.fields["unfiled"]  # a record names it once, when it is saved
        if instance is not None:
            del self.fields["photos"]  # files are added on the record's page (上传材料)
            self.fields["findings"].label = "补充发现的问题"
            if instance.kind in FIRST_FORM_KINDS:
                self.fields["persons"].disabled = True
                self.fields["persons"].help_text = "已记入廉政档案，不能修改"
        else:
            self.fields["photos"].widget.attrs.update({"accept": "image/*", "capture": "environment"})
            del self.fields["version"]
        self.style()

    def activity_input(self) -> ActivityInput:
        data = self.cleaned_data
        return ActivityInput(
            held_on=data["held_on"],
            units=list(data["units"]),
            persons=list(data.get("persons") or []),
            participants=list(data.get("participants") or []),
            place=data.get("place", ""),
            topic=data.get("topic", ""),
            meeting=data.get("meeting", ""),
            major_items=data.get("major_items", ""),
            last_word=data.get("last_word", ""),
            opinion=data.get("opinion", ""),
            materials=data.get("materials", ""),
            report=data.get("report"),
            content=data["content"],
            findings=[line for line in (data.get("findings") or "").splitlines() if line.strip()],
            unfiled=bool(data.get("unfiled")),
        )


def initial_for(instance: Activity) -> dict:
    """A saved record as the correction form's starting values."""
    return {
        "version": instance.version,
        "held_on": instance.held_on,
        "units": list(instance.units.all()),
        "persons": list(instance.persons.all()),
        "participants": [u for u in instance.participants.all() if u.pk != instance.author_id],
        **{
            name: getattr(instance, name)
            for name in ("place", "topic", "meeting", "major_items", "last_word", "opinion", "materials", "content")
        },
        "report": instance.report,
    }


class ClueDisposalForm(VersionedForm):
    summary = forms.CharField(label="主要问题", widget=forms.Textarea(attrs={"rows": 4}))
    subjects = PeopleField(purpose="subject", label="被反映人")
    categories = forms.MultipleChoiceField(
        label="问题类别", choices=Discipline.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, finding, user, **kwargs):
        super().__init__(*args, **kwargs)
        activity = finding.activity
        self.fields["subjects"].for_user(user, unit=activity.unit_id)
        self.fields["subjects"].help_text = f"输入姓名或职务，从{activity.unit.name}的干部中查找"
        self.style()


class TalkDisposalForm(VersionedForm):
    kind = forms.ChoiceField(
        label="方式",
        choices=[(k, Kind(k).label) for k in (Kind.REMINDER_TALK, Kind.WARNING_TALK)],
        widget=forms.RadioSelect,
    )
    held_on = forms.DateField(label="谈话日期", widget=DATE)
    persons = PeopleField(purpose="supervised", label="谈话对象", required=True)
    place = forms.CharField(label="地点", max_length=100, required=False)
    topic = forms.CharField(label="事由", max_length=200)
    content = forms.CharField(label="谈话内容及本人态度", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, finding, user, **kwargs):
        super().__init__(*args, **kwargs)
        activity = finding.activity
        self.finding = finding
        self.fields["held_on"].widget.attrs["max"] = shanghai_today().isoformat()
        self.fields["persons"].for_user(user, unit=activity.unit_id)
        self.fields["persons"].help_text = f"输入姓名或职务，从{activity.unit.name}的干部中查找"
        self.style()

    def activity_input(self) -> ActivityInput:
        data = self.cleaned_data
        return ActivityInput(
            held_on=data["held_on"],
            units=[self.finding.activity.unit],
            persons=list(data["persons"]),
            place=data.get("place", ""),
            topic=data["topic"],
            content=data["content"],
        )


class RectificationForm(VersionedForm):
    kind = forms.ChoiceField(label="文书种类", choices=DemandKind.choices, initial=DemandKind.OPINION)
    problems = forms.CharField(label="存在的问题", widget=forms.Textarea(attrs={"rows": 4}))
    items = forms.CharField(
        label="整改事项",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一项（一个问题一项），驻在部门逐项答复；某项期限不同的，在行末写“｜2026-12-31”或“｜20个工作日”",
    )
    causes = forms.CharField(label="问题原因", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    measures = forms.CharField(label="整改建议", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reply_workdays = forms.IntegerField(
        label="答复期限（工作日）", min_value=1, max_value=250, required=False, help_text="自印发之日起；不填按默认期限"
    )

    def __init__(self, *args, finding, user, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_items(self):
        return parse_items(self.cleaned_data["items"])

    def item_lines(self):
        return self.cleaned_data["items"]


class DropForm(VersionedForm):
    reason = forms.CharField(label="不予处理理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)

    def __init__(self, *args, finding, user, **kwargs):
        super().__init__(*args, **kwargs)
