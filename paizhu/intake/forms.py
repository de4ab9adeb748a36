"""Forms of 信访举报: the public report, staff registration, and the small forms of the detail page.

The public form carries a self-hosted challenge: a question in Chinese numerals whose answer is never
sent to the browser — only an HMAC of it, signed with a timestamp, with a nonce that can be used once.
"""

import hashlib
import hmac
import secrets

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache

from paizhu import access
from paizhu.core.choices import Discipline
from paizhu.core.forms import StyledForm, VersionedForm
from paizhu.core.widgets import FilesInput
from paizhu.org.models import DispatchGroup, Unit
from paizhu.org.picking import PeopleField

from . import services
from .models import Channel, Feedback, ForwardingRecord, Kind, Office

NAMED_ROWS = 3
CHALLENGE_SALT = "intake.challenge"
CHALLENGE_MAX_AGE = 2 * 60 * 60
CHALLENGE_MIN_SECONDS = 3  # a person takes longer than this to read and fill in the form
_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def _answer_digest(nonce: str, answer: int) -> str:
    key = hashlib.sha256(settings.SECRET_KEY.encode() + b"intake.challenge").digest()
    return hmac.new(key, f"{nonce}:{answer}".encode(), hashlib.sha256).hexdigest()


def new_challenge() -> tuple[str, str]:
    """(question, token): the token proves which question was asked without revealing its answer."""
    a, b = secrets.randbelow(40) + 10, secrets.randbelow(9) + 1
    nonce = secrets.token_urlsafe(12)
    token = signing.TimestampSigner(salt=CHALLENGE_SALT).sign_object({"n": nonce, "d": _answer_digest(nonce, a + b)})
    return f"{_chinese_number(a)}加{_chinese_number(b)}等于多少？（请填写阿拉伯数字）", token


