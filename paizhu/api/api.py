"""The NinjaAPI instance at /api/v1/: a bearer token (`accounts.tokens`) or a verified session. Each app contributes a router in its own `api.py`, registered
from its AppConfig.ready() (`core.routers`); the same services and the same access scoping as the pages.

Every error is JSON `{"code": "...", "detail": "中文"}` (`core.schemas.ErrorOut`): domain errors, malformed
parameters (400, not ninja's 422, with ninja's `errors`), missing login (401). Every list answers
`{"next", "items"}` for `?limit=&cursor=` (`core.schemas.Page`, keyset pages). The documentation page and the schema are served from the
vendored Swagger UI (no CDN) and, outside demo mode, only to logged-in users.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import DocsBase, _csrf_needed
from ninja.security import HttpBearer, SessionAuth

from paizhu.access.middleware import record_denied
from paizhu.accounts import tokens
from paizhu.accounts.middleware import needs_second_factor
from paizhu.core import routers
from paizhu.core.errors import DomainError
from paizhu.core.middleware import api_error, error_code
from paizhu.core.schemas import error_body


class VerifiedSession(SessionAuth):
    """Session login, with the second factor passed where the role requires it (as for pages)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if not user:
            return None
        if needs_second_factor(user) and not user.is_verified():
            return None
        return user


class BearerToken(HttpBearer):
    """`Authorization: Bearer pz_...`: a token made by the security administrator (`paizhu token create`)."""

    def authenticate(self, request, token):
        user = tokens.authenticate(token)
        if user is not None:
            request.user = user  # the request is theirs, for whatever reads request.user (as after a login)
        return user


class LocalSwagger(DocsBase):
    """Swagger UI from paizhu/static/vendor/, started by a static script (CSP allows no inline script)."""

    settings = {"layout": "BaseLayout", "deepLinking": True}

    def render_page(self, request, api, **kwargs):
        context = {
            "swagger_settings": {**self.settings, "url": self.get_openapi_url(api, kwargs)},
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, "api/docs.html", context)


def _signed_in(request) -> bool:
    """A session login, or an API token (a client reads the schema it calls)."""
    if request.user.is_authenticated:
        return True
    scheme, _, text = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and tokens.authenticate(text.strip()) is not None


def docs_closed_to_anonymous(view):
    """Outside demo mode the schema and its page are for logged-in users (or an API token) only (the
    middleware then asks a session for the second factor where the role needs it)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.DEMO_MODE and not _signed_in(request):
            if request.path.endswith("openapi.json"):
                return api_error(401, "请先登录。", "unauthorized")
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        return view(request, *args, **kwargs)

    return wrapper


api = NinjaAPI(
    title="派驻监督工作平台接口",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), VerifiedSession()],
    docs=LocalSwagger(),
    docs_url="/docs",
    docs_decorator=docs_closed_to_anonymous,
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    # A refusal on a record that exists is audited (access.denied); the answer is the same either way.
    user = getattr(request, "auth", None) or request.user
    record_denied(user, exc, channel="api", request=f"{request.method} {request.path}")
    body = error_body(error_code(exc), exc.message, getattr(exc, "errors", None))
    return api.create_response(request, body, status=exc.status_code)


# pydantic's error types, in words.
_PROBLEMS = {
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "date_from_datetime_parsing": "应为日期（如 2026-01-31）",
    "date_parsing": "应为日期（如 2026-01-31）",
    "missing": "不能为空",
    "string_too_long": "过长",
}


def _problem(error: dict) -> str:
    name = str(error.get("loc", ["", "参数"])[-1])
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "greater_than_equal":
        text = f"不能小于 {context.get('ge')}"
    elif kind == "greater_than":
        text = f"应大于 {context.get('gt')}"
    elif kind == "less_than_equal":
        text = f"不能大于 {context.get('le')}"
    elif kind == "less_than":
        text = f"应小于 {context.get('lt')}"
    else:
        text = _PROBLEMS.get(kind, "取值无效")
    return f"参数“{name}”{text}。"


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """A malformed parameter is the client's mistake: 400 with a Chinese message (and ninja's details)."""
    problems = [_problem(error) for error in exc.errors]
    detail = "".join(dict.fromkeys(problems)) or "请求参数有误。"
    return api.create_response(request, error_body("bad_request", detail, exc.errors), status=400)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if isinstance(exc, AuthenticationError) or exc.status_code == 401:
        return api.create_response(
            request, error_body("unauthorized", "请先登录（并完成双因子认证），或提供有效的接口令牌。"), status=401
        )
    return api.create_response(request, error_body(error_code(exc), str(exc)), status=exc.status_code)


for prefix, router in routers.registered():
    api.add_router(prefix, router)
