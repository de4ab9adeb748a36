"""Step pages: the one shape of a page that takes a step on a record through a service.

An app declares the steps a matter's page offers as `Step`s (name in the address, label on the button,
icon, the access action the step asks, the predicate that shows the button); `offered` draws the buttons
from that predicate, and the step page itself is

    step = steps.find(STEPS, name)                                 # unknown step: 404
    obj = steps.target(request, step, queryset, pk)                # through access; not allowed now: 404
    form = ...
    return steps.submitted(request, form, lambda data: services.<step>(request.user, obj, **...),
                           success=f"已{step.label}。", done=url) or render(...)

`submitted` is also the whole POST of a page that creates a record: run the service with the cleaned data,
a `DomainError` goes onto the field it names (or the form) and nothing changes, else a message and a redirect.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from paizhu import access
from paizhu.core.errors import DomainError, NotFound

if TYPE_CHECKING:
    from django import forms

M = TypeVar("M", bound=models.Model)


def _always(user: Any, obj: Any) -> bool:
    return True


@dataclass(frozen=True, kw_only=True)
class Step:
    """A step a matter's page offers. `allowed(user, obj)` is the predicate the service checks (role, part
    in the matter, state): the button shows only when it holds. `action` is what the step asks of the
    user on the matter (access's action); `confirm` the question asked before submitting."""

    name: str
    label: str
    icon: str = "pencil-square"
    action: str = "act"
    allowed: Callable[[Any, Any], bool] = _always
    confirm: str = ""


@dataclass(frozen=True, kw_only=True)
class FormStep(Step):
    """A step whose page is one `form` class and whose service is `run(user, obj, data)` — `data` what the
    app's view makes of the valid form (its cleaned data, or its `service_kwargs()`)."""

    form: type
    run: Callable[[Any, Any, dict[str, Any]], Any]


S = TypeVar("S", bound=Step)


def declare(*steps: S) -> dict[str, S]:
    """The steps of a page by name, in the order their buttons show."""
    return {s.name: s for s in steps}


def find(steps: dict[str, S], name: str) -> S:
    """The step named in the address; an unknown one is 404."""
    step = steps.get(name)
    if step is None:
        raise NotFound()
    return step


def offered(steps: dict[str, S], user: Any, obj: Any) -> list[S]:
    """The steps whose buttons the page shows the user on `obj`."""
    return [s for s in steps.values() if s.allowed(user, obj)]


def target(
    request: HttpRequest,
    step: Step,
    queryset: type[M] | models.QuerySet[M],
    pk: Any,
    *,
    action: str | None = None,
    read: bool = False,
    refused: str | None = None,
) -> M:
    """The record `step` is taken on, through access (404 when the user may not `action` on it — the
    step's own action unless given). With `read`, showing the form (GET) is a read of the record
    (`access.fetch`, audited as its policy says). A step not allowed now is 404, or, when `refused`
    words it, that refusal (400)."""
    action = action or step.action
    user = request.user
    if read and request.method == "GET":
        obj = access.fetch(user, queryset, pk, action)
    else:
        obj = access.get_for_act(user, queryset, pk, action=action)
    if not step.allowed(user, obj):
        raise DomainError(refused) if refused else NotFound()
    return obj


def submitted(
    request: HttpRequest,
    form: "forms.BaseForm",
    run: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str],
    done: str | Callable[[Any], str],
) -> HttpResponse | None:
    """A valid POST runs `run(cleaned_data)` (the service call): its `DomainError` goes onto the field it
    names, or the form, and the page shows again (None); else the `success` message (or a function of what
    the service returned) and a redirect to `done` (a URL, or a function of the result)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = run(form.cleaned_data)
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(done(result) if callable(done) else done)
