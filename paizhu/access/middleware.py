"""Refused attempts on records that exist are written to the audit trail as `access.denied`.

`access.fetch` / `get_for_act` / `lock_for_act` raise `NotFound(model=..., pk=..., action=...)` and
`access.check` raises `PermissionDenied(...)` with the same context. When such a refusal escapes a view,
`DeniedAccessMiddleware` records it — after the view, so after any service transaction has rolled back,
and the entry survives. The API's error handler calls `record_denied` the same way.

An id that does not exist is not recorded (typing a wrong number is not an attempt on anything), and the
user's answer is the same 404 whether the record exists or not: nothing here changes the response.
"""

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from paizhu.core.errors import Refusal

if TYPE_CHECKING:
    from paizhu.core.actors import AnyActor

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def request_channel(request) -> str:
    """How a request reached the data, for audit details: "api", or the page as "GET /clues/12/"."""
    if request.path.startswith(API_PREFIX):
        return "api"
    return f"{request.method} {request.path}"


def record_denied(user: "AnyActor | None", error, *, channel: str, request: str = ""):
    """Write `access.denied` for `error` (a Refusal with context) when its record exists; else nothing.

    Returns the entry or None. Call it outside the transaction that the refusal rolled back.
    """
    context = getattr(error, "context", None)
    if not context or not getattr(user, "is_authenticated", False):
        return None
    model, pk = context.get("model"), context.get("pk")
    if model is None or pk is None or not _exists(model, pk):
        return None
    from paizhu.audit.services import DENIED, record

    details = {"action": context.get("action") or "", "channel": channel}
    if request:
        details["request"] = request
    try:
        return record(user, DENIED, (model._meta.label_lower, str(pk)), details)
    except Exception:
        # The answer is already a 404: failing it here (a 500 only for records that exist) would tell
        # the user what the 404 hides. The failure is logged for the operators instead.
        logger.exception("access.denied could not be recorded")
        return None


def _exists(model, pk) -> bool:
    try:
        return model._base_manager.filter(pk=pk).exists()
    except (ValueError, TypeError, OverflowError, ValidationError):
        return False  # not an id this table could hold


class DeniedAccessMiddleware:
    """Records refusals that escape a view; returns nothing, so the error page is the usual one.

    It sits after `DomainErrorMiddleware` in MIDDLEWARE: exception hooks run bottom-up, so it sees the
    refusal before that middleware turns it into the Chinese 404 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Refusal):
            record_denied(getattr(request, "user", None), exception, channel=request_channel(request))
        return None
