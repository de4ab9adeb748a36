"""Integer parameters from the URL (and from forms posted by hand), validated in one place.

A list filter such as `?group=99999999999999999999` or `?offset=-5` used to reach the database and
end in a 500. Every view, export and API route that reads a number from the request goes through
`int_param` / `id_param`: a value that is not an integer, or lies outside the bounds, raises
`BadRequest` — a DomainError with status 400 and a Chinese message, which `DomainErrorMiddleware`
shows as an error page and the API as `{"code": "bad_request", "detail": "..."}`.
"""

from collections.abc import Mapping

from django.utils.http import url_has_allowed_host_and_scheme

from .errors import DomainError

INT64_MAX = 2**63 - 1
ID_MAX = INT64_MAX  # primary keys are BigAutoField
MAX_LIMIT = 500  # rows per API page


class BadRequest(DomainError):
    """A malformed request parameter (400)."""

    status_code = 400
    code = "bad_request"


def _params(source) -> Mapping:
    """The parameters of a request (its query string) or a mapping given directly."""
    return source.GET if hasattr(source, "GET") else source


def parse_int(value, name: str, *, minimum: int | None = 0, maximum: int | None = INT64_MAX) -> int:
    """`value` as an int within [minimum, maximum], or BadRequest naming the parameter."""
    text = str(value).strip()
    # int() also accepts "١٢", "1_000" and " +3 "; a URL parameter is plain ASCII digits.
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isascii() or not digits.isdigit() or len(digits) > 19:
        raise BadRequest(f"参数“{name}”应为整数。", field=name)
    number = int(text)
    if minimum is not None and number < minimum:
        raise BadRequest(f"参数“{name}”不能小于 {minimum}。", field=name)
    if maximum is not None and number > maximum:
        raise BadRequest(f"参数“{name}”不能大于 {maximum}。", field=name)
    return number


def int_param(
    source,
    name: str,
    *,
    default: int | None = None,
    minimum: int | None = 0,
    maximum: int | None = INT64_MAX,
) -> int | None:
    """The integer parameter `name` of a request (or mapping); `default` when absent or empty."""
    value = _params(source).get(name)
    if value is None or str(value).strip() == "":
        return default
    return parse_int(value, name, minimum=minimum, maximum=maximum)


def id_param(source, name: str, *, default: int | None = None) -> int | None:
    """A record id (1 … int64): for filters such as `group=`, `unit=`, `user=`."""
    return int_param(source, name, default=default, minimum=1, maximum=ID_MAX)


def id_value(value, name: str) -> int | None:
    """A record id given as a value already read (None or "" → None)."""
    if value is None or str(value).strip() == "":
        return None
    return parse_int(value, name, minimum=1, maximum=ID_MAX)


def same_site_path(request, value, default: str = "/") -> str:
    """`value` when it is a path on this site (`/clues/12/`), else `default`: never an open redirect
    to another host (`https://evil.example/`, `//evil.example`, `/\\evil.example`, `javascript:`)."""
    text = str(value or "").strip()
    if (
        text.startswith("/")
        and not text.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(text, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    ):
        return text
    return default
