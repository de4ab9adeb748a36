"""日常监督记录 over the API: the same scoping, filters and audited reads as the log's pages."""

import datetime

from ninja import Field, Query, Router, Schema

from paizhu import access
from paizhu.access.reads import api_listing
from paizhu.core.schemas import ERRORS, ListFilters, filter_field

from . import queries
from .models import Activity

router = Router(tags=["日常监督"])


class FindingOut(Schema):
    id: int
    text: str
    status: str
    status_label: str

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class ActivityOut(Schema):
    id: int
    serial: str
    kind: str
    kind_label: str
    held_on: datetime.date
    group_id: int
    unit_ids: list[int]
    persons: list[str]
    topic: str
    place: str
    content: str
    version: int

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_unit_ids(obj):
        return [unit.pk for unit in obj.units.all()]

    @staticmethod
    def resolve_persons(obj):
        return [person.name for person in obj.persons.all()]


class ActivityDetailOut(ActivityOut):
    findings: list[FindingOut]

    @staticmethod
    def resolve_findings(obj):
        return obj.visible_findings


class ActivityFilters(ListFilters):
    group: str = filter_field("派驻组的 id")
    unit: str = filter_field("监督对象单位的 id")
    person: str = filter_field("涉及干部的 id")
    kind: str = filter_field("监督工作类别，如 meeting、individual_talk")
    findings: str = filter_field("pending：有待处置的问题；any：有发现的问题", 10)
    mine: str = filter_field("1：只看我参与的", 1)
    from_: str = Field("", alias="from", max_length=10, description="日期起（如 2026-01-31）")
    to: str = Field("", max_length=10, description="日期止")


@router.get("/", response={200: list[ActivityOut], **ERRORS}, summary="日常监督记录（按访问范围，参数同页面筛选）")
@api_listing(Activity)
def activity_list(request, filters: Query[ActivityFilters]):
    parsed = queries.Filters.from_params(filters.params())
    return queries.for_list(queries.filtered(request.auth, parsed)).order_by("-held_on", "-id")


@router.get("/{int:pk}", response={200: ActivityDetailOut, **ERRORS}, summary="监督记录详情（查阅记入审计日志）")
def activity_detail(request, pk: int):
    activity = access.fetch(request.auth, queries.for_detail(Activity.objects.all()), pk)
    activity.visible_findings = queries.findings_of(request.auth, activity)
    return activity
