from django import forms

from paizhu.org.models import Person, Unit

from .models import RelationDeclaration


class RelationForm(forms.Form):
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
        for name, field in self.fields.items():
            if name == "person":
                continue
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )
        self.fields["q"].widget.attrs.update({"autocomplete": "off", "placeholder": "输入姓名查找"})

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("unit"):
            raise forms.ValidationError("请选择关系人或关系单位（至少一项）。")
        return data


class RecuseForm(forms.Form):
    reason = forms.CharField(
        label="回避理由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": "请填写回避理由。"},
        help_text="例如：与被反映人系近亲属、曾与其共事、存在利害关系等。",
    )
