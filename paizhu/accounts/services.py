"""Account writes: users (系统管理员), role grants (安全保密管理员), passwords, role switching, second factor.

三员分立: the system administrator keeps accounts and never grants roles; the security administrator
grants and revokes roles and never to or from themselves; the security auditor only reads. A 三员 role
is held by nobody who holds a business role (or another 三员 role), and nobody edits their own account.
"""

from datetime import timedelta
from typing import TYPE_CHECKING

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from paizhu import access
from paizhu.audit.services import record
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.roles import COMMISSION_ROLES, GROUP_ROLES, ROLE_SCOPE, THREE_ADMINS, UNIT_ROLES, Role, Scope

from .models import RoleGrant, User

if TYPE_CHECKING:
    from paizhu.core.actors import Actor
    from paizhu.org.models import Commission, DispatchGroup, Person, Unit

    # What a grant is about: its commission, group or unit (none for the 三员).
    ScopeObject = Commission | DispatchGroup | Unit | None

# Roles that touch the platform's business (reports, clues, cases, the org chart): none of them sits on
# the same user as a 三员 role, whoever grants it.
BUSINESS_ROLES = COMMISSION_ROLES | GROUP_ROLES | UNIT_ROLES

# ---------------------------------------------------------------- permissions


def can_manage_users(actor: "Actor") -> bool:
    """Creating an account has no object to check yet: the User policy's "manage" scope is all accounts or none."""
    return access.scope(actor, User, "manage").exists()


def can_grant(actor: "Actor") -> bool:
    return getattr(actor, "acting_role", "") == Role.SECURITY_ADMIN


def can_edit_account(actor: "Actor", user: User) -> bool:
    """The system administrator changes other people's accounts, never their own (name, link, state, password).

    A renamed own account would put a false name on every audit entry the administrator writes.
    """
    return user.pk != actor.pk and can_manage_users(actor)


def can_revoke(actor: "Actor", grant: RoleGrant) -> bool:
    """Whether the revoke button shows: the service's own conditions, short of the reason."""
    return can_grant(actor) and grant.user_id != actor.pk and grant.revoked_at is None


def _require_manage_users(actor: "Actor") -> None:
    if not can_manage_users(actor):
        raise PermissionDenied("只有系统管理员可以管理用户账户。")


def _require_manage_other(actor: "Actor", user: User) -> None:
    access.check(actor, "manage", user)
    if not can_edit_account(actor, user):
        raise PermissionDenied("不能对自己的账户执行此操作。修改本人密码请使用“修改密码”。")


def _require_security_admin(actor: "Actor") -> None:
    if not can_grant(actor):
        raise PermissionDenied("只有安全保密管理员可以授予或撤销角色。")


def _validate_password(password: str, user: User, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field=field) from error


# ---------------------------------------------------------------- users


@transaction.atomic
def create_user(
    actor: "Actor", *, username: str, full_name: str, password: str, person: "Person | None" = None
) -> User:
    """A new account with an initial password the user must change at first login. No role: grants are separate."""
    _require_manage_users(actor)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"用户名“{username}”已被使用。", field="username")
    _check_person_free(person, None)
    user = User(username=username, full_name=full_name.strip(), person=person, must_change_password=True)
    _validate_password(password, user)
    user.set_password(password)
    user.save()
    record(
        actor,
        "user.created",
        user,
        {"username": user.username, "full_name": user.full_name, "person": person.pk if person else None},
    )
    return user


@transaction.atomic
def update_user(actor: "Actor", user: User, *, full_name: str, person: "Person | None" = None) -> User:
    _require_manage_other(actor, user)
    _check_person_free(person, user)
    changes: dict[str, list] = {}
    if user.full_name != full_name.strip():
        changes["full_name"] = [user.full_name, full_name.strip()]
        user.full_name = full_name.strip()
    if user.person_id != (person.pk if person else None):
        changes["person"] = [user.person_id, person.pk if person else None]
        user.person = person
    if changes:
        user.save(update_fields=["full_name", "person"])
        record(actor, "user.updated", user, {"username": user.username, "changes": changes})
    return user


def _check_person_free(person: "Person | None", user: User | None) -> None:
    if person is None:
        return
    holders = User.objects.filter(person=person)
    holder = (holders.exclude(pk=user.pk) if user is not None else holders).first()
    if holder:
        raise DomainError(f"干部“{person.name}”已关联用户“{holder.username}”。", field="person")


@transaction.atomic
def set_user_active(actor: "Actor", user: User, active: bool) -> User:
    """Deactivate or reactivate an account. A deactivated user's open sessions end at their next request."""
    _require_manage_other(actor, user)
    if user.is_active == active:
        raise DomainError("该账户已处于此状态。")
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(actor, "user.reactivated" if active else "user.deactivated", user, {"username": user.username})
    return user


@transaction.atomic
def reset_password(actor: "Actor", user: User, password: str) -> User:
    """Set a temporary password; the user must change it at next login. Their open sessions end."""
    _require_manage_other(actor, user)
    _validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    record(actor, "user.password_reset", user, {"username": user.username})
    return user


@transaction.atomic
def change_own_password(user: User, password: str) -> User:
    """The user's own change (the old password was checked by the form). Clears a pending forced change."""
    _validate_password(password, user)
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record(user, "user.password_changed", user)
    return user


@transaction.atomic
def unlock_user(actor: "Actor", user: User) -> int:
    """Clear the login failures that locked the account (django-axes). Returns the number of records cleared."""
    _require_manage_other(actor, user)
    cleared = axes_reset(username=user.username)
    if not cleared:
        raise DomainError("该账户没有登录失败记录，无需解锁。")
    record(actor, "user.unlocked", user, {"username": user.username, "records": cleared})
    return cleared


