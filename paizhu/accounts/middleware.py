"""Per-request account state: idle timeout, the role the user is acting in, and the second factor."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from paizhu.audit import context as audit_context

from .roles import SECOND_FACTOR_ROLES

ACTIVE_GRANT_SESSION_KEY = "paizhu_active_grant"
LAST_SEEN_SESSION_KEY = "paizhu_last_seen"


class IdleTimeoutMiddleware:
    """Logs the user out after PAIZHU_SESSION_IDLE_MINUTES without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN_SESSION_KEY)
            if last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                request.session["paizhu_timed_out"] = True
                return redirect(f"{reverse(settings.LOGIN_URL)}?timeout=1")
            request.session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)


class ActiveRoleMiddleware:
    """Puts the grant the user acts in on `request.user.acting_grant` and into the audit context."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        role = ""
        if request.user.is_authenticated:
            grants = list(request.user.active_grants())
            chosen = request.session.get(ACTIVE_GRANT_SESSION_KEY)
            grant = next((g for g in grants if g.pk == chosen), grants[0] if grants else None)
            request.user.acting_grant = grant
            request.user.all_grants = grants
            role = grant.role if grant else ""
        token = audit_context.set_current(
            audit_context.RequestContext(role=role, client_address=audit_context.client_address(request))
        )
        try:
            return self.get_response(request)
        finally:
            audit_context.reset(token)


class RequireSecondFactorMiddleware:
    """Users holding a role that sees clues, reports or audit must pass TOTP before anything else."""

    EXEMPT_PREFIXES = ("/accounts/", "/static/", "/report/", "/api/")  # the API answers 401 itself

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.OTP_REQUIRED
            and request.user.is_authenticated
            and not request.user.is_verified()
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and any(g.role in SECOND_FACTOR_ROLES for g in getattr(request.user, "all_grants", []))
        ):
            return redirect(f"{reverse('accounts:otp')}?next={request.get_full_path()}")
        return self.get_response(request)
