"""日常监督记录 over the API: the same scoping, filters and audited reads as the log's pages, and a record made
through the page's form and the same service (`services.record_activity`)."""

import datetime

from ninja import Field, File, Form, Query, Router, Schema, UploadedFile

from paizhu import access
from paizhu.access.reads import api_listing
from paizhu.core.errors import NotFound
from paizhu.core.params import ID_MAX
from paizhu.core.roles import GROUP_ROLES
from paizhu.core.schemas import ERRORS, STEP_ERRORS, ListFilters, cleaned, filter_field

from . import forms, queries, services
from .kinds import SPECS
from .models import Activity, Kind

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


class ActivityIn(Schema):
    """The page's 登记 form (`forms.ActivityForm`) as multipart/form-data; which fields count and which are
    required depend on the kind, as on the page. Photos under `photos`."""

    held_on: datetime.date = Field(description="日期（不晚于今天）")
    units: list[int] = Field(description="单位的 id（本组监督的单位），可多个")
    content: str = Field(max_length=10000, description="主要内容")
    persons: list[int] = Field([], description="涉及人员（干部名册的 id）；谈话类必填")
    participants: list[int] = Field([], description="同去的组内人员（用户 id）")
    place: str = Field("", max_length=100, description="地点")
    topic: str = Field("", max_length=200, description="主题")
    meeting: str = Field("", max_length=200, description="会议名称（列席会议）")
    major_items: str = Field("", max_length=3000, description="研究的“三重一大”事项（列席会议）")
    unfiled: bool = Field(False, description="所议“三重一大”事项未按规定事前报备（列席会议）")
    last_word: str = Field("", max_length=20, description="主要负责人末位表态（列席会议）")
    opinion: str = Field("", max_length=3000, description="监督意见")
    materials: str = Field("", max_length=3000, description="调阅资料")
    report: int | None = Field(None, ge=1, le=ID_MAX, description="关联信访举报的 id")
    findings: str = Field("", max_length=5000, description="发现的问题，每行一个")


@router.post(
    "/record/{kind}",
    response={200: ActivityDetailOut, **STEP_ERRORS},
    summary="登记日常监督记录（派驻组组长、组员，同页面“登记”；kind 为监督工作类别）",
)
def activity_record(
    request,
    kind: Kind,
    data: Form[ActivityIn],
    photos: File[list[UploadedFile]] = None,
):
    if request.auth.acting_role not in GROUP_ROLES or kind not in SPECS:
        raise NotFound()  # as on the page: only a group's staff record
    form = forms.ActivityForm(request.POST, request.FILES, kind=kind, user=request.auth)
    values = cleaned(form)
    activity = services.record_activity(request.auth, kind, form.activity_input(), photos=values.get("photos") or [])
    activity.visible_findings = queries.findings_of(request.auth, activity)
    return activity
