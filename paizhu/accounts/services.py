"""Account writes: role grants (三员分立), role switching, second-factor enrolment."""

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from paizhu.audit.services import record
from paizhu.core.errors import DomainError, PermissionDenied

from .models import RoleGrant, User
from .roles import ROLE_SCOPE, Role, Scope


def _require_security_admin(actor) -> None:
    if actor.acting_role != Role.SECURITY_ADMIN:
        raise PermissionDenied("只有安全保密管理员可以授予或撤销角色。")


@transaction.atomic
def grant_role(actor: User, user: User, role: str, scope_object=None, note: str = "") -> RoleGrant:
    """Grant `role` to `user`, scoped to `scope_object`. Only the security administrator, never to themselves."""
    _require_security_admin(actor)
    if actor.pk == user.pk:
        raise PermissionDenied("不能为自己授予角色：须由另一名安全保密管理员授权。")
    return _create_grant(user, role, scope_object, granted_by=actor, note=note)


def bootstrap_grant(user: User, role: str, scope_object=None, note: str = "") -> RoleGrant:
    """A grant made by the installer (no acting user): the initial 三员 and the demo city. Audited as such."""
    with transaction.atomic():
        return _create_grant(user, role, scope_object, granted_by=None, note=note or "系统初始化")


def _create_grant(user, role, scope_object, *, granted_by, note) -> RoleGrant:
    if role not in Role.values:
        raise DomainError(f"未知角色：{role}")
    scope = ROLE_SCOPE[role]
    fields = {"commission": None, "group": None, "unit": None}
    expected = {Scope.COMMISSION: "commission", Scope.GROUP: "group", Scope.UNIT: "unit"}.get(scope)
    if expected:
        model_name = type(scope_object).__name__.lower() if scope_object is not None else ""
        if {"commission": "commission", "group": "dispatchgroup", "unit": "unit"}[expected] != model_name:
            raise DomainError(f"角色“{Role(role).label}”须指定所属的{Scope(scope).label}。")
        fields[expected] = scope_object
    existing = RoleGrant.objects.active().filter(user=user, role=role, **fields).first()
    if existing:
        raise DomainError(f"{user}已持有该角色：{existing.label}。")
    grant = RoleGrant.objects.create(user=user, role=role, granted_by=granted_by, note=note, **fields)
    record(granted_by, "grant.created", grant, {"user": user.username, "role": role, "scope": str(scope_object or "")})
    return grant


@transaction.atomic
def revoke_grant(actor: User, grant: RoleGrant, note: str = "") -> RoleGrant:
    _require_security_admin(actor)
    if grant.user_id == actor.pk:
        raise PermissionDenied("不能撤销自己的角色：须由另一名安全保密管理员操作。")
    if grant.revoked_at:
        raise DomainError("该授权已撤销。")
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor
    grant.save(update_fields=["revoked_at", "revoked_by"])
    record(actor, "grant.revoked", grant, {"user": grant.user.username, "role": grant.role, "note": note})
    return grant


@transaction.atomic
def switch_role(user: User, grant_id: int) -> RoleGrant:
    grant = user.active_grants().filter(pk=grant_id).first()
    if grant is None:
        raise DomainError("所选角色不可用。")
    user.acting_grant = grant
    record(user, "auth.role_switched", grant, {"role": grant.role})
    return grant


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed device a user is enrolling, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


@transaction.atomic
def confirm_totp_device(user: User, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        record(user, "auth.otp_failed", None, {"stage": "enrol"})
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(user, "auth.otp_enrolled", device)
    return True
