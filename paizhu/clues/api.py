"""The clue ledger and the cases over the API: the same scoping (`queries`/`access`), the same filters and
the same audited reads as the pages."""

import datetime

from ninja import Field, Query, Router, Schema

from paizhu import access
from paizhu.access.reads import api_listing
from paizhu.core.schemas import ERRORS, ListFilters, filter_field

from . import queries
from .models import Case, Clue

router = Router(tags=["问题线索"])


class ClueOut(Schema):
    id: int
    serial: str
    status: str
    status_label: str
    source_kind: str
    received_on: datetime.date
    unit_id: int
    group_id: int | None
    method: str
    due_on: datetime.date | None
    due_label: str
    subjects: list[str]
    summary: str
    version: int

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_subjects(obj):
        return [p.name for p in obj.subjects.all()]


class ClueListFilters(ListFilters):
    group: str = filter_field("承办派驻组的 id，或 office（委机关承办）")
    unit: str = filter_field("被反映人所在单位的 id")
    status: str = filter_field("线索状态，如 registered、assigned、closed")
    method: str = filter_field("处置方式：talk、inquiry、initial_check、hold、close")
    source: str = filter_field("线索来源")
    person: str = filter_field("被反映人姓名（部分）")
    q: str = filter_field("关键词（全文检索）", 100)
    overdue: str = filter_field("1：只看已逾期", 1)
    soon: str = filter_field("1：只看临近期限", 1)
    mine: str = filter_field("1：只看我承办的", 1)
    from_: str = Field("", alias="from", max_length=10, description="受理日期起（如 2026-01-31）")
    to: str = Field("", max_length=10, description="受理日期止")


@router.get("/", response={200: list[ClueOut], **ERRORS}, summary="线索台账（按访问范围，参数同页面筛选）")
@api_listing(Clue)
def clue_list(request, filters: Query[ClueListFilters]):
    parsed = queries.ClueFilters.from_params(filters.params())
    return queries.for_list(queries.filter_clues(request.auth, parsed)).order_by("-received_on", "-id")


@router.get("/{int:pk}", response={200: ClueOut, **ERRORS}, summary="线索详情（查阅记入审计日志）")
def clue_detail(request, pk: int):
    return access.fetch(request.auth, queries.for_list(Clue.objects.all()), pk)


# ---------------------------------------------------------------- 案件


class CaseOut(Schema):
    id: int
    serial: str
    status: str
    status_label: str
    clue_id: int
    clue_serial: str
    unit_id: int
    group_id: int | None
    subjects: list[str]
    filed_on: datetime.date
    investigation_due: datetime.date
    sent_to_review_on: datetime.date | None
    review_due: datetime.date | None
    decided_on: datetime.date | None
    party_penalty: str
    gov_penalty: str
    version: int

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_clue_serial(obj):
        return obj.clue.serial

    @staticmethod
    def resolve_unit_id(obj):
        return obj.clue.unit_id

    @staticmethod
    def resolve_group_id(obj):
        return obj.clue.group_id

    @staticmethod
    def resolve_subjects(obj):
        return [p.name for p in obj.clue.subjects.all()]


class CaseFilters(ListFilters):
    status: str = filter_field("案件状态，如 investigating、in_review、decided")
    person: str = filter_field("被审查调查人姓名（部分）")
    from_: str = Field("", alias="from", max_length=10, description="立案日期起（如 2026-01-31）")
    to: str = Field("", max_length=10, description="立案日期止")


@router.get("/cases/", response={200: list[CaseOut], **ERRORS}, summary="案件列表（按访问范围，参数同页面筛选）")
@api_listing(Case)
def case_list(request, filters: Query[CaseFilters]):
    qs, _ = queries.filter_cases(request.auth, filters.params())
    return queries.for_case_list(qs).order_by("-filed_on", "-id")


@router.get("/cases/{int:pk}", response={200: CaseOut, **ERRORS}, summary="案件详情（查阅记入审计日志）")
def case_detail(request, pk: int):
    return access.fetch(request.auth, queries.for_case_list(Case.objects.all()), pk)
