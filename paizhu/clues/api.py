"""The clue ledger and the cases over the API: the same scoping (`queries`/`access`), the same filters and
the same audited reads as the pages."""

import datetime

from ninja import Field, Form, Query, Router, Schema

from paizhu import access
from paizhu.access.reads import api_listing
from paizhu.core.errors import DomainError
from paizhu.core.schemas import ERRORS, STEP_ERRORS, ListFilters, cleaned, filter_field, form_schema

from . import actions, queries
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


# ---------------------------------------------------------------- 办理步骤: every step of the clue and case pages


def _step_route(path: str, step, queryset, out, refused: str, clue_of) -> None:
    """POST `path` takes `step` as its page does: the record through access with the step's action, the
    button's predicate (refused in the page's words), the page's form bound to the request, the same service."""
    body = form_schema(step.form, f"{out.__name__.removesuffix('Out')}{step.name.title().replace('_', '')}In")

    def take(request, pk: int, data: Form[body]):  # type: ignore[valid-type]
        obj = access.get_for_act(request.auth, queryset, pk, action=step.action)
        if not step.allowed(request.auth, obj):
            raise DomainError(refused)
        form = step.form(request.POST, request.FILES, user=request.auth, clue=clue_of(obj))
        cleaned(form)
        step.run(request.auth, obj, form.service_kwargs())
        after = access.scope(request.auth, queryset).filter(pk=pk).first()
        return (200, after) if after is not None else (204, None)  # 204: the step took it out of the user's sight

    take.__name__ = f"{out.__name__.removesuffix('Out').lower()}_{step.name}"
    summary = f"{step.label}（同页面“{step.label}”按钮；version 为所读取记录的版本）"
    router.post(path.format(name=step.name), response={200: out, 204: None, **STEP_ERRORS}, summary=summary)(take)


for _step in actions.CLUE_STEPS.values():
    _step_route(
        "/{{int:pk}}/{name}",
        _step,
        queries.for_list(Clue.objects.all()),
        ClueOut,
        "当前不能办理此事项：线索状态已变化，或您不是承办人。",
        lambda clue: clue,
    )
for _step in actions.CASE_STEPS.values():
    _step_route(
        "/cases/{{int:pk}}/{name}",
        _step,
        queries.for_case_list(Case.objects.all()),
        CaseOut,
        "当前不能办理此事项：案件状态已变化，或您无权办理。",
        lambda case: case.clue,
    )
