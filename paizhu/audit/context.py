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
    # Behind a reverse proxy, the deployment sets PAIZHU_TRUSTED_PROXY so REMOTE_ADDR is the proxy's;
    # we never trust X-Forwarded-For blindly.
    return request.META.get("REMOTE_ADDR") or None
