"""The one form base of every app: Bootstrap classes on the widgets, `is-invalid` at the fields with errors,
and the hidden `version` of a record the form changes.

Templates then render fields as they are. A class set on a widget by the form itself wins (`setdefault`).
"""

from typing import TYPE_CHECKING

from django import forms

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
        for field in self.fields.values():
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", widget_class(field.widget, compact=self.compact))

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", "").split():
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


class StyledForm(StyledMixin, forms.Form):
    pass


class VersionedForm(StyledForm):
    """Carries the version of the record the user loaded; the service refuses the change if it moved on."""

    version = forms.IntegerField(widget=forms.HiddenInput)
