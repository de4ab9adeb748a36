"""A matter's workflow state: its one `FSMField` (a model with several names it with `state_field = "..."`)."""

from django.db import models
from django_fsm import FSMField


def state_field(model: type[models.Model]) -> str:
    """The name of the field that holds the matter's workflow state."""
    declared = getattr(model, "state_field", None)
    if declared:
        return declared
    names = [f.name for f in model._meta.concrete_fields if isinstance(f, FSMField)]
    if len(names) != 1:
        raise TypeError(f"{model._meta.label} has {len(names)} FSMFields: declare state_field")
    return names[0]


def state_of(obj: models.Model) -> str:
    return getattr(obj, state_field(type(obj)))


def state_label(obj: models.Model) -> str:
    return getattr(obj, f"get_{state_field(type(obj))}_display")()
