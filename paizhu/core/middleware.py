from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from .errors import DomainError
from .schemas import error_body

API_PREFIX = "/api/"
STATIC_PREFIX = "/static/"

# The Chinese message an API client gets for an error Django raised before any API route ran.
_API_MESSAGES = {
    400: ("bad_request", "请求参数有误。"),
    403: ("forbidden", "您无权执行此操作。"),
    404: ("not_found", "未找到该接口或记录，或您无权查看。"),
    405: ("method_not_allowed", "不支持该请求方法。"),
    409: ("conflict", "记录已被他人修改或当前状态不允许此操作，请刷新后重试。"),
    500: ("server_error", "系统内部错误，请稍后重试或联系系统管理员。"),
}


def error_code(exception: DomainError) -> str:
    """A stable, English code for an API client: `bad_request`, `not_found`, ..."""
    code = getattr(exception, "code", None)
    if code:
        return code
    return _API_MESSAGES.get(exception.status_code, ("error", ""))[0]


def api_error(status: int, detail: str, code: str | None = None) -> JsonResponse:
    """The API's error body (`schemas.ErrorOut`) outside ninja: errors Django raised before any route ran."""
    code = code or _API_MESSAGES.get(status, ("error", ""))[0]
    return JsonResponse(error_body(code, detail), status=status, json_dumps_params={"ensure_ascii": False})


class DomainErrorMiddleware:
    """Turns a DomainError that escapes a view into a Chinese error page with its status code
    (JSON `{"code", "detail"}` under /api/)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        if request.path.startswith(API_PREFIX):
            return api_error(exception.status_code, exception.message, error_code(exception))
        return render(
            request,
            "error.html",
            {"status": exception.status_code, "message": exception.message},
            status=exception.status_code,
        )


class ApiErrorsAsJsonMiddleware:
    """An API client always gets JSON: an HTML error page that Django produced for an /api/ path
    (no route matched, e.g. `/api/v1/clues/abc`, or a 405/500) becomes `{"code", "detail"}`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code in _API_MESSAGES
            and not response.get("Content-Type", "").startswith("application/json")
            and not getattr(response, "streaming", False)
        ):
            code, detail = _API_MESSAGES[response.status_code]
            replaced = api_error(response.status_code, detail, code)
            if response.has_header("Allow"):
                replaced["Allow"] = response["Allow"]
            return replaced
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in user (pages, API, exports, documents):
    no shared proxy or browser cache keeps a copy of case data after logout.

    A response counts as authenticated when the user was logged in at the start of the request or is
    at its end (the login itself, a logout, an idle-timeout redirect). Static files are exempt.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        was_authenticated = bool(user is not None and user.is_authenticated)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        now_authenticated = bool(user is not None and user.is_authenticated)
        if (
            (was_authenticated or now_authenticated)
            and not request.path.startswith(STATIC_PREFIX)
            and "no-store" not in response.get("Cache-Control", "")
        ):
            patch_cache_control(response, no_store=True, private=True)
        return response


class BadgesAfterWriteMiddleware:
    """A request that may change something (POST, PUT, PATCH, DELETE) drops the navigation badges kept in the
    session (core.navigation), so that the next page counts them again: an approval just decided no longer
    waits in the badge."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            from .navigation import forget_badges

            forget_badges(getattr(request, "session", None))
        return self.get_response(request)


class TrustedProxyMiddleware:
    """Behind Nginx every request comes from 127.0.0.1: the client's address is in X-Real-IP, which only the
    proxies named in settings.TRUSTED_PROXIES may set (anyone else's header is ignored). First in MIDDLEWARE, so
    the audit trail's client address and the public rate limit see the client, not the proxy."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.trusted = frozenset(settings.TRUSTED_PROXIES)

    def __call__(self, request):
        real = request.META.get("HTTP_X_REAL_IP", "").strip()
        if real and request.META.get("REMOTE_ADDR") in self.trusted:
            request.META["REMOTE_ADDR"] = real
        return self.get_response(request)
