from django import forms

from paizhu.core.forms import StyledForm


class RecuseForm(StyledForm):
    reason = forms.CharField(
        label="回避理由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写回避理由。"},
        help_text="例如：与被反映人系近亲属、曾与其共事、存在利害关系等。",
    )
