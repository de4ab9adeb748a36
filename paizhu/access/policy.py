from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models

from paizhu.accounts.roles import COMMISSION_ROLES, GROUP_ROLES, UNIT_ROLES
from paizhu.core.errors import NotFound, PermissionDenied


@dataclass
class Policy:
    """How one model is scoped.

    `scope(user, grant, queryset, action)` returns the rows the user may act on with `action`;
    `audit_read` names the audit event written when a single record is fetched for reading
    (None for non-sensitive models such as the org chart).
    """

    scope: Callable[[object, object, models.QuerySet, str], models.QuerySet]
    audit_read: str | None = None
    actions: frozenset[str] = field(default_factory=lambda: frozenset({"view"}))


_policies: dict[type[models.Model], Policy] = {}


def register(model: type[models.Model], policy: Policy) -> None:
    _policies[model] = policy


def _policy_for(model) -> Policy:
    try:
        return _policies[model]
    except KeyError:
        raise PermissionDenied(f"{model._meta.verbose_name}未配置访问策略。") from None


def scope(user, queryset_or_model, action: str = "view") -> models.QuerySet:
    """The rows of `queryset_or_model` that `user`, acting in their current grant, may `action`."""
    queryset = (
        queryset_or_model
        if isinstance(queryset_or_model, models.QuerySet)
        else queryset_or_model._default_manager.all()
    )
    policy = _policy_for(queryset.model)
    grant = getattr(user, "acting_grant", None) if getattr(user, "is_authenticated", False) else None
    if grant is None or action not in policy.actions:
        return queryset.none()
    return policy.scope(user, grant, queryset, action)


def require_section(user, model, action: str = "view") -> None:
    """NotFound (404) unless the user's acting role may see some rows of `model` at all.

    List pages call it first, so that a unit user or one of the 三员 does not even find an empty
    ledger of clues or reports: the section does not exist for them.
    """
    if scope(user, model, action).query.is_empty():
        raise NotFound()


def check(user, action: str, obj) -> None:
    """Raise PermissionDenied unless `user` may `action` on `obj`."""
    if not scope(user, type(obj)._default_manager.filter(pk=obj.pk), action).exists():
        raise PermissionDenied()


def fetch(user, queryset_or_model, pk, action: str = "view"):
    """One record for reading; NotFound when it is outside the user's scope (its existence is not revealed).

    Sensitive reads are written to the audit trail here, so every detail view, download and API read
    logs the same way.
    """
    queryset = scope(user, queryset_or_model, action)
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    policy = _policy_for(queryset.model)
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


def visible_unit_ids(grant, day=None) -> set[int] | None:
    """Units the grant covers: None means every unit; a group sees the units it covers (now, or on `day`)."""
    from paizhu.org.models import Coverage

    if grant.role in COMMISSION_ROLES:
        return None
    if grant.role in GROUP_ROLES:
        coverages = Coverage.objects.filter(group_id=grant.group_id)
        coverages = coverages.on(day) if day else coverages.current()
        return set(coverages.values_list("unit_id", flat=True))
    if grant.role in UNIT_ROLES:
        return {grant.unit_id}
    return set()
