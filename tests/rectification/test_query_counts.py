"""Every page of 整改督办 in a fixed number of queries: measured, grown (more demands, items, answers, reports,
督办), measured again."""

import datetime

import pytest
from django.test import Client
from freezegun import freeze_time

from paizhu.rectification import services
from tests.fixtures import sign_in
from tests.query_counts import add_case, add_clue, assert_no_growth

from .conftest import evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with freeze_time("2026-09-21 10:00:00+08:00", tick=True) as clock:
        yield clock


def _client(world, name):
    return sign_in(Client(), getattr(world.users, name))


def _worked(world, make_demand):
    """An issued demand with one item answered and reported, one sent back, one planned, and a 督办."""
    demand = make_demand()
    one, two, three = demand.items.order_by("number")
    for item in (one, two):
        services.answer_item(
            world.users.lianluo,
            item,
            version=item.version,
            progress="已整改。",
            responsible="王建国",
            uploads=evidence(),
        )
    services.plan_item(
        world.users.lianluo,
        three,
        version=three.version,
        responsible="李红梅",
        timetable="分步推进。",
        plan_due=datetime.date(2026, 12, 1),
        milestones=[("修订制度", datetime.date(2026, 10, 30))],
    )
    demand.refresh_from_db()
    services.submit_report(world.users.shuji, demand, version=demand.version, summary="党组研究整改。")
    two.refresh_from_db()
    services.verify_item(world.users.zu4, two, version=two.version, accept=False, reason="材料不全。")
    services.press(world.users.guanli, demand, note="请加快整改。", item=three)
    return demand


@pytest.mark.parametrize("name", ["zu4", "zu4a", "guanli", "wei"])
def test_the_list(world, make_demand, name):
    _worked(world, make_demand)
    grow = lambda: [_worked(world, make_demand).serial for _ in range(3)]  # noqa: E731
    assert_no_growth(_client(world, name), "/rectification/", grow)


@pytest.mark.parametrize("name", ["zu4a", "lianluo", "shuji"])
def test_the_detail(world, make_demand, name):
    demand = _worked(world, make_demand)

    def grow():
        services.press(world.users.guanli, demand, note="再次督办。")
        item = demand.items.get(number=2)
        services.answer_item(world.users.lianluo, item, version=item.version, progress="补充材料。", uploads=evidence())
        demand.refresh_from_db()
        services.submit_report(world.users.shuji, demand, version=demand.version, summary="补充报告。")
        return ["再次督办", "补充报告"]

    assert_no_growth(_client(world, name), f"/rectification/{demand.pk}/", grow)


@pytest.mark.parametrize("name", ["zu4a", "lianluo"])
def test_the_item(world, make_demand, name):
    demand = _worked(world, make_demand)
    item = demand.items.get(number=3)

    def grow():
        services.press(world.users.guanli, demand, note="节点已过。", item=item)
        item.refresh_from_db()
        services.plan_item(
            world.users.lianluo,
            item,
            version=item.version,
            responsible="李红梅",
            timetable="调整后的安排。",
            plan_due=datetime.date(2026, 12, 1),
            milestones=[("培训", datetime.date(2026, 11, 1)), ("检查", datetime.date(2026, 11, 20))],
        )
        return ["节点已过", "培训", "检查"]

    assert_no_growth(_client(world, name), f"/rectification/items/{item.pk}/", grow)


@pytest.mark.parametrize("name", ["lianluo", "shuji"])
def test_the_units_page(world, make_demand, name):
    _worked(world, make_demand)
    grow = lambda: [_worked(world, make_demand).serial for _ in range(3)]  # noqa: E731
    assert_no_growth(_client(world, name), "/rectification/unit/", grow)


def test_the_cases_page(world, frozen):
    from paizhu.clues.models import Case

    def decided():
        case = add_case(world, add_clue(world, handlers=[world.users.zu4a]))
        Case.objects.filter(pk=case.pk).update(
            decided_on=datetime.date(2026, 9, 1), decision_summary="违规发放津补贴。"
        )
        return [case.serial]

    decided()
    assert_no_growth(_client(world, "zu4a"), "/rectification/cases/", lambda: decided() + decided())
