"""Per-request account state: idle timeout, the role the user is acting in, the second factor and a
forced password change."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from paizhu.access.facts import grants_with_scope_facts
from paizhu.audit import context as audit_context
from paizhu.core.roles import SECOND_FACTOR_ROLES

from .stepup import StepUpRequired

ACTIVE_GRANT_SESSION_KEY = "paizhu_active_grant"
LAST_SEEN_SESSION_KEY = "paizhu_last_seen"


def _redirect(request, url: str, *, api_status: int = 401, api_message: str = ""):
    # An API client gets a status and a message, not an HTML page.
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": api_message}, status=api_status)
    # An htmx request would swap the target page into a fragment; tell htmx to navigate instead.
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _with_query(url_name: str, **params) -> str:
    return f"{reverse(url_name)}?{urlencode({k: v for k, v in params.items() if v})}"


def _return_path(request) -> str:
    """Where to come back to: the page itself for a GET; for a POST, the page the form was on."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return ""


def _exempt_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in ("accounts:login", "accounts:logout", "accounts:otp"))


# Public pages and assets; everything else, /accounts/ pages included, needs a complete login.
PUBLIC_PREFIXES = ("/static/", "/report/")
API_PREFIX = "/api/"


def start_idle_clock(sender, request, user, **kwargs):
    """On login (`user_logged_in`): the idle time counts from the login itself, not from the first page
    after it — a session left unused after logging in ends as any other idle session does."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_SESSION_KEY] = time.time()


class IdleTimeoutMiddleware:
    """Logs the user out after SESSION_IDLE_MINUTES without a request (counted from the login, then from
    each request) and says so on the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN_SESSION_KEY)
            if last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60:
                request.logout_reason = "idle_timeout"
                next_path = request.get_full_path() if request.method == "GET" else ""
                logout(request)
                return _redirect(
                    request,
                    _with_query(settings.LOGIN_URL, timeout="1", next=next_path),
                    api_message="长时间未操作，已自动退出，请重新登录。",
                )
            request.session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)


def act_in(user, chosen: int | None = None) -> str:
    """Puts the grant `user` acts in (`chosen`, else their first) and all their grants, with the facts every
    scope needs (coverage, declared relations), on the user; returns its role ("" without one)."""
    grants = grants_with_scope_facts(user, user.active_grants())
    grant = next((g for g in grants if g.pk == chosen), grants[0] if grants else None)
    user.acting_grant = grant
    user.all_grants = grants
    return grant.role if grant else ""


class ActiveRoleMiddleware:
    """Puts the grant the user acts in on `request.user.acting_grant` and into the audit context."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        role = ""
        if request.user.is_authenticated:
            role = act_in(request.user, request.session.get(ACTIVE_GRANT_SESSION_KEY))
        token = audit_context.set_current(
            audit_context.RequestContext(role=role, client_address=audit_context.client_address(request))
        )
        try:
            return self.get_response(request)
        finally:
            audit_context.reset(token)


def needs_second_factor(user) -> bool:
    """Holding any role that sees clues, reports or audit requires TOTP, whichever role the user acts in."""
    return settings.OTP_REQUIRED and any(g.role in SECOND_FACTOR_ROLES for g in getattr(user, "all_grants", []))


class RequireSecondFactorMiddleware:
    """Users who need a second factor pass TOTP before any page; step-up asks for it again (see stepup.py)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt_paths = None

    def _exempt(self, path: str) -> bool:
        if self.exempt_paths is None:
            self.exempt_paths = _exempt_paths()
        return path in self.exempt_paths or path.startswith(PUBLIC_PREFIXES)

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and not request.user.is_verified()
            and needs_second_factor(request.user)
            and not self._exempt(request.path)
        ):
            return _redirect(
                request, _with_query("accounts:otp", next=_return_path(request)), api_message="须先完成双因子认证。"
            )
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, StepUpRequired):
            return _redirect(
                request,
                _with_query("accounts:otp", step_up="1", next=_return_path(request)),
                api_message="该操作须再次验证动态验证码。",
            )
        return None


class RequirePasswordChangeMiddleware:
    """A password set by the system administrator (initial or reset) must be changed before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.allowed_paths = None

    def __call__(self, request):
        if self.allowed_paths is None:
            self.allowed_paths = _exempt_paths() | {reverse("accounts:password_change")}
        if (
            request.user.is_authenticated
            and request.user.must_change_password
            and request.path not in self.allowed_paths
            and not request.path.startswith(PUBLIC_PREFIXES)
        ):
            return _redirect(request, reverse("accounts:password_change"), api_status=403, api_message="须先修改密码。")
        return self.get_response(request)
