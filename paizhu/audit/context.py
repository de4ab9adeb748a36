"""Who is acting, in which role, from where: set per request by middleware, read by `audit.record`.

Services take the acting user as their first argument; the role used and the client address are
properties of the request, so they travel in a context variable instead of through every signature.
"""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    role: str = ""
    client_address: str | None = None


_NO_REQUEST = RequestContext()
_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar("paizhu_request_context", default=_NO_REQUEST)


def current() -> RequestContext:
    return _current.get()


def set_current(ctx: RequestContext) -> contextvars.Token:
    return _current.set(ctx)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)


def client_address(request) -> str | None:
    # Behind a reverse proxy, core.middleware.TrustedProxyMiddleware has put the client's address here from
    # the X-Real-IP of a proxy in PAIZHU_TRUSTED_PROXIES; no header of anyone else is trusted.
    return request.META.get("REMOTE_ADDR") or None
