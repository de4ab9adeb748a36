"""廉政风险防控: the unit keeps its register, reviews each point by its date (reminded), the group sees the risk map."""

import datetime

import pytest
from django.test import Client

from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied
from paizhu.responsibility import queries
from paizhu.responsibility.models import RiskPoint
from paizhu.responsibility.services import risks as services
from paizhu.responsibility.services.risks import RiskInput
from paizhu.workflow import reminders
from tests.fixtures import sign_in

DAY = datetime.timedelta(days=1)


def _input(world, **changes) -> RiskInput:
    values = {
        "department": "计划财务科",
        "post": "财务审核岗",
        "power_item": "专项资金拨付审核",
        "category": "process",
        "level": "high",
        "manifestation": "审核把关不严，虚列支出套取专项资金",
        "measures": "实行审核、复核、审批分离，大额拨付集体研究",
        "owner": world.edu_clerk,
        "leader": world.edu_deputy,
        "review_on": shanghai_today() + 60 * DAY,
        **changes,
    }
    return RiskInput(**values)


def _add(world, **changes) -> RiskPoint:
    return services.add_risk(world.users.lianluo, unit=world.edu, data=_input(world, **changes))


def test_the_unit_keeps_its_register_and_the_group_only_reads_it(world):
    point = _add(world)
    assert (point.unit, point.level, point.status) == (world.edu, "high", "active")
    assert point.events.get().title == "登记廉政风险点（业务流程，风险等级高）"
    with pytest.raises(PermissionDenied):
        services.add_risk(world.users.zu4, unit=world.edu, data=_input(world))
    with pytest.raises(NotFound):
        services.retire_risk(world.users.zu4, point, version=point.version, reason="岗位撤并")
    assert list(queries.risks(world.users.zu4a)) == [point]
    assert not queries.risks(world.users.zu2).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "other"}, "category"),
        ({"level": "extreme"}, "level"),
        ({"post": " "}, "post"),
        ({"measures": ""}, "measures"),
        ({"leader": "clerk"}, "leader"),  # not a leadership member
        ({"owner": "water"}, "owner"),  # another unit's cadre
        ({"review_on": "yesterday"}, "review_on"),
    ],
)
def test_bad_points_are_refused_at_their_field(world, changes, field):
    people = {"clerk": world.edu_clerk, "water": world.water_head, "yesterday": shanghai_today() - DAY}
    changes = {k: people.get(v, v) if isinstance(v, str) else v for k, v in changes.items()}
    with pytest.raises(DomainError) as refused:
        _add(world, **changes)
    assert refused.value.field == field
    assert not RiskPoint.objects.exists()


def test_a_review_rates_the_point_again_and_sets_the_next_date(world):
    point = _add(world)
    today = shanghai_today()
    reviewed = services.review_risk(
        world.users.lianluo,
        point,
        version=point.version,
        reviewed_on=today,
        level="medium",
        note="审核复核分离已落实，抽查未见问题",
        next_review_on=today + 180 * DAY,
    )
    assert (reviewed.level, reviewed.reviewed_on, reviewed.review_on) == ("medium", today, today + 180 * DAY)
    assert "风险等级由高调整为中" in reviewed.events.order_by("-id").first().title
    with pytest.raises(DomainError) as refused:
        services.review_risk(
            world.users.lianluo,
            reviewed,
            version=reviewed.version,
            reviewed_on=today,
            level="low",
            note="再次复核",
            next_review_on=today,
        )
    assert refused.value.field == "next_review_on"
    with pytest.raises(DomainError, match="没有修改"):
        services.edit_risk(
            world.users.lianluo,
            reviewed,
            version=reviewed.version,
            data=_input(world, level="medium", review_on=reviewed.review_on),
        )
    edited = services.edit_risk(
        world.users.lianluo,
        reviewed,
        version=reviewed.version,
        data=_input(world, level="medium", review_on=reviewed.review_on, post="财务复核岗"),
    )
    assert edited.post == "财务复核岗" and "岗位" in edited.events.order_by("-id").first().title
    retired = services.retire_risk(world.users.lianluo, edited, version=edited.version, reason="岗位撤并")
    assert retired.status == "retired"
    with pytest.raises(IllegalTransition):
        services.retire_risk(world.users.lianluo, retired, version=retired.version, reason="再次撤销")


def test_reviews_due_are_on_the_units_list_and_reminded(world):
    soon = _add(world, review_on=shanghai_today() + 10 * DAY)
    _add(world, post="招生录取岗", review_on=shanghai_today() + 90 * DAY)
    assert list(queries.risks_due(world.users.lianluo)) == [soon]
    assert not queries.risks_due(world.users.zu4).exists()  # the unit reviews, the group does not
    sent = reminders.send(soon.review_on - DAY)
    assert sent == 2  # 党组书记 and 联络员 of 教育局
    assert "廉政风险点即将到复核日期" in reminders.latest(world.users.shuji)[0].title
    assert not reminders.latest(world.users.zu4)


def test_the_risk_map_counts_by_unit_level_category_and_department(world):
    _add(world)
    _add(world, level="medium", category="post")
    _add(world, department="基础教育科", post="招生录取岗", level="high", category="system")
    services.add_risk(
        world.users.lianluo,
        unit=world.edu,
        data=_input(world, department="基础教育科", post="教材征订岗", level="low"),
    )
    retired = _add(world, post="已撤并岗位", level="high")
    services.retire_risk(world.users.lianluo, retired, version=retired.version, reason="岗位撤并")
    counts = queries.risk_map(world.users.zu4)
    assert counts["by_unit"] == {world.edu.pk: {"high": 2, "medium": 1, "low": 1, "total": 4, "overdue": 0}}
    assert counts["by_category"]["process"] == {"high": 1, "medium": 0, "low": 1}
    assert counts["by_department"] == {
        "基础教育科": {"high": 1, "medium": 0, "low": 1},
        "计划财务科": {"high": 1, "medium": 1, "low": 0},
    }
    assert queries.risk_map(world.users.zu2)["by_unit"] == {}
    page = sign_in(Client(), world.users.zu4).get("/responsibility/risks/map/").content.decode()
    assert "测试市教育局" in page and "测试市财政局" in page and "尚未登记" in page
    page = sign_in(Client(), world.users.zu4).get(f"/responsibility/risks/map/?unit={world.edu.pk}").content.decode()
    assert "基础教育科" in page and "按风险类别" in page
    assert (
        sign_in(Client(), world.users.zu4).get(f"/responsibility/risks/map/?unit={world.water.pk}").status_code == 404
    )
    assert sign_in(Client(), world.users.zu4).get("/responsibility/risks/map/?unit=abc").status_code == 400
