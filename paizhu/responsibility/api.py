"""主体责任清单 and 三重一大 filings over the API: the same scoping, filters and audited reads as the pages."""

import datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from paizhu import access
from paizhu.access.reads import api_listing
from paizhu.core.params import BadRequest
from paizhu.core.schemas import ERRORS, ListFilters, filter_field, id_field

from . import queries
from .models import Filing, ResponsibilityList

router = Router(tags=["主体责任"])


class ListItemOut(Schema):
    id: int
    kind: str
    position: int
    task: str
    measures: str
    due_on: datetime.date | None
    done_on: datetime.date | None
    progress: str


class ListOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    year: int
    level: str
    level_label: str
    person: str | None
    area: str
    status: str
    status_label: str
    revision: int
    signed_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_level_label(obj):
        return obj.get_level_display()

    @staticmethod
    def resolve_person(obj):
        return obj.person.name if obj.person_id else None

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class ListDetailOut(ListOut):
    items: list[ListItemOut]

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class FilingOut(Schema):
    id: int
    serial: str
    unit_id: int
    group_id: int | None
    category: str
    category_label: str
    title: str
    agenda: str
    meeting_kind: str
    meeting_on: datetime.date
    amount: Decimal | None
    filed_on: datetime.date
    deadline: datetime.date
    is_late: bool
    status: str
    status_label: str
    group_opinion: str
    held_on: datetime.date | None
    version: int

    @staticmethod
    def resolve_category_label(obj):
        return obj.get_category_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class ListFiltersIn(ListFilters):
    unit: int | None = id_field("单位的 id")
    year: int | None = Field(None, ge=2000, le=2100, description="年度")
    status: str = filter_field("状态：draft、signing、signed")


class FilingFilters(ListFilters):
    unit: int | None = id_field("单位的 id")
    category: str = filter_field("事项类别，如 decision、appointment、project、funds")
    status: str = filter_field("状态，如 filed、answered、held、checked")
    late: str = filter_field("1：只看未按时报备的", 1)


def _choice(value: str, choices, name: str) -> str:
    if value and value not in choices:
        raise BadRequest(f"参数“{name}”的取值无效。", field=name)
    return value


@router.get("/lists/", response={200: list[ListOut], **ERRORS}, summary="主体责任清单（按访问范围）")
@api_listing(ResponsibilityList, code="responsibility.list_listed")
def list_list(request, filters: Query[ListFiltersIn]):
    qs = queries.lists(request.auth)
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if _choice(filters.status, ResponsibilityList.Status.values, "status"):
        qs = qs.filter(status=filters.status)
    return qs.order_by("-year", "-id")


@router.get("/lists/{int:pk}", response={200: ListDetailOut, **ERRORS}, summary="主体责任清单详情（查阅记入审计日志）")
def list_detail(request, pk: int):
    return access.fetch(request.auth, queries.lists(request.auth).prefetch_related("items"), pk)


@router.get("/filings/", response={200: list[FilingOut], **ERRORS}, summary="“三重一大”事项报备（按访问范围）")
@api_listing(Filing, code="responsibility.filing_listed")
def filing_list(request, filters: Query[FilingFilters]):
    qs = queries.filings(request.auth)
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    if _choice(filters.category, Filing.Category.values, "category"):
        qs = qs.filter(category=filters.category)
    if _choice(filters.status, Filing.Status.values, "status"):
        qs = qs.filter(status=filters.status)
    if filters.late == "1":
        qs = qs.filter(is_late=True)
    return qs.order_by("-meeting_on", "-id")


@router.get(
    "/filings/{int:pk}", response={200: FilingOut, **ERRORS}, summary="“三重一大”事项报备详情（查阅记入审计日志）"
)
def filing_detail(request, pk: int):
    return access.fetch(request.auth, queries.filings(request.auth), pk)
