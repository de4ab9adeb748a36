"""The approver's decision form, for every approval kind."""

from django import forms

from paizhu.core.forms import VersionedForm


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
