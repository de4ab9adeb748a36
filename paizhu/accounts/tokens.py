"""API tokens (`Authorization: Bearer pz_...`): made for a user by the security administrator, shown once,
kept as a SHA-256 digest, revocable, expiring; each use is a login as the user in their first role.

    token, text = tokens.create_token(secadmin, user, days=90, note="统计数据对接")   # text is shown once
    tokens.revoke_token(secadmin, token, "对接已停止")
    user = tokens.authenticate(text)                                                  # the API's bearer auth

A token stands for the whole login of its user, second factor included (it is 32 random bytes the client
keeps, not something a person types): so, as with a role grant (三员分立), only a security administrator
makes or revokes one, never for themselves, and never for longer than MAX_DAYS. A use after more than
SESSION_IDLE_MINUTES without one is audited as `auth.login` (method `token`), as a session login is; a
refused token (unknown, expired, revoked, its user deactivated) as `auth.login_failed`.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from paizhu.audit import context as audit_context
from paizhu.audit.services import record
from paizhu.core.errors import DomainError, PermissionDenied

from .middleware import act_in
from .models import ApiToken, User
from .services import _require_security_admin, can_grant

PREFIX = "pz_"
MAX_DAYS = 365
MAX_LENGTH = 100  # what a header may offer before it is looked up at all
TOUCH_SECONDS = 60  # `last_used_at` is written at most once a minute per token, not on every call


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def parse_days(text: str) -> int:
    """`90d` (or `90`) as a number of days, 1–MAX_DAYS; DomainError in Chinese otherwise."""
    found = re.fullmatch(r"([0-9]{1,3})d?", str(text).strip())
    days = int(found.group(1)) if found else 0
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(f"有效期应写作天数，如 90d（1–{MAX_DAYS} 天）。", field="expires")
    return days


@transaction.atomic
def create_token(actor: User, user: User, *, days: int, note: str) -> tuple[ApiToken, str]:
    """A new token for `user`, valid `days` days: the row and the token's text (never stored, shown once)."""
    _require_security_admin(actor)
    if user.pk == actor.pk:
        raise PermissionDenied("不能为自己创建接口令牌：须由另一名安全保密管理员办理。")
    if not user.is_active:
        raise DomainError("该用户已停用，不能创建接口令牌。")
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(f"有效期应为 1–{MAX_DAYS} 天。", field="expires")
    note = note.strip()
    if not note:
        raise DomainError("请填写令牌的用途。", field="note")
    text = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        digest=digest(text),
        prefix=text[:10],
        note=note,
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=days),
    )
    record(
        actor,
        "token.created",
        token,
        {"user": user.username, "prefix": token.prefix, "expires_at": token.expires_at.isoformat(), "note": note},
    )
    return token, text


def can_revoke(actor, token: ApiToken) -> bool:
    """Whether the revoke button shows: the service's own conditions, short of the reason."""
    return can_grant(actor) and token.revoked_at is None


@transaction.atomic
def revoke_token(actor: User, token: ApiToken, reason: str) -> ApiToken:
    _require_security_admin(actor)
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at:
        raise DomainError("该令牌已撤销。")
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写撤销原因。", field="reason")
    token.revoked_at, token.revoked_by, token.revoke_reason = timezone.now(), actor, reason
    token.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    record(actor, "token.revoked", token, {"user": token.user.username, "prefix": token.prefix, "reason": reason})
    return token


def authenticate(text: str) -> User | None:
    """The user a bearer token stands for, or None (the refusal audited)."""
    if not text.startswith(PREFIX) or len(text) > MAX_LENGTH:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(text)).first()
    if token is None:
        record(None, "auth.login_failed", None, {"username": "", "method": "token", "reason": "unknown_token"})
        return None
    now = timezone.now()
    refused = "revoked" if token.revoked_at else "expired" if token.expires_at <= now else ""
    if not refused and not token.user.is_active:
        refused = "inactive"
    if refused:
        details = {"username": token.user.username, "method": "token", "token": token.prefix, "reason": refused}
        record(None, "auth.login_failed", token.user, details)
        return None
    user = token.user
    # The request acts in the user's first role (a token has no role switcher), audited in it.
    role = act_in(user)
    audit_context.set_current(
        audit_context.RequestContext(role=role, client_address=audit_context.current().client_address)
    )
    last = token.last_used_at
    if last is None or now - last > timedelta(minutes=settings.SESSION_IDLE_MINUTES):
        record(user, "auth.login", user, {"method": "token", "token": token.prefix})
    if last is None or now - last >= timedelta(seconds=TOUCH_SECONDS):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user
