"""The clue ledger over the API: the same scoping (`queries`/`access`) and the same audited reads as the pages."""

import datetime

from ninja import Router, Schema

from paizhu import access
from paizhu.access.reads import api_listing
from paizhu.core.schemas import ERRORS

from . import queries
from .models import Clue

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


@router.get("/", response={200: list[ClueOut], **ERRORS}, summary="线索台账（按访问范围，参数同页面筛选）")
@api_listing(Clue)
def clue_list(request):
    filters = queries.ClueFilters.from_params(request.GET)
    return queries.for_list(queries.filter_clues(request.auth, filters)).order_by("-received_on", "-id")


@router.get("/{int:pk}", response={200: ClueOut, **ERRORS}, summary="线索详情（查阅记入审计日志）")
def clue_detail(request, pk: int):
    return access.fetch(request.auth, queries.for_list(Clue.objects.all()), pk)
