"""What every API router shares (the api app mounts the routers; the apps import these): one pagination and
one error body. Paging bounds come from `paizhu.core.params`, like the pages'.

A list endpoint answers `{"next": 下一页的地址或 null, "items": [...]}` for `?limit=&cursor=` (`Page`,
applied by `access.reads.api_listing`, which also records the page); every error is
`{"code": "...", "detail": "中文"}` (`ErrorOut`; a malformed parameter adds ninja's `errors`).

Pages are sought by key, not skipped by OFFSET (`core.listing.seek`): the cursor is the sort key of the
previous page's last row, so the 500th page costs what the first costs and a row added meanwhile neither
repeats nor hides one. No page counts the whole list (no COUNT per call; the pages' capped totals are
the UI's business).
"""

import datetime
from typing import Any

from django import forms
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from pydantic import create_model

from .listing import seek
from .params import ID_MAX, MAX_LIMIT, BadRequest

DEFAULT_LIMIT = 100
CURSOR_MAX_LENGTH = 1000  # a sort key of a few columns encodes to well under 200 characters


class Paging(Schema):
    """`?limit=&cursor=`: a malformed or out-of-range value answers 400, never a database error."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"每页条数，1–{MAX_LIMIT}")
    cursor: str = Field(
        "",
        max_length=CURSOR_MAX_LENGTH,
        description="翻页位置：上一页答复的 next 中的值（原样传回）；不传为第一页",
    )


class Page(PaginationBase):
    """The one pagination of the API (ninja's `@paginate(Page)`): limit and cursor in, next and items out.

    `after(request, rows)` sees the page's rows once they are read and returns the rows to serialise
    (the audit of the read, a flag computed over the page).
    """

    Input = Paging  # type: ignore[assignment]  # ninja declares its own Input; any Schema serves

    class Output(Schema):
        next: str | None = Field(description="下一页的地址（本站路径，保留其他参数），没有下一页时为 null")
        items: list[Any]

    def __init__(self, *, after=None, **kwargs):
        self.after = after
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset, pagination: Paging, request, **params):
        rows, cursor = seek(queryset, pagination.cursor, pagination.limit)
        if self.after is not None:
            rows = self.after(request, rows)
        return {"next": _next(request, cursor, pagination.limit) if cursor else None, "items": rows}


def _next(request, cursor: str, limit: int) -> str:
    query = request.GET.copy()
    query["cursor"], query["limit"] = cursor, str(limit)
    return f"{request.path}?{query.urlencode()}"


class ListFilters(Schema):
    """A list's filters, declared for the schema with the names and values the list page takes; `params()`
    hands them to the app's own parsing (`Filters.from_params`), so a bad value is the page's 400."""

    def params(self) -> dict[str, str]:
        return {key: value for key, value in self.model_dump(by_alias=True).items() if value not in ("", None)}


def filter_field(description: str, max_length: int = 50):
    """A text filter as the page takes it (`?status=assigned`); checked by the app's parsing."""
    return Field("", max_length=max_length, description=description)


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


# What a workflow step (a POST) may answer besides 200: the page's checks, refused or stale (409), out of scope.
STEP_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class InvalidForm(BadRequest):
    """The page's form refused the request's fields: its Chinese messages, and per field in `errors`."""

    def __init__(self, message: str, errors: list[dict]):
        super().__init__(message)
        self.errors = errors


def cleaned(form) -> dict:
    """A workflow step over the API binds the page's own form to the request (`request.POST`, `request.FILES`)
    so that a field is checked exactly as on the page; its cleaned data, or InvalidForm (400)."""
    if form.is_valid():
        return form.cleaned_data
    errors, problems = [], []
    for name, messages in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for message in messages:
            errors.append({"loc": ["form", name], "msg": str(message), "type": "invalid"})
            problems.append(f"“{label}”{message}" if label else str(message))
    raise InvalidForm("".join(problems), errors)


def _field_type(field: forms.Field) -> Any:
    if isinstance(field, forms.ModelMultipleChoiceField):
        return list[int]
    if isinstance(field, forms.ModelChoiceField | forms.IntegerField):
        return int | None
    if isinstance(field, forms.MultipleChoiceField):
        return list[str]
    if isinstance(field, forms.BooleanField):
        return bool
    if isinstance(field, forms.DateField):
        return datetime.date | None
    return str


def form_schema(form_class: type[forms.Form], name: str) -> type[Schema]:
    """The fields of a page's form as the API's request body (multipart/form-data), for its documentation
    and types; which are required, and every other check, is the form's own (`cleaned`). Files are not
    listed: they are read from the request as the page reads them."""
    fields: dict[str, Any] = {}
    for field_name, field in form_class.base_fields.items():
        if isinstance(field, forms.FileField):
            continue
        kind = _field_type(field)
        default: Any = [] if kind in (list[int], list[str]) else False if kind is bool else None
        text = "".join(str(part) for part in (field.label or field_name, "（必填）" if field.required else ""))
        if field.help_text:
            text += f"：{field.help_text}"
        fields[field_name] = (kind if kind is not str else str | None, Field(default, description=text))
    return create_model(name, __base__=Schema, **fields)
