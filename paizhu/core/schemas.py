"""What every API router shares (the api app mounts the routers; the apps import these): one pagination and
one error body. Paging bounds come from `paizhu.core.params`, like the pages'.

A list endpoint answers `{"count": 全部条数, "next": 下一页的地址或 null, "items": [...]}` for
`?limit=&offset=` (`Page`, applied by `access.reads.api_listing`, which also records the page); every error
is `{"code": "...", "detail": "中文"}` (`ErrorOut`; a malformed parameter adds ninja's `errors`).
"""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PaginationBase

from .params import ID_MAX, MAX_LIMIT, MAX_OFFSET

DEFAULT_LIMIT = 100


class Paging(Schema):
    """`?limit=&offset=`: a malformed or out-of-range value answers 400, never a database error."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"每页条数，1–{MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数")


class Page(PaginationBase):
    """The one pagination of the API (ninja's `@paginate(Page)`): limit/offset in, count and next out.

    `after(request, rows, count)` sees the page's rows once they are read and returns the rows to serialise
    (the audit of the read, a flag computed over the page).
    """

    Input = Paging  # type: ignore[assignment]  # ninja declares its own Input; any Schema serves

    class Output(Schema):
        count: int = Field(description="符合条件的全部条数")
        next: str | None = Field(description="下一页的地址（本站路径），没有下一页时为 null")
        items: list[Any]

    def __init__(self, *, after=None, **kwargs):
        self.after = after
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset, pagination: Paging, request, **params):
        count = self._items_count(queryset)
        end = pagination.offset + pagination.limit
        rows = list(queryset[pagination.offset : end])
        if self.after is not None:
            rows = self.after(request, rows, count)
        return {"count": count, "next": _next(request, end, pagination.limit) if end < count else None, "items": rows}


def _next(request, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["offset"], query["limit"] = str(offset), str(limit)
    return f"{request.path}?{query.urlencode()}"


class ErrorOut(Schema):
    """Every error the API answers."""

    code: str = Field(
        description="稳定的英文代码：bad_request、unauthorized、forbidden、not_found、method_not_allowed、conflict、server_error（其他为 error）"
    )
    detail: str = Field(description="中文说明")
    errors: list[dict] | None = Field(None, description="参数校验的明细（仅 bad_request）")


def error_body(code: str, detail: str, errors: list | None = None) -> dict:
    """The JSON of an error (`ErrorOut`); `errors` only when there are some."""
    body: dict[str, Any] = {"code": code, "detail": detail}
    if errors:
        body["errors"] = errors
    return body


ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}  # what a read endpoint may answer besides 200


def id_field(description: str):
    """An optional filter naming one record by id (`?unit=`), within the id range."""
    return Field(None, ge=1, le=ID_MAX, description=description)
