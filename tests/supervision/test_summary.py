"""The commission's work summary equals a hand count of a fixed set of records; who may read it; its flags."""

import datetime

import pytest
from django.test import Client

from paizhu.audit.models import AuditEntry
from paizhu.clues.models import Clue, Source
from paizhu.intake.models import Channel, Report
from paizhu.supervision import services
from paizhu.supervision.models import Kind
from paizhu.supervision.summary import Period, summarize
from tests.fixtures import sign_in

from .conftest import meeting_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

D = datetime.date


def _record(world, user, kind, held_on, units, findings=(), **fields):
    data = meeting_input(
        world,
        held_on=held_on,
        units=units,
        persons=fields.pop("persons", []),
        findings=list(findings),
        meeting="",
        major_items="",
        last_word="",
        opinion="",
        topic="检查事项",
        **fields,
    )
    if kind == Kind.MEETING:
        data = meeting_input(world, held_on=held_on, units=units, findings=list(findings))
    return services.record_activity(user, kind, data)


def _report(world, n, group, received_on):
    return Report.objects.create(
        serial=f"XF-2026-9{n:05d}", channel=Channel.LETTER, received_on=received_on, facts="反映问题。", group=group
    )


@pytest.fixture
def dataset(world):
    """Fourth group: 3 records in November (one at two units), one in October; second group: one in November
    with two findings, one in August. Reports and clues of the 4th group: 3 + 1 reports, 1 clue."""
    u = world.users
    _record(world, u.zu4a, Kind.MEETING, D(2026, 11, 12), [world.edu], ["会前未报备"])
    _record(world, u.zu4a, Kind.INSPECTION, D(2026, 11, 5), [world.edu, world.fin])
    _record(world, u.zu4, Kind.HEART_TALK, D(2026, 11, 3), [world.edu], persons=[world.edu_clerk])
    _record(world, u.zu4a, Kind.INSPECTION, D(2026, 10, 20), [world.fin])
    _record(world, u.zu2, Kind.INSPECTION, D(2026, 11, 10), [world.water], ["台账不全", "制度未更新"])
    _record(world, u.zu2, Kind.DOCUMENTS, D(2026, 8, 3), [world.water], materials="会议记录")
    for n, day in enumerate([D(2026, 11, 2), D(2026, 11, 9), D(2026, 11, 16), D(2026, 10, 8), D(2026, 7, 1)]):
        _report(world, n, world.g4, day)
    _report(world, 9, world.g2, D(2026, 11, 3))
    Clue.objects.create(
        serial="XS-2026-900001",
        source_kind=Source.SUPERVISION,
        received_on=D(2026, 11, 15),
        unit=world.edu,
        summary="会前未报备。",
        group=world.g4,
    )


def test_the_monthly_summary_equals_a_hand_count(world, dataset, settings):
    settings.PAIZHU_SUPERVISION_ANOMALIES = {"min_reports": 3, "min_clue_percent": 50}
    result = summarize(world.users.guanli, Period.month(2026, 11))
    assert [label for _, label in result.kinds] == ["监督检查", "列席会议", "谈心谈话"]
    g2, g4 = sorted(result.groups, key=_ordinal)
    assert (g4.total, g4.cells, g4.findings, g4.reports, g4.clues) == (3, [1, 1, 1], 1, 3, 1)
    assert [(u.unit.name, u.total, u.cells, u.findings) for u in g4.units] == [
        ("测试市教育局", 3, [1, 1, 1], 1),
        ("测试市财政局", 1, [1, 0, 0], 0),
    ]
    assert (g2.total, g2.cells, g2.findings, g2.reports, g2.clues) == (1, [1, 0, 0], 2, 1, 0)
    assert [(u.unit.name, u.total, u.findings) for u in g2.units] == [("测试市水利局", 1, 2)]
    # 财政局: two records since 1 September, no finding; 4 reports of the 4th group since then, 1 clue (25%).
    assert g4.flags == [
        "近3个月在测试市财政局开展日常监督 2 次，未发现问题",
        "近3个月受理信访举报 4 件，登记问题线索 1 件（不足50%）",
    ]
    assert g2.flags == []  # 水利局 had findings; one report is under the minimum


def test_the_weekly_summary_and_the_thresholds_move_the_flags(world, dataset, settings):
    result = summarize(world.users.wei, Period.week(2026, 46))  # 9–15 November
    g2, g4 = sorted(result.groups, key=_ordinal)
    assert (g4.total, g4.by_kind, g2.total, g2.findings, g4.reports, g4.clues) == (1, {"meeting": 1}, 1, 2, 1, 1)
    # 16 August – 15 November: 财政局's two records; the default minimum of 10 reports is not reached.
    assert g4.flags == ["近3个月在测试市财政局开展日常监督 2 次，未发现问题"] and g2.flags == []
    october = [r.flags for r in sorted(summarize(world.users.wei, Period.month(2026, 10)).groups, key=_ordinal)]
    assert october == [
        ["近3个月在测试市水利局开展日常监督 1 次，未发现问题"],
        ["近3个月在测试市财政局开展日常监督 1 次，未发现问题"],
    ]
    settings.PAIZHU_SUPERVISION_ANOMALIES = {"silent_months": 2}  # from 1 September: 水利局's August record is out
    october = [r.flags for r in sorted(summarize(world.users.wei, Period.month(2026, 10)).groups, key=_ordinal)]
    assert october == [[], ["近2个月在测试市财政局开展日常监督 1 次，未发现问题"]]


def _ordinal(row):
    return row.group.ordinal


def test_only_the_commission_leadership_and_dispatch_office_read_it(world, dataset):
    for name in ("wei", "guanli"):
        response = sign_in(Client(), getattr(world.users, name)).get("/supervision/summary/?month=2026-11")
        assert response.status_code == 200, name
        page = response.content.decode()
        assert "第四纪检监察组" in page and "测试市财政局" in page and "未发现问题" in page
    entry = AuditEntry.objects.filter(action="supervision.summary_viewed").order_by("pk").last()
    assert entry.details["month"] == "2026-11" and entry.details["from"] == "2026-11-01"
    for name in ("zu4", "zu4a", "zu2", "xinfang", "anguan", "shuji", "lianluo", "sysadmin", "auditor"):
        assert sign_in(Client(), getattr(world.users, name)).get("/supervision/summary/").status_code == 404, name
        user = getattr(world.users, name)
        assert all(row.total == 0 and not row.units for row in summarize(user, Period.month(2026, 11)).groups)


@pytest.mark.parametrize("query", ["month=2026-13", "month=11", "week=2026-W60", "week=2026-46", "month=2026-1"])
def test_a_malformed_period_is_a_400(world, query):
    assert sign_in(Client(), world.users.guanli).get(f"/supervision/summary/?{query}").status_code == 400


def test_the_page_defaults_to_this_month_and_offers_the_week(world, dataset):
    page = sign_in(Client(), world.users.guanli).get("/supervision/summary/").content.decode()
    assert "2026年11月" in page and "?week=2026-W47" in page and "?month=2026-10" in page
    page = sign_in(Client(), world.users.guanli).get("/supervision/summary/?week=2026-W47").content.decode()
    assert "2026年第47周（11月16日—11月22日）" in page and "下一周" not in page
