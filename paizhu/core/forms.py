"""The one form base of every app: Bootstrap classes on the widgets, `is-invalid` at the fields with errors,
and the hidden `version` of a record the form changes.

It also keeps framework words off the screen: a required field's message names the field ("请填写“谈话日期”。"
instead of "这个字段是必填项。"), an empty choice reads "请选择…" instead of "---------", and every long
text (a Textarea) has a limit in characters, counted as the user types (`static/js/counter.js`) and refused
beyond it at the field — never cut: a browser's `maxlength` would silently drop the end of a paste.

Templates then render fields as they are. A class or message set by the form itself wins.
"""

from typing import TYPE_CHECKING

from django import forms
from django.core.validators import MaxLengthValidator

TEXT_LIMIT = 5000  # the default limit of a long text, in characters; services refuse beyond it too
EMPTY_LABEL = "请选择…"
_DASHES = "---------"
_REQUIRED = forms.Field.default_error_messages["required"]
_INVALID_DATE = forms.DateField.default_error_messages["invalid"]

if TYPE_CHECKING:
    # The mixin comes before Form or ModelForm in every form's bases; the checker is told so.
    _FormBase = forms.BaseForm
else:
    _FormBase = object


def widget_class(widget: forms.Widget, *, compact: bool = False) -> str:
    """Bootstrap's class for `widget`: form-check-input for ticks and radios, form-select for lists, else form-control."""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):  # CheckboxSelectMultiple is a RadioSelect
        return "form-check-input"
    base = "form-select" if isinstance(widget, forms.Select) else "form-control"  # SelectMultiple is a Select
    return f"{base} {base}-sm" if compact else base


class StyledMixin(_FormBase):
    """For any Django form (a `ModelForm`, `PasswordChangeForm`): put it before the form class."""

    compact = False  # small controls, for filter bars

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def style(self) -> None:
        """Style every widget; a form that adds fields after `__init__` calls it again."""
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            field.widget.attrs.setdefault("class", widget_class(field.widget, compact=self.compact))
            speak_plainly(field, str(field.label or name))

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", "").split():
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


def speak_plainly(field: forms.Field, label: str) -> None:
    """The field's messages in words naming it, its empty choice as "请选择…", its long text counted."""
    messages = field.error_messages
    if messages.get("required") == _REQUIRED:
        if isinstance(field, forms.BooleanField):
            messages["required"] = f"请勾选“{label}”。"
        elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            messages["required"] = f"请选择“{label}”。"
        else:
            messages["required"] = f"请填写“{label}”。"
    if isinstance(field, forms.DateField) and messages.get("invalid") == _INVALID_DATE:
        messages["invalid"] = f"“{label}”不是有效的日期，请按“年-月-日”填写。"
    if isinstance(field, forms.ModelChoiceField):  # its choices are a query: only its empty label is ours
        if field.empty_label == _DASHES:
            field.empty_label = EMPTY_LABEL
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)  # type: ignore[arg-type]  # a ChoiceField's are normalised to a list
        if any(value == "" and text == _DASHES for value, text in choices):
            field.choices = [
                (value, EMPTY_LABEL if value == "" and text == _DASHES else text) for value, text in choices
            ]
    if isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea):
        count(field, label)


def count(field: forms.CharField, label: str) -> None:
    """A limit on a long text (its own `max_length`, else TEXT_LIMIT), shown by a counter under the box."""
    limit = field.max_length or TEXT_LIMIT
    field.max_length = limit
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(
        MaxLengthValidator(limit, message=f"“{label}”不超过{limit}字，当前%(show_value)d字，请删减后再提交。")
    )
    field.widget.attrs.pop("maxlength", None)
    field.widget.attrs["data-maxlength"] = limit


class StyledForm(StyledMixin, forms.Form):
    pass


class VersionedForm(StyledForm):
    """Carries the version of the record the user loaded; the service refuses the change if it moved on."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class PlainAdminMixin:
    """For a `ModelAdmin`: its form fields get the same plain words (field-named messages, "请选择…")."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]  # a ModelAdmin's
        if field is not None and not isinstance(field.widget, forms.HiddenInput):
            speak_plainly(field, str(field.label or db_field.verbose_name))
        return field
