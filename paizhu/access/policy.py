from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

from paizhu.core.errors import NotFound, PermissionDenied, StaleEdit
from paizhu.core.roles import COMMISSION_ROLES, GROUP_ROLES

if TYPE_CHECKING:
    from paizhu.core.actors import Actor, AnyActor

M = TypeVar("M", bound=models.Model)


@dataclass
class Policy:
    """How one model is scoped.

    `scope(user, grant, queryset, action)` returns the rows the user may act on with `action`;
    `audit_read` names the audit event written when a single record is fetched for reading
    (None for non-sensitive models such as the org chart).
    """

    scope: Callable[["Actor", Any, models.QuerySet, str], models.QuerySet]
    audit_read: str | None = None
    actions: frozenset[str] = field(default_factory=lambda: frozenset({"view"}))
    # Actions answered by the very same rows as another ({"export": "view"}): `may` then knows one from the other.
    same_scope: dict[str, str] = field(default_factory=dict)
    # `section(user, grant, queryset, action)`: whether `scope` would be anything but `.none()`, answered without
    # building all of it (a matter's recusal exclusions never empty a whole section). None: `scope` is asked.
    section: Callable[["Actor", Any, models.QuerySet, str], bool] | None = None

    def answer_key(self, action: str) -> str:
        return self.same_scope.get(action, action)


_policies: dict[type[models.Model], Policy] = {}


def register(model: type[models.Model], policy: Policy) -> None:
    _policies[model] = policy


def _policy_for(model: type[models.Model]) -> Policy:
    try:
        return _policies[model]
    except KeyError:
        raise PermissionDenied(f"{model._meta.verbose_name}未配置访问策略。") from None


def scope(
    user: "AnyActor | None", queryset_or_model: type[M] | models.QuerySet[M], action: str = "view"
) -> models.QuerySet[M]:
    """The rows of `queryset_or_model` that `user`, acting in their current grant, may `action`."""
    queryset = (
        queryset_or_model
        if isinstance(queryset_or_model, models.QuerySet)
        else queryset_or_model._default_manager.all()
    )
    policy = _policy_for(queryset.model)
    if user is None or not user.is_authenticated:  # no actor (a command's None) sees nothing either
        return queryset.none()
    grant = user.acting_grant
    if grant is None or action not in policy.actions:
        return queryset.none()
    return policy.scope(user, grant, queryset, action)


def has_section(user: "AnyActor", model: type[models.Model] | models.QuerySet, action: str = "view") -> bool:
    """Whether the user's acting role may `action` some rows of `model` at all (an export button, a list)."""
    queryset = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    policy = _policy_for(queryset.model)
    if user is None or not user.is_authenticated:
        return False  # no actor sees anything (as `scope`)
    grant = user.acting_grant
    if policy.section is not None and grant is not None and action in policy.actions:
        return policy.section(user, grant, queryset, action)
    return not scope(user, queryset, action).query.is_empty()


def require_section(user: "AnyActor", model: type[models.Model] | models.QuerySet, action: str = "view") -> None:
    """NotFound (404) unless the user's acting role may see some rows of `model` at all.

    List pages call it first, so that a unit user or one of the 三员 does not even find an empty
    ledger of clues or reports: the section does not exist for them.
    """
    if not has_section(user, model, action):
        raise NotFound()


def check(user: "AnyActor", action: str, obj: models.Model) -> None:
    """Raise PermissionDenied unless `user` may `action` on `obj` (the refusal names it, for the audit)."""
    if not scope(user, type(obj)._default_manager.filter(pk=obj.pk), action).exists():
        raise PermissionDenied(model=type(obj), pk=obj.pk, action=action)


def fetch(user: "AnyActor", queryset_or_model: type[M] | models.QuerySet[M], pk: Any, action: str = "view") -> M:
    """One record for reading; NotFound when it is outside the user's scope (its existence is not revealed).

    Sensitive reads are written to the audit trail here, so every detail view, download and API read
    logs the same way. The refusal names the model, id and action; the request layer records it as
    `access.denied` when the record exists (`paizhu.access.middleware`).
    """
    obj = get_for_act(user, queryset_or_model, pk, action=action)
    policy = _policy_for(type(obj))
    if policy.audit_read:
        from paizhu.audit.services import record

        record(user, policy.audit_read, obj)
    return obj


def visible_group_ids(grant) -> set[int] | None:
    """Groups whose matters the grant may see; None means every group (commission roles)."""
    if grant.role in COMMISSION_ROLES:
        return None
    if grant.role in GROUP_ROLES:
        return {grant.group_id}
    return set()


def may(user: "AnyActor", action: str, obj: models.Model) -> bool:
    """Whether `user` may `action` on `obj`: the predicate a page asks before showing a button.

    The answer is kept on the object for the request, so that a detail page asking it for each of
    its steps costs one query, and the service that runs the step asks the same question again; a
    record read by `fetch`, `get_for_act` or `lock_for_act` already knows the answer for that action.
    """
    answers = obj.__dict__.setdefault("_paizhu_may", {})
    key = _answer_key(user, action, obj)
    if key not in answers:
        answers[key] = scope(user, type(obj)._default_manager.filter(pk=obj.pk), action).exists()
    return answers[key]


def _answer_key(user: "AnyActor", action: str, obj: models.Model) -> tuple:
    grant = getattr(user, "acting_grant", None)
    policy = _policies.get(type(obj))
    shared = policy.answer_key(action) if policy is not None else action
    return (getattr(user, "pk", None), getattr(grant, "pk", None), shared)


def get_for_act(user: "AnyActor", queryset_or_model: type[M] | models.QuerySet[M], pk: Any, action: str = "act") -> M:
    """The record the user is about to take a step on; NotFound when they may not (existence not revealed)."""
    queryset = scope(user, queryset_or_model, action)
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise NotFound(model=queryset.model, pk=pk, action=action)
    _remember(user, action, obj)
    return obj


def _remember(user: "AnyActor", action: str, obj: models.Model) -> None:
    """The record was just read through the `action` scope: `may(user, action, obj)` is known to be true."""
    obj.__dict__.setdefault("_paizhu_may", {})[_answer_key(user, action, obj)] = True


def lock_for_act(
    user: "AnyActor",
    queryset_or_model: type[M] | models.QuerySet[M],
    pk: Any,
    *,
    version: int | None = None,
    action: str = "act",
) -> M:
    """The record under lock (SELECT ... FOR UPDATE) for a step, inside the caller's transaction.

    NotFound when the user may not act on it; StaleEdit when `version` is given and someone changed
    the record since the user loaded it.
    """
    queryset = scope(user, queryset_or_model, action)
    obj = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
    if obj is None:
        raise NotFound(model=queryset.model, pk=pk, action=action)
    if version is not None and getattr(obj, "version", None) != version:
        raise StaleEdit()
    _remember(user, action, obj)
    return obj
