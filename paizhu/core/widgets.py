"""Widgets of our own that every form may use.

`Picker`: a choice among many (the cadres of a roster, hundreds of them) by typing, instead of a long
select or a Ctrl-multiselect. What is chosen is a list of ticked boxes (radios for a single choice) that the
form posts as usual; above it, a search box. With scripts (`static/paizhu/picker.js`) the box asks `source`
(a JSON endpoint answering `{"items": [{"id", "label"}], "more"}` for `?q=`, the widget's `params` and the
values of the fields named in `depends`) as the user types, and a result is picked with the mouse or the
keyboard (↑ ↓ Enter, Esc). Without scripts the box is posted with the form under `<name>__q`: the field then
refuses the submission, nothing is changed, and the page comes back with the people found (`candidates`)
as boxes to tick — the search happens on the server, in the same scope.

`FilesInput`: several files in one input, shown as a button in Chinese (选择文件, or 拍照或选择照片 when the input
opens the camera) and the names chosen (`static/paizhu/paizhu.js`), instead of the browser's own words
("Choose Files", "No file chosen", in whatever language the browser speaks). The input itself stays in the
page, visually hidden but focusable, and is what the form posts.

The widget only renders and reads; which rows may be chosen, the search and the refusal are the field's
(`org.picking.PeopleField`), so that the endpoint and the validation read the same query.
"""

import json

from django import forms

QUERY_SUFFIX = "__q"


class Picked(list):
    """The ids posted for a picker, with the text typed in its search box when scripts did not run."""

    def __init__(self, values=(), query: str = ""):
        super().__init__(values)
        self.query = query


class PickedOne(str):
    """The id posted for a single-choice picker, with the text typed in its search box."""

    query = ""

    def __new__(cls, value: str = "", query: str = ""):
        obj = super().__new__(cls, value)
        obj.query = query
        return obj


class Picker(forms.SelectMultiple):
    template_name = "core/widgets/picker.html"

    def __init__(
        self,
        source: str = "",
        *,
        multiple: bool = True,
        params: dict[str, str] | None = None,
        depends: dict[str, str] | None = None,
        placeholder: str = "输入姓名、单位或职务查找",
        attrs=None,
    ):
        super().__init__(attrs)
        self.source = source
        self.multiple = multiple
        self.params = dict(params or {})
        self.depends = dict(depends or {})  # query parameter -> name of the form field whose value it takes
        self.placeholder = placeholder
        self.candidates: list[tuple[str, str]] = []  # found by a search posted without scripts

    @property
    def allow_multiple_selected(self) -> bool:  # type: ignore[override]
        return self.multiple

    def value_from_datadict(self, data, files, name):
        query = str(data.get(name + QUERY_SUFFIX, "") or "").strip()[:40]
        if self.multiple:
            values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
            return Picked(values if isinstance(values, list | tuple) else [values], query)
        value = data.get(name)
        return PickedOne("" if value is None else str(value), query)

    def value_omitted_from_data(self, data, files, name) -> bool:
        return False  # nothing ticked is a choice (an empty list), as for any set of checkboxes

    def format_value(self, value) -> list[str]:
        if value is None or value == "":
            return []
        if not isinstance(value, list | tuple | set):
            value = [value]
        return [str(getattr(v, "pk", v)) for v in value if v not in (None, "")]

    def _labels(self, values: list[str]) -> dict[str, str]:
        """Labels of the chosen values only: never the whole list of choices (a roster of hundreds)."""
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is not None:
            ids = [v for v in values if v.isdigit()]
            label = choices.field.label_from_instance  # type: ignore[attr-defined]
            return {str(obj.pk): label(obj) for obj in queryset.filter(pk__in=ids)} if ids else {}
        return {str(k): str(v) for k, v in choices if str(k) in values}

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        chosen = context["widget"]["value"]
        labels = self._labels(chosen)
        picks = [(v, labels[v], True) for v in chosen if v in labels]
        picks += [(v, label, False) for v, label in self.candidates if v not in labels]
        widget_attrs = context["widget"]["attrs"]
        invalid = "is-invalid" in str(widget_attrs.get("class", "")).split()
        context["widget"].update(
            {
                "picks": picks,
                "found": bool(self.candidates),
                "multiple": self.multiple,
                "source": self.source,
                "params": json.dumps(self.params, ensure_ascii=False),
                "depends": json.dumps(self.depends, ensure_ascii=False),
                "placeholder": self.placeholder,
                "query_name": name + QUERY_SUFFIX,
                "input_class": "form-control is-invalid" if invalid else "form-control",
                "input_type": "checkbox" if self.multiple else "radio",
            }
        )
        return context

    def id_for_label(self, id_: str, index: str = "0") -> str:
        return id_  # the label names the search box, not one of the boxes


class FilesInput(forms.ClearableFileInput):
    """Several files in one input, with a Chinese button and the chosen names (`core/widgets/files.html`)."""

    allow_multiple_selected = True
    template_name = "core/widgets/files.html"
