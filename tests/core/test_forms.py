"""The one form base (`core.forms`): what every app's widgets get."""

from django import forms

from paizhu.core.forms import StyledForm, VersionedForm


class Sample(VersionedForm):
    name = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")])
    many = forms.MultipleChoiceField(choices=[("a", "甲")], widget=forms.CheckboxSelectMultiple, required=False)
    tick = forms.BooleanField(required=False)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"class": "form-control mono"}))


def _classes(form) -> dict:
    return {name: field.widget.attrs.get("class") for name, field in form.fields.items()}


def test_widgets_get_their_bootstrap_class_and_a_class_the_form_sets_wins():
    assert _classes(Sample()) == {
        "version": None,
        "name": "form-control",
        "kind": "form-select",
        "many": "form-check-input",
        "tick": "form-check-input",
        "note": "form-control mono",
    }


def test_compact_forms_get_small_controls():
    class Filters(StyledForm):
        compact = True
        q = forms.CharField()
        kind = forms.ChoiceField(choices=[("a", "甲")])
        tick = forms.BooleanField()

    assert _classes(Filters()) == {
        "q": "form-control form-control-sm",
        "kind": "form-select form-select-sm",
        "tick": "form-check-input",
    }


def test_fields_with_errors_are_marked_invalid_once():
    form = Sample({"version": "3", "name": "", "kind": "z"})
    assert not form.is_valid()
    form.add_error("name", "再说一次")
    classes = _classes(form)
    assert classes["name"] == "form-control is-invalid"
    assert classes["kind"] == "form-select is-invalid"
    assert classes["tick"] == "form-check-input"


def test_the_version_travels_hidden():
    form = Sample({"version": "3", "name": "x", "kind": "a"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["version"] == 3
    assert 'type="hidden" name="version"' in str(form["version"])
