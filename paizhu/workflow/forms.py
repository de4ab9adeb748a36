"""The approver's decision form, for every approval kind."""

from django import forms

from paizhu.core.forms import VersionedForm
from paizhu.core.widgets import FilesInput

from . import attachments


class AttachmentsField(forms.FileField):
    """Files for a step (`workflow.attachments`): several in one input, a phone offers its camera.

    Cleans to a list of `attachments.Upload`; count and size are checked here, at the field, so that a
    too-large photo is refused before anything is sent on; the content is checked by the service.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FilesInput(attrs={"accept": attachments.ACCEPT}))
        kwargs.setdefault("help_text", attachments.HELP)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = list(data) if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise forms.ValidationError(f"请上传{self.label}。", code="required")
        if len(files) > attachments.MAX_FILES:
            raise forms.ValidationError(f"附件最多{attachments.MAX_FILES}个，您选择了{len(files)}个。")
        limit = attachments.MAX_BYTES
        for f in files:
            if f.size > limit:
                raise forms.ValidationError(f"附件“{f.name}”超过{limit // (1024 * 1024)}MB，请压缩或拆分后再上传。")
        return [attachments.Upload(f.name, b"".join(f.chunks())) for f in files]


class AttachForm(forms.Form):
    """上传材料 as a step of its own, on any matter page."""

    label = forms.CharField(label="材料名称", max_length=60, help_text="如“谈话笔录（签字件）”")
    uploads = AttachmentsField(label="文件", required=True)


class DecisionForm(VersionedForm):
    """Carries the version of the matter the approver looked at; the service refuses if it moved on."""

    approve = forms.TypedChoiceField(
        label="审批意见",
        choices=[("1", "同意"), ("0", "不同意，退回")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label="意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="不同意时必填",
    )
    attested = forms.BooleanField(label="", required=False)

    def __init__(self, *args, attestation: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if attestation:
            self.fields["attested"].label = attestation
        else:
            del self.fields["attested"]

    def clean(self):
        data = super().clean() or {}
        if data.get("approve") is False and not (data.get("opinion") or "").strip():
            self.add_error("opinion", "不同意时请填写审批意见，说明退回理由。")
        return data
