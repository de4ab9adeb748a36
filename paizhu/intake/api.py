"""信访举报 over the API: the same scoping and filters as the list page, the same audited read as the detail page.

The schemas carry no field about the reporter — no name, unit, contact, id number, address, attachment
or message — only the real-name flag the feedback deadlines depend on.
"""

import datetime

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema

from paizhu.access.reads import api_listing
from paizhu.core.schemas import ERRORS
from paizhu.org.models import Person

from . import queries
from .models import Report

router = Router(tags=["信访举报"])


class ReportFilters(Schema):
    status: str = Field("", description="办理阶段：received / registered / accepted / closed / transferred / duplicate")
    routing: str = Field("", description="分办状态：proposed / routed / transferred / duplicate")
    channel: str = Field(
        "", description="来源渠道：letter / visit / phone / online / agency / inspection / audit / superior"
    )
    group: str = Field("", description="承办派驻组的 id，或 commission（委机关承办）")
    due: str = Field("", description="open：有待办的告知或办结期限；overdue：已逾期")

    def as_params(self) -> dict:
        return {
            "stage": self.status,
            "routing": self.routing,
            "channel": self.channel,
            "group": self.group,
            "due": self.due,
        }


class ReportOut(Schema):
    id: int
    serial: str
    channel: str
    channel_label: str
    source: str
    kind: str
    received_on: datetime.date
    unit_id: int | None
    unit_name: str
    subjects: list[str]
    categories: list[str]
    facts: str
    routing: str
    group_id: int | None
    handled_by: str
    stage: str
    stage_label: str
    is_real_name: bool
    acceptance_due: datetime.date | None
    acceptance_notified_on: datetime.date | None
    closed_on: datetime.date | None
    result_due: datetime.date | None
    result_notified_on: datetime.date | None
    close_due: datetime.date | None
    duplicate_of_id: int | None
    version: int

    @staticmethod
    def resolve_duplicate_of_id(obj):
        # Set by the endpoints: the original only when the user may see it (recusal included).
        return obj.duplicate_of_id if obj.duplicate_of_id in getattr(obj, "seen_originals", ()) else None

    @staticmethod
    def resolve_channel_label(obj):
        return obj.get_channel_display()

    @staticmethod
    def resolve_stage_label(obj):
        return obj.get_stage_display()

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name if obj.unit_id else ""

    @staticmethod
    def resolve_subjects(obj):
        chosen = [p.name for p in obj.subjects.all()]
        return chosen + [n.name for n in obj.named.all() if n.name not in chosen]


class ReportDetailOut(ReportOut):
    occurred_when: str
    occurred_where: str
    witnesses: str
    routing_reason: str
    accepted_on: datetime.date | None
    result: str
    transferred_to: str
    clues: list[str]

    @staticmethod
    def resolve_clues(obj):
        return [link.clue.serial for link in obj.clue_links.select_related("clue")]


def _with_seen_originals(user, rows: list) -> list:
    seen = queries.visible_originals(user, rows)
    for row in rows:
        row.seen_originals = seen
    return rows


def _for_api(qs):
    return qs.prefetch_related(Prefetch("subjects", queryset=Person.objects.only("id", "name")), "named")


@router.get(
    "/", response={200: list[ReportOut], **ERRORS}, summary="信访举报列表（按访问范围，筛选同页面；不含举报人信息）"
)
@api_listing(Report, prepare=_with_seen_originals)
def report_list(request, filters: Query[ReportFilters]):
    qs, _ = queries.filtered(request.auth, filters.as_params())
    return _for_api(qs)


@router.get(
    "/{int:pk}", response={200: ReportDetailOut, **ERRORS}, summary="信访举报详情（查阅记入审计日志；不含举报人信息）"
)
def report_detail(request, pk: int):
    [report] = _with_seen_originals(request.auth, [queries.detail(request.auth, pk)])
    return report
