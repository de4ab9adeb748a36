"""List, search and API-list reads written to the audit trail: one entry per page, never one per row.

    from paizhu.access.reads import record_listing

    page.object_list = list(page.object_list)          # the rows the page will show
    record_listing(request.user, Clue, [c.pk for c in page.object_list],
                   filters=filters.as_params(), channel=request_channel(request), page=page.number,
                   total=paginator.count)

The event is the model's `<object>.listed` code, derived from its policy's read event (`clue.viewed` ->
`clue.listed`); models without a read event (the roster) name theirs with `code=`. The entry's object is
the model (`clues.clue`, no id); its details hold the filters as given, the page number, the total when
the page knows it, the ids shown in order, and the channel ("api", or "GET /clues/"). One insert per page.
"""

from typing import TYPE_CHECKING

from django.db import models
from ninja.pagination import paginate

from paizhu.core.schemas import Page

from .middleware import request_channel
from .policy import _policy_for

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

__all__ = ["api_listing", "listing_code", "record_listing", "record_page", "request_channel"]


def listing_code(model: type[models.Model]) -> str:
    """The `.listed` audit event for `model`, from its policy's read event."""
    from paizhu.audit.events import EVENTS

    read = _policy_for(model).audit_read
    code = f"{read.rsplit('.', 1)[0]}.listed" if read else ""
    if code not in EVENTS:
        raise ValueError(f"{model._meta.label} has no .listed audit event: pass code= or add one to audit/events.py")
    return code


def record_listing(
    user: "Actor",
    model: type[models.Model],
    ids,
    *,
    filters: dict,
    channel: str,
    page: int | None = None,
    total: int | None = None,
    code: str | None = None,
):
    """Write one `<object>.listed` entry for a page of `model` rows showing `ids` (in their order).

    Empty filters are left out of the entry; `page` and `total` are written when given.
    """
    from paizhu.audit.services import record

    details: dict = {"filters": {k: v for k, v in filters.items() if not _unset(v)}}
    if page is not None:
        details["page"] = page
    if total is not None:
        details["total"] = total
    details["ids"] = [int(pk) if isinstance(pk, int) else str(pk) for pk in ids]
    details["channel"] = channel
    return record(user, code or listing_code(model), (model._meta.label_lower, ""), details)


def _unset(value) -> bool:
    # 0 is a value (offset=0); "", None, False and empty lists are filters not set.
    return value is None or value is False or value == "" or (isinstance(value, list | tuple) and not value)


def record_page(request, model: type[models.Model], listing: dict, filters: dict, *, code: str | None = None):
    """`record_listing` for a page built by `core.listing.paginate`: its rows, number and total.

    The page's rows are read here (once) and kept on the page, so the template shows exactly the ids
    written and costs no second query.
    """
    page = listing["page"]
    page.object_list = list(page.object_list)
    return record_listing(
        request.user,
        model,
        [row.pk for row in page.object_list],
        filters=filters,
        channel=request_channel(request),
        page=page.number,
        total=page.paginator.count,
        code=code,
    )


def api_listing(model: type[models.Model], *, code: str | None = None, prepare=None):
    """Decorates an API list endpoint (under its `@router.get(..., response=list[...])`): the one pagination
    (`core.schemas.Page`: `?limit=&cursor=`, answering `{"next", "items"}`), and the page's rows
    recorded once per call with the query parameters as sent (`channel` "api"). The endpoint
    returns its queryset; `prepare(user, rows)` may annotate the page's rows before they are serialised."""

    def after(request, rows: list) -> list:
        user = getattr(request, "auth", None) or request.user
        rows = prepare(user, rows) if prepare is not None else rows
        record_listing(
            user,
            model,
            [row.pk for row in rows],
            filters={key: request.GET.get(key) for key in sorted(request.GET)},
            channel="api",
            code=code,
        )
        return rows

    return paginate(Page, after=after)
