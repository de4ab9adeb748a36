"""Home pages (我的待办) and recusal pages: their queries do not grow with matters or with staff."""

import pytest
from django.test import Client

from paizhu.access import services
from paizhu.access.models import RelationDeclaration
from tests.fixtures import sign_in
from tests.query_counts import add_clue, add_member, add_report, assert_no_growth, grow_city

# Pinned: each home page's queries as measured, badges included (lower them when a page does fewer; the
# grant query carries the group's coverage and the declared relations, access.facts). A group
# leader's home costs four more once some of the group's staff are conflicted (access.handled). The 即将到期 and
# 待审理案件 cards name each matter's subjects, unit and group: one prefetch of the subjects more (zu4, anguan,
# zu2, shenli); a card counts its rows only when it is full (core.todos), so these pins do not include that. A group
# leader's 问题发现待处置 card and its badge on 监督记录 are two more (supervision).
HOME_MOST = {
    "wei": 14,
    "guanli": 10,
    "xinfang": 11,
    "anguan": 13,  # the 待我审批 badge and to-do: 案管 holds disposal steps (kernel inbox)
    "shenli": 9,
    # 组长/组员: the 待验收整改事项 and 整改逾期 cards and the 整改建议 badge; the unit's 整改任务 (and the
    # secretary's 待签发整改报告) cards and the 本单位整改 badge.
    # 主体责任: the group's 驻在单位清单未完成签字, 待回复的“三重一大”报备, 待会后督查 and 待审阅的双报告 cards and the 报备 badge; the
    # unit's 待我签字背书 (and its badge), 本年度清单编制, 清单事项预警, 待报送会议纪要 and 起草中的双报告 cards and the 报备 badge;
    # the group's 待回复的党风廉政意见 and 干部选任程序空转 cards, the unit's 廉政风险点待复核 card (as measured).
    "zu4": 29,
    "zu4a": 24,
    "zu2": 28,
    "shuji": 18,
    "lianluo": 17,
    "auditor": 7,
}


def _staff_with_matters(world, n, *, declare=False):
    """`n` new members of the 4th group, each handling a clue and a report; declared relations if asked."""
    names = []
    for _ in range(n):
        member = add_member(world)
        clue = add_clue(world, handlers=[member])
        report = add_report(world, handler=member)
        if declare:
            services.declare_relation(member, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk)
            names += [f"{member}须回避，请改派问题线索", clue.serial, report.serial]
    return names


def test_the_group_leaders_home_does_not_grow_with_staff(world):
    client = sign_in(Client(), world.users.zu4)
    _staff_with_matters(world, 1)
    assert_no_growth(client, "/", lambda: _staff_with_matters(world, 3), most=HOME_MOST["zu4"])


def test_the_group_leaders_home_does_not_grow_with_conflicted_staff(world):
    client = sign_in(Client(), world.users.zu4)
    _staff_with_matters(world, 1, declare=True)
    assert_no_growth(client, "/", lambda: _staff_with_matters(world, 3, declare=True), most=HOME_MOST["zu4"] + 4)


HOME_USERS = ["wei", "guanli", "xinfang", "anguan", "shenli", "zu4", "zu4a", "zu2", "shuji", "lianluo", "auditor"]


@pytest.mark.parametrize("name", HOME_USERS)
def test_every_home_page_does_not_grow_with_matters_or_staff(world, name):
    client = sign_in(Client(), getattr(world.users, name))
    grow_city(world)
    grow = lambda: [s for _ in range(3) for s in grow_city(world).get(name, [])]  # noqa: E731
    assert_no_growth(client, "/", grow, most=HOME_MOST[name])


def test_the_relations_page_and_the_person_picker(world):
    from paizhu.org.models import Person, Unit

    client = sign_in(Client(), world.users.zu4a)
    n = iter(range(1, 100))

    def grow():
        """More declarations of the user's own (persons with units, units) and more cadres to pick from."""
        shown = []
        for _ in range(3):
            i = next(n)
            unit = Unit.objects.create(commission=world.city, name=f"测试市新设局{i}")
            person = Person.objects.create(name=f"张{i}号", unit=unit, post="科员", rank=Person.Rank.STAFF)
            services.declare_relation(world.users.zu4a, RelationDeclaration.Kind.RELATIVE, person=person)
            services.declare_relation(world.users.zu4a, RelationDeclaration.Kind.FORMER_COLLEAGUE, unit=unit)
            shown += [person.name, unit.name]
        return shown

    grow()
    assert_no_growth(client, "/recusal/?q=张", grow)  # the picker's answer inside the page, too

    def cadres(k):
        people = [
            Person.objects.create(name=f"李号{next(n)}", unit=world.fin, post="科员", rank=Person.Rank.STAFF)
            for _ in range(k)
        ]
        return [p.name for p in people]

    cadres(1)
    assert_no_growth(client, "/recusal/people/?q=李号", lambda: cadres(3))  # fewer than the picker's limit


def test_without_relations_or_recusals_the_reassignment_to_dos_cost_one_query(world, django_assert_num_queries):
    from paizhu.access.handled import reassignment_todos
    from paizhu.accounts.models import User

    _staff_with_matters(world, 3)
    leader = User.objects.get(pk=world.users.zu4.pk)
    leader.acting_grant  # noqa: B018 - the grant is the request's, loaded before the to-dos
    reassignment_todos(leader)  # content types cached, as after the first request of a process
    with django_assert_num_queries(1):  # the candidates: nobody
        assert reassignment_todos(leader) == []
    # With conflicts: the candidates, their declarations and recusals, one query per matter type, and
    # the leader's own scope (coverage, own conflicts): a fixed number, whatever the conflicted staff.
    _staff_with_matters(world, 1, declare=True)

    def fresh_leader():
        leader = User.objects.get(pk=world.users.zu4.pk)
        leader.acting_grant  # noqa: B018
        return leader

    leader = fresh_leader()
    with django_assert_num_queries(7) as few:
        assert len(reassignment_todos(leader)) == 2
    _staff_with_matters(world, 3, declare=True)
    leader = fresh_leader()
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(reassignment_todos(leader)) == 8
