"""Choosing people from the roster by typing: what each picker may offer, its search and its form fields.

A *purpose* names a list of people a form may pick from, as a function of the user (their access scope):
`subject` (a cadre of a unit the user may see — 被反映人), `dispatch` (an active cadre on no open dispatch —
the dispatch office's 派驻人员). The JSON endpoint (`/org/people/pick/?purpose=&q=&unit=`, `views.people_pick`)
and the fields below read the same `pickable(user, purpose)`: a posted id outside it is refused at the field
("所选…无效"), whatever the page offered. Other apps register their own purposes with `register`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy

from paizhu import access
from paizhu.core.roles import COMMISSION_ROLES, GROUP_ROLES
from paizhu.core.widgets import Picker

from .models import DispatchedStaff, Person

LIMIT = 10  # results per search: the picker narrows by typing, it never lists a roster
QUERY_MAX = 40


@dataclass(frozen=True)
class Purpose:
    label: str
    people: Callable[..., QuerySet[Person]]  # (user) -> the people the user may pick for it


_PURPOSES: dict[str, Purpose] = {}


def register(name: str, label: str, people: Callable[..., QuerySet[Person]]) -> None:
    _PURPOSES[name] = Purpose(label, people)


def purposes() -> dict[str, Purpose]:
    return dict(_PURPOSES)


def pickable(user, purpose: str, *, unit: int | None = None) -> QuerySet[Person]:
    people = _PURPOSES[purpose].people(user)
    if unit is not None:
        people = people.filter(unit_id=unit)
    return people.select_related("unit")


def search(people: QuerySet[Person], text: str, limit: int = LIMIT) -> list[Person]:
    """People whose name, unit or post contains `text`, names first; at most `limit`."""
    text = (text or "").strip()[:QUERY_MAX]
    if not text:
        return []
    found = people.filter(Q(name__contains=text) | Q(unit__name__contains=text) | Q(post__contains=text))
    return list(found.order_by("name", "id")[:limit])


def label(person: Person) -> str:
    """name（unit post）and the flags that change a matter's route."""
    flags = "".join(
        f"【{f}】"
        for f, on in (("班子成员", person.is_leadership_member), ("同级党委管理", person.is_commission_managed))
        if on
    )
    where = f"{person.unit.name if person.unit_id else '委机关'}{person.post}"
    return f"{person.name}（{where}）{flags}"


def item(person: Person) -> dict:
    return {
        "id": person.pk,
        "label": label(person),
        "name": person.name,
        "unit": person.unit.name if person.unit_id else "",
        "post": person.post,
    }


class _Picking:
    """What the two fields share: the purpose, the endpoint, the server-side search when scripts did not run."""

    purpose: str
    queryset: QuerySet
    widget: Picker

    def for_user(self, user, *, unit: int | None = None, depends: dict[str, str] | None = None) -> None:
        """Bind the field to what `user` may pick (optionally only from `unit`); the form calls it in `__init__`."""
        self.queryset = pickable(user, self.purpose, unit=unit)
        params = {"purpose": self.purpose, **({"unit": str(unit)} if unit is not None else {})}
        self.widget.params = params
        if depends:
            self.widget.depends = depends

    def label_from_instance(self, obj) -> str:
        return label(obj)

    def _searched(self, value) -> None:
        query = getattr(value, "query", "")
        if not query:
            return
        found = search(self.queryset, query)
        self.widget.candidates = [(str(p.pk), label(p)) for p in found]
        if not found:
            raise ValidationError(f"没有找到与“{query}”相符的人员，请换一个姓名、单位或职务查找。", code="not_found")
        more = f"（只列出前 {LIMIT} 人，可输入更完整的姓名）" if len(found) >= LIMIT else ""
        raise ValidationError(f"已查找“{query}”：请在下列人员中勾选后再提交{more}。", code="found")


def _messages(label_text: str) -> dict[str, str]:
    return {
        "invalid_choice": f"所选“{label_text}”不在可选范围内，请重新查找。",
        "invalid_pk_value": f"所选“{label_text}”无效，请重新查找。",
        "list": f"所选“{label_text}”无效，请重新查找。",
    }


class PeopleField(_Picking, forms.ModelMultipleChoiceField):
    """Several people picked by typing (`core.widgets.Picker`); the ids are checked against `pickable`."""

    def __init__(self, *, purpose: str, label: str, **kwargs):
        self.purpose = purpose
        kwargs.setdefault("required", False)
        super().__init__(
            queryset=Person.objects.none(),
            label=label,
            widget=Picker(reverse_lazy_pick(), multiple=True, params={"purpose": purpose}),
            error_messages={**_messages(label), **kwargs.pop("error_messages", {})},
            **kwargs,
        )

    def clean(self, value):
        self._searched(value)
        return super().clean(list(value or []))


class PersonField(_Picking, forms.ModelChoiceField):
    """One person picked by typing."""

    def __init__(self, *, purpose: str, label: str, **kwargs):
        self.purpose = purpose
        super().__init__(
            queryset=Person.objects.none(),
            label=label,
            widget=Picker(reverse_lazy_pick(), multiple=False, params={"purpose": purpose}),
            error_messages={**_messages(label), **kwargs.pop("error_messages", {})},
            **kwargs,
        )

    def clean(self, value):
        self._searched(value)
        return super().clean(str(value or ""))


def reverse_lazy_pick() -> str:
    return reverse_lazy("org:people_pick")  # type: ignore[return-value]  # a lazy str, resolved when rendered


def _subjects(user) -> QuerySet[Person]:
    # Only those who handle matters name a subject: a unit's own users are never offered its roster here.
    if getattr(user, "acting_role", None) not in COMMISSION_ROLES | GROUP_ROLES:
        return Person.objects.none()
    return access.scope(user, Person).filter(unit__isnull=False)


def _dispatchable(user) -> QuerySet[Person]:
    on_dispatch = DispatchedStaff.objects.filter(valid_to__isnull=True).values("person_id")
    return access.scope(user, Person, "manage").filter(is_active=True).exclude(pk__in=on_dispatch)


register("subject", "被反映人", _subjects)
register("dispatch", "派驻人员", _dispatchable)

__all__ = ["LIMIT", "PeopleField", "PersonField", "item", "label", "pickable", "purposes", "register", "search"]