@transaction.atomic
def reset_second_factor(actor: "Actor", user: User) -> int:
    """Remove the user's authenticators (lost phone): they enrol a new one at next login."""
    _require_manage_other(actor, user)
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    if not removed:
        raise DomainError("该用户尚未绑定身份验证器。")
    record(actor, "user.otp_reset", user, {"username": user.username})
    return removed


def locked_usernames() -> set[str]:
    """Usernames locked out now, by the rule django-axes applies: failures within the cool-off reach the limit."""
    since = timezone.now() - (get_cool_off() or timedelta(0))
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"] for row in rows}


# ---------------------------------------------------------------- role grants


@transaction.atomic
def grant_role(actor: User, user: User, role: str, scope_object: "ScopeObject" = None, note: str = "") -> RoleGrant:
    """Grant `role` to `user`, scoped to `scope_object`. Only the security administrator, never to themselves."""
    _require_security_admin(actor)
    if actor.pk == user.pk:
        raise PermissionDenied("不能为自己授予角色：须由另一名安全保密管理员授权。")
    if not user.is_active:
        raise DomainError(f"用户“{user}”已停用，不能授予角色。", field="user")
    return _create_grant(user, role, scope_object, granted_by=actor, note=note)


def bootstrap_grant(user: User, role: str, scope_object: "ScopeObject" = None, note: str = "") -> RoleGrant:
    """A grant made by the installer (no acting user): the initial 三员 and the demo city. Audited as such."""
    with transaction.atomic():
        return _create_grant(user, role, scope_object, granted_by=None, note=note or "系统初始化")


def _create_grant(
    user: "Actor", role: str, scope_object: "ScopeObject", *, granted_by: "Actor | None", note: str
) -> RoleGrant:
    if role not in Role.values:
        raise DomainError(f"未知角色：{role}", field="role")
    scope = ROLE_SCOPE[role]
    fields: dict[str, ScopeObject] = {"commission": None, "group": None, "unit": None}
    expected = {Scope.COMMISSION: "commission", Scope.GROUP: "group", Scope.UNIT: "unit"}.get(scope)
    if expected:
        model_name = type(scope_object).__name__.lower() if scope_object is not None else ""
        if {"commission": "commission", "group": "dispatchgroup", "unit": "unit"}[expected] != model_name:
            raise DomainError(f"角色“{Role(role).label}”须指定所属的{Scope(scope).label}。", field=expected)
        fields[expected] = scope_object
    # One grant at a time per user: two administrators granting at once cannot both pass the checks below.
    User.objects.select_for_update().filter(pk=user.pk).first()
    held = RoleGrant.objects.active().filter(user=user).select_related("commission", "group", "unit")
    existing = held.filter(role=role, **fields).first()
    if existing:
        raise DomainError(f"{user}已持有该角色：{existing.label}。")
    _check_separation(user, role, held)
    grant = RoleGrant.objects.create(user=user, role=role, granted_by=granted_by, note=note, **fields)
    record(granted_by, "grant.created", grant, {"user": user.username, "role": role, "scope": str(scope_object or "")})
    return grant


def _check_separation(user: User, role: str, held: "QuerySet[RoleGrant]") -> None:
    """三员分立: a 三员 role excludes every other role, business or 三员; a business role excludes the 三员."""
    if role in THREE_ADMINS:
        other = held.filter(role__in=THREE_ADMINS).exclude(role=role).first()
        if other:
            raise DomainError(
                f"三员分立：{user}已是{other.get_role_display()}，不能兼任{Role(role).label}。", field="role"
            )
        business = held.filter(role__in=BUSINESS_ROLES).first()
        if business:
            raise DomainError(
                f"三员分立：{user}持有业务角色{business.label}，不能同时担任{Role(role).label}；"
                "如确需调任，请先撤销其业务角色。",
                field="role",
            )
    elif role in BUSINESS_ROLES:
        admin = held.filter(role__in=THREE_ADMINS).first()
        if admin:
            raise DomainError(
                f"三员分立：{user}是{admin.get_role_display()}，不能再授予业务角色“{Role(role).label}”；"
                "三员不接触线索、举报和案件。",
                field="role",
            )


@transaction.atomic
def revoke_grant(actor: User, grant: RoleGrant, note: str = "") -> RoleGrant:
    """Revoke a grant with a reason. Only the security administrator, never their own grant."""
    _require_security_admin(actor)
    if grant.user_id == actor.pk:
        raise PermissionDenied("不能撤销自己的角色：须由另一名安全保密管理员操作。")
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at:
        raise DomainError("该授权已撤销。")
    note = note.strip()
    if not note:
        raise DomainError("请填写撤销原因。", field="reason")
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor
    grant.revoke_reason = note
    grant.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
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


# ---------------------------------------------------------------- second factor


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed device a user is enrolling, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


def verify_totp(user: User, device: TOTPDevice, token: str, *, stage: str) -> bool:
    """Check a code against `device` (django-otp throttles failures exponentially and refuses replays).

    Confirms a pending device on its first good code. Not atomic: a failure must keep its throttle count.
    """
    if not device.verify_token(token):
        record(user, "auth.otp_failed", None, {"stage": stage})
        return False
    with transaction.atomic():
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            record(user, "auth.otp_enrolled", device)
        record(user, "auth.otp_verified", device, {"stage": stage})
    return True


def totp_retry_after(device: TOTPDevice) -> int:
    """Seconds until `device` accepts another attempt (0 when it does now)."""
    allowed, info = device.verify_is_allowed()
    if allowed or not info or "locked_until" not in info:
        return 0
    return max(1, int((info["locked_until"] - timezone.now()).total_seconds() + 0.999))
