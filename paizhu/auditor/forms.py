from django import forms

from paizhu.audit import chain
from paizhu.audit.events import EVENTS
from paizhu.audit.labels import object_types
from paizhu.core.forms import StyledForm


class AuditFilterForm(StyledForm):
    """The auditor's filter bar; it lives in the URL so a filtered list can be bookmarked or shared."""

    compact = True

    actor = forms.CharField(label="操作人", required=False, max_length=60, help_text="姓名的一部分或完整用户名")
    action = forms.ChoiceField(label="操作", required=False)
    object_type = forms.ChoiceField(label="对象类型", required=False)
    object_id = forms.CharField(label="对象编号", required=False, max_length=64)
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    alerts = forms.BooleanField(label="仅看安全告警", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "全部操作")] + [
            (code, f"{label}（{code}）") for code, label in sorted(EVENTS.items())
        ]
        self.fields["object_type"].choices = [("", "全部类型")] + sorted(
            ((code, f"{label}（{code}）") for code, label in object_types().items()), key=lambda c: c[0]
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data

    def filters(self) -> dict:
        """The valid filters; an invalid field filters nothing (its error is shown at the field)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}

    def description(self) -> str:
        """The filters in words, printed on exports."""
        parts = []
        for name, value in self.filters().items():
            field = self[name]
            if isinstance(field.field, forms.ChoiceField):
                value = dict(field.field.choices).get(value, value)
            elif value is True:
                value = "是"
            parts.append(f"{field.label}：{value}")
        return "；".join(parts) or "无（全部记录）"


class VerifyForm(StyledForm):
    anchors = forms.CharField(
        label="外部留存的链头哈希（可选）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm mono"}),
        help_text="周期报告、导出文件中打印的链头哈希，每行一个；校验时确认它们仍在审计链中。",
    )

    def clean_anchors(self) -> tuple[str, ...]:
        values = tuple(v.strip().lower() for v in self.cleaned_data["anchors"].split() if v.strip())
        for value in values:
            if not chain.is_hash(value):
                raise forms.ValidationError(f"“{value[:20]}”不是有效的链头哈希（应为 64 位十六进制字符）。")
        return values
