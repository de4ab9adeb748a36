"""整改建议 and their items over the API: the same scoping, filters and audited reads as the pages, and the
unit's answer on an item through the same service (`services.answer_item`)."""

import datetime

from ninja import Field, File, Form, Query, Router, Schema, UploadedFile

from paizhu import access
from paizhu.access.reads import api_listing
from paizhu.core.errors import NotFound
from paizhu.core.params import ID_MAX, BadRequest
from paizhu.core.schemas import ERRORS, STEP_ERRORS, ListFilters, cleaned, filter_field, id_field
from paizhu.workflow.steps import find

from . import forms, queries, services, steps
from .models import Demand, Item
from .workflows import ItemStatus

router = Router(tags=["整改督办"])


class ItemOut(Schema):
    id: int
    demand_id: int
    number: int
    serial: str
    requirement: str
    status: str
    status_label: str
    due_on: datetime.date | None
    responsible: str
    measures: str
    progress: str
    answered_on: datetime.date | None
    closed_on: datetime.date | None
    version: int

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class DemandOut(Schema):
    id: int
    serial: str
    kind: str
    kind_label: str
    title: str
    status: str
    status_label: str
    unit_id: int
    group_id: int
    problems: str
    reply_due: datetime.date | None
    issued_on: datetime.date | None
    closed_on: datetime.date | None
    version: int

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class DemandDetailOut(DemandOut):
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class DemandFilters(ListFilters):
    status: str = filter_field("状态，如 draft、issued、closed")
    kind: str = filter_field("文书种类，如 discipline、supervision")
    unit: str = filter_field("被建议单位的 id")
    overdue: str = filter_field("1：只看有逾期事项的", 1)


class ItemFilters(ListFilters):
    demand: int | None = id_field("所属整改建议的 id")
    status: str = filter_field("事项状态")


@router.get("/", response={200: list[DemandOut], **ERRORS}, summary="整改建议列表（按访问范围，参数同页面筛选）")
@api_listing(Demand)
def demand_list(request, filters: Query[DemandFilters]):
    return queries.demands(request.auth, queries.Filters.from_params(filters.params())).order_by("-id")


@router.get("/{int:pk}", response={200: DemandDetailOut, **ERRORS}, summary="整改建议详情及其事项（查阅记入审计日志）")
def demand_detail(request, pk: int):
    return access.fetch(request.auth, queries.for_detail(Demand.objects.all()), pk)


@router.get("/items/", response={200: list[ItemOut], **ERRORS}, summary="整改事项列表（按访问范围）")
@api_listing(Item)
def item_list(request, filters: Query[ItemFilters]):
    qs = access.scope(request.auth, Item).select_related("demand")
    if filters.demand:
        qs = qs.filter(demand_id=filters.demand)
    if filters.status:
        if filters.status not in ItemStatus.values:
            raise BadRequest("参数“status”不是可用的事项状态。", field="status")
        qs = qs.filter(status=filters.status)
    return qs.order_by("-id")


@router.get("/items/{int:pk}", response={200: ItemOut, **ERRORS}, summary="整改事项详情（查阅记入审计日志）")
def item_detail(request, pk: int):
    return access.fetch(request.auth, queries.item_for_detail(Item.objects.all()), pk)


class AnswerIn(Schema):
    """The page's 答复整改情况 form (`forms.AnswerForm`), as multipart/form-data; files under `uploads`."""

    version: int = Field(ge=1, le=ID_MAX, description="所读取事项的 version（他人已改动时答复 409）")
    progress: str = Field(max_length=5000, description="整改情况：做了什么、到什么程度")
    measures: str = Field("", max_length=5000, description="整改措施")
    responsible: str = Field("", max_length=60, description="本项整改的具体责任人（已有计划责任人时可不填）")


@router.post(
    "/items/{int:pk}/answer",
    response={200: ItemOut, **STEP_ERRORS},
    summary="答复整改事项（单位党组书记或联络员，同页面“答复整改情况”；佐证材料以 uploads 上传，可多个）",
)
def item_answer(request, pk: int, data: Form[AnswerIn], uploads: File[list[UploadedFile]] = None):
    row = access.get_for_act(request.auth, queries.item_for_detail(Item.objects.all()), pk, action="view")
    if not find(steps.ITEM_STEPS, "answer").allowed(request.auth, row):
        raise NotFound()  # as on the page: the step is not offered
    values = cleaned(forms.AnswerForm(request.POST, request.FILES))
    return services.answer_item(
        request.auth,
        row,
        version=values["version"],
        progress=values["progress"],
        measures=values["measures"],
        responsible=values["responsible"],
        uploads=values["uploads"],
    )
