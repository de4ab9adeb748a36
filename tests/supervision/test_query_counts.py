"""The log's pages in a fixed number of queries: measured, grown (more records, units, persons, colleagues,
findings and disposals), measured again."""

import datetime
import itertools

import pytest
from django.test import Client
from freezegun import freeze_time

from paizhu.supervision import services
from paizhu.supervision.models import Kind
from tests.fixtures import sign_in
from tests.query_counts import add_member, assert_no_growth

pytestmark = pytest.mark.django_db

_n = itertools.count(1)


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time("2026-11-20 10:00:00+08:00", tick=True):
        yield


def _records(world, n=3, *, author=None):
    """`n` special inspections of 教育局 and 财政局, each with a new colleague, two persons and two findings."""
    serials = []
    for _ in range(n):
        i = next(_n)
        colleague = add_member(world)
        services.record_activity(
            author or world.users.zu4a,
            Kind.SPECIAL,
            services.ActivityInput(
                held_on=datetime.date(2026, 11, 2) + datetime.timedelta(days=i % 15),
                units=[world.edu, world.fin],
                persons=[world.edu_head, world.edu_clerk],
                participants=[colleague],
                topic=f"公务用车管理专项检查第{i}轮",
                content="检查车辆使用登记、维修保养台账。",
                findings=[f"车辆维修未执行定点（第{i}次）", f"派车单缺审批签字（第{i}次）"],
            ),
        )
        serials.append(f"公务用车管理专项检查第{i}轮")
    return serials


# Pinned (tests/query_counts.py): as measured, navigation badges included; lower them when a page does fewer.
# A list costs three prefetches (units, persons, findings); the unit's year one more (participants). Group staff
# have the 整改建议 badge too (rectification).
DETAIL_MOST = {"zu4": 32, "zu4a": 29, "wei": 26}
LIST_MOST = {"zu4": 25, "zu4a": 23, "wei": 21}


@pytest.mark.parametrize("name", ["zu4", "zu4a", "wei"])
def test_the_log(world, name):
    _records(world, 1)
    client = sign_in(Client(), getattr(world.users, name))
    assert_no_growth(client, "/supervision/", lambda: _records(world), most=LIST_MOST[name])


@pytest.mark.parametrize("name", ["zu4", "zu4a", "wei"])
def test_the_record(world, name):
    (first,) = _records(world, 1)
    from paizhu.supervision.models import Activity

    activity = Activity.objects.get(topic=first)
    client = sign_in(Client(), getattr(world.users, name))

    def grow():
        for _ in range(3):
            add_member(world)
        data = services.ActivityInput(
            held_on=activity.held_on,
            units=[world.edu, world.fin],
            persons=[world.edu_head, world.edu_clerk, world.edu_deputy],
            participants=[add_member(world), add_member(world)],
            topic=activity.topic,
            content=activity.content + "补充。",
            findings=["报废车辆未及时办理注销", "加油卡未实行一车一卡"],
        )
        edited = services.edit_activity(world.users.zu4a, activity, data, version=activity.version)
        first, second = edited.findings.order_by("id")[:2]
        services.drop(world.users.zu4, first, version=first.version, reason="已当场整改")
        clue = services.dispose_as_clue(world.users.zu4, second, version=second.version, summary=second.text)
        return ["报废车辆未及时办理注销", "已当场整改", clue.serial, "李红梅"]

    assert_no_growth(client, f"/supervision/{activity.pk}/", grow, most=DETAIL_MOST[name])


def test_the_units_year(world):
    _records(world, 1)
    client = sign_in(Client(), world.users.zu4a)
    assert_no_growth(client, f"/supervision/units/{world.edu.pk}/", lambda: _records(world), most=23)


def _water(world, day):
    """A record of the 2nd group at 水利局 finding nothing (a flag)."""
    services.record_activity(
        world.users.zu2,
        Kind.INSPECTION,
        services.ActivityInput(
            held_on=datetime.date(2026, 11, day), units=[world.water], topic="防汛物资检查", content="查看台账。"
        ),
    )


@pytest.mark.parametrize("name", ["wei", "guanli"])
def test_the_work_summary(world, name):
    """工作统计 counts by aggregates: more records, units, findings and flags cost no more queries."""
    _records(world, 1)
    _water(world, 3)
    client = sign_in(Client(), getattr(world.users, name))

    def grow():
        _records(world, 3)
        _water(world, 4)
        return ["测试市水利局开展日常监督 2 次", "测试市财政局"]

    assert_no_growth(client, "/supervision/summary/?month=2026-11", grow)