def check_challenge(token: str, answer: str) -> str | None:
    """None when the answer is right and the token fresh and unused; otherwise the Chinese reason."""
    signer = signing.TimestampSigner(salt=CHALLENGE_SALT)
    try:
        data = signer.unsign_object(token, max_age=CHALLENGE_MAX_AGE)
    except signing.SignatureExpired:
        return "验证问题已过期，请回答新的验证问题后重新提交。"
    except signing.BadSignature:
        return "验证信息无效，请回答新的验证问题后重新提交。"
    try:
        signer.unsign_object(token, max_age=CHALLENGE_MIN_SECONDS)
    except signing.SignatureExpired:
        pass
    else:
        return "提交过快，请稍候再提交。"
    answer = (answer or "").strip()
    if not answer.isdigit() or not hmac.compare_digest(_answer_digest(data["n"], int(answer)), data["d"]):
        return "验证问题回答不正确，请重新计算后填写。"
    if not cache.add(f"intake:challenge:{data['n']}", 1, CHALLENGE_MAX_AGE):
        return "该验证问题已使用过，请回答新的验证问题后重新提交。"
    return None


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); content is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FilesInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > services.MAX_ATTACHMENTS:
            raise forms.ValidationError(f"附件最多{services.MAX_ATTACHMENTS}个，您选择了{len(files)}个。")
        for f in files:
            if f.size > services.MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(f"附件“{f.name}”超过10MB，请压缩或拆分后再上传。")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _category_field():
    return forms.MultipleChoiceField(
        label="问题类别", choices=Discipline.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class _ReportFields(StyledForm):
    """What both the public and staff forms ask about the matter itself."""

    unit = forms.ModelChoiceField(
        label="涉及单位",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="请选择被反映人所在单位",
        help_text="列表中没有的单位，请在被反映人“单位”一栏填写。",
    )
    categories = _category_field()
    facts = forms.CharField(
        label="主要问题",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=services.MAX_FACTS_CHARS,
        help_text=f"请写清楚什么人、做了什么事，不超过{services.MAX_FACTS_CHARS}字。",
    )
    occurred_when = forms.CharField(label="发生时间", max_length=200, required=False)
    occurred_where = forms.CharField(label="发生地点", max_length=200, required=False)
    witnesses = forms.CharField(label="知情人或证据线索", max_length=500, required=False)
    reporter_name = forms.CharField(label="姓名", max_length=40, required=False)
    reporter_unit = forms.CharField(label="工作单位", max_length=100, required=False)
    reporter_contact = forms.CharField(
        label="联系方式", max_length=100, required=False, help_text="手机、固定电话、电子邮箱或详细通讯地址"
    )
    reporter_id_number = forms.CharField(label="身份证号码", max_length=18, required=False)
    reporter_address = forms.CharField(label="通讯地址", max_length=200, required=False)
    attachments = MultipleFileField(
        label="附件", required=False, help_text="最多5个，每个不超过10MB，限 JPG、PNG、PDF、Word（.docx）。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("id")
        for i in range(NAMED_ROWS):
            self.fields[f"name_{i}"] = forms.CharField(label="姓名", max_length=40, required=False)
            self.fields[f"named_unit_{i}"] = forms.CharField(label="单位", max_length=100, required=False)
            self.fields[f"post_{i}"] = forms.CharField(label="职务", max_length=100, required=False)
        self.style()

    def named_rows(self):
        return [(self[f"name_{i}"], self[f"named_unit_{i}"], self[f"post_{i}"]) for i in range(NAMED_ROWS)]

    def report_input(self, uploads: list[services.Upload], subjects=()) -> services.ReportInput:
        data = self.cleaned_data
        named = [
            services.NamedPerson(
                name=data[f"name_{i}"],
                unit_text=data[f"named_unit_{i}"],
                post=data[f"post_{i}"],
                unit=None if data[f"named_unit_{i}"].strip() else data["unit"],
            )
            for i in range(NAMED_ROWS)
            if data[f"name_{i}"].strip()
        ]
        identity = services.Identity(
            name=data["reporter_name"],
            unit=data["reporter_unit"],
            contact=data["reporter_contact"],
            id_number=data["reporter_id_number"],
            address=data["reporter_address"],
        )
        return services.ReportInput(
            facts=data["facts"],
            kind=data.get("kind") or Kind.ACCUSATION,
            categories=data["categories"],
            unit=data["unit"],
            subjects=list(subjects),
            named=named,
            occurred_when=data["occurred_when"],
            occurred_where=data["occurred_where"],
            witnesses=data["witnesses"],
            identity=identity,
            uploads=uploads,
        )


def uploads_of(files) -> list[services.Upload]:
    return [services.Upload(f.name, b"".join(f.chunks())) for f in files]


class PublicReportForm(_ReportFields):
    mode = forms.ChoiceField(
        label="举报方式",
        choices=[("anonymous", "匿名举报"), ("real", "实名举报")],
        widget=forms.RadioSelect,
        initial="anonymous",
    )
    kind = forms.ChoiceField(
        label="反映事项性质",
        choices=[c for c in Kind.choices if c[0] != Kind.OUT_OF_SCOPE],
        initial=Kind.ACCUSATION,
    )
    challenge_token = forms.CharField(widget=forms.HiddenInput)
    challenge_answer = forms.CharField(label="验证问题", max_length=4)
    website = forms.CharField(required=False, label="请勿填写此项")  # a trap for form-filling robots

    def clean(self):
        data = super().clean()
        if data.get("mode") == "anonymous":
            for name in (
                "reporter_name",
                "reporter_unit",
                "reporter_contact",
                "reporter_id_number",
                "reporter_address",
            ):
                data[name] = ""
        elif data.get("mode") == "real" and not services.is_real_name(
            data.get("reporter_name", ""), data.get("reporter_unit", ""), data.get("reporter_contact", "")
        ):
            self.add_error(
                "reporter_contact",
                "实名举报须填写真实姓名或工作单位，以及具体的联系方式（电话、电子邮箱或详细地址），否则按匿名举报处理。",
            )
        if not data.get("unit") and not any((data.get(f"name_{i}") or "").strip() for i in range(NAMED_ROWS)):
            self.add_error("name_0", "请至少填写一名被反映人，或选择涉及单位。")
        if data.get("website"):
            self.add_error(None, "提交未通过校验，请刷新页面后重试。")
        return data


class StatusForm(StyledForm):
    code = forms.CharField(label="查询码", max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"}))


class ReporterMessageForm(StyledForm):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    body = forms.CharField(
        label="留言", widget=forms.Textarea(attrs={"rows": 4}), max_length=services.MAX_MESSAGE_CHARS
    )


class StaffReportForm(_ReportFields):
    channel = forms.ChoiceField(label="来源渠道", choices=Channel.choices)
    source = forms.CharField(
        label="转办机关或来源", max_length=100, required=False, help_text="转办、移交和交办件必填，如“省纪委监委”"
    )
    received_on = forms.DateField(label="收到日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    kind = forms.ChoiceField(label="性质", choices=Kind.choices, initial=Kind.ACCUSATION)
    subjects = PeopleField(
        purpose="subject",
        label="被反映人（从干部名册选择）",
        help_text="可选多人；名册中没有的人员请在下方填写。",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].for_user(user)
        self.fields["unit"].queryset = access.scope(user, Unit).filter(is_active=True).order_by("id")
        self.fields["attachments"].label = "原件扫描件"
        self.style()


class RoutingForm(VersionedForm):
    target = forms.ChoiceField(label="承办单位")
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        offices = [(f"office:{value}", f"委机关{label}") for value, label in Office.choices]
        self.fields["target"].choices = offices + [(f"group:{g.pk}", str(g)) for g in groups]

    def destination(self) -> tuple[DispatchGroup | None, str]:
        kind, _, value = self.cleaned_data["target"].partition(":")
        if kind == "group":
            return DispatchGroup.objects.get(pk=int(value)), ""
        return None, value


class HandlerForm(VersionedForm):
    handler = forms.ModelChoiceField(label="承办人", queryset=None, empty_label="请选择")

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = users


class CloseForm(VersionedForm):
    result = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class TransferForm(VersionedForm):
    to_agency = forms.CharField(label="转往机关", max_length=100)
    note = forms.CharField(label="说明", max_length=200, required=False)


class DesignationForm(StyledForm):
    """指定管辖: the 委领导 names the group that handles the report although it does not cover its unit."""

    group = forms.ModelChoiceField(
        label="指定承办的派驻组", queryset=DispatchGroup.objects.none(), empty_label="请选择"
    )
    reason = forms.CharField(
        label="指定管辖理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300})
    )

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups if groups is not None else DispatchGroup.objects.filter(is_active=True)


class ExtendForm(VersionedForm):
    reason = forms.CharField(label="延期理由", max_length=300)


class FeedbackForm(StyledForm):
    notice = forms.ChoiceField(label="告知事项", choices=Feedback.Notice.choices)
    method = forms.ChoiceField(label="告知方式", choices=Feedback.Method.choices)
    given_on = forms.DateField(label="告知日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label="告知内容", max_length=1000, required=False)
    objection = forms.CharField(
        label="举报人异议或补充材料", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class ReplyForm(StyledForm):
    body = forms.CharField(
        label="回复举报人", widget=forms.Textarea(attrs={"rows": 3}), max_length=services.MAX_MESSAGE_CHARS
    )


class IdentityRequestForm(StyledForm):
    reason = forms.CharField(label="申请理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class DecisionForm(StyledForm):
    note = forms.CharField(label="审批意见", max_length=300, required=False)


class ForwardingForm(StyledForm):
    received_on = forms.DateField(label="收到日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.ChoiceField(label="转送原因", choices=ForwardingRecord.Reason.choices)
    forwarded_to = forms.CharField(label="转送机关", max_length=100, help_text="如“省纪委监委”")
    forwarded_on = forms.DateField(
        label="转送日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ConvertForm(StyledForm):
    summary = forms.CharField(
        label="线索主要问题", widget=forms.Textarea(attrs={"rows": 4}), max_length=services.MAX_FACTS_CHARS
    )
    subjects = PeopleField(purpose="subject", label="被反映人", help_text="涉及单位的干部，输入姓名或职务查找")
    categories = _category_field()

    def __init__(self, *args, report=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].for_user(user, unit=report.unit_id if report is not None else None)

    def draft(self) -> services.ClueDraft:
        data = self.cleaned_data
        return services.ClueDraft(
            summary=data["summary"], subjects=list(data["subjects"]), categories=data["categories"]
        )
