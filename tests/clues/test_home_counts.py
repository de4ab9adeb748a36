"""The home cards and the navigation badges against a hand count: a card's number is every row it stands for
(not the first twenty fetched), the badge beside the entry it points to says the same, a proposal sent for
approval takes its deadline off the cards, and one navigation entry is highlighted."""

import datetime
import re

import pytest
from django.test import Client
from freezegun import freeze_time

from paizhu.clues import services
from paizhu.clues.models import Clue, Method
from paizhu.core.navigation import for_user
from paizhu.workflow import approvals
from paizhu.workflow import services as workflow_services
from tests.fixtures import sign_in
from tests.intake.conftest import real_name_identity
from tests.query_counts import add_clue, add_report

pytestmark = pytest.mark.django_db

# 受理 2026-01-05: the 提出处置意见 deadline (one month) passed on 2026-02-05.
RECEIVED = datetime.date(2026, 1, 5)


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time("2026-03-10 10:00:00+08:00", tick=True):
        yield


def _home(user) -> str:
    return sign_in(Client(), user).get("/").content.decode()


def card(body: str, title: str) -> dict:
    """A home card's header count, its "另有 N 项" and the rows it lists."""
    match = re.search(
        rf'<span>{re.escape(title)}</span><span class="badge[^"]*"[^>]*>([^<]+)</span>(.*?)</div>\s*</div>', body, re.S
    )
    assert match, f"no card {title}"
    more = re.search(r"另有 (\S+) 项", match.group(2))
    rows = re.findall(r'<li class="list-group-item[^"]*">(.*?)</li>', match.group(2), re.S)
    return {"count": match.group(1), "more": more.group(1) if more else None, "rows": rows}


def badge(body: str, label: str) -> str | None:
    match = re.search(rf'{re.escape(label)}<span class="badge[^"]*">(\d+\+?)</span>', body)
    return match.group(1) if match else None


def test_cards_and_badges_count_every_row_not_the_first_twenty(world):
    member = world.users.zu4a
    made = [add_clue(world, received_on=RECEIVED) for _ in range(23)]
    body = _home(member)
    handling = card(body, "待我办理")
    assert handling["count"] == "23" and handling["more"] == "15" and len(handling["rows"]) == 8
    deadlines = card(body, "即将到期/已逾期")
    assert deadlines["count"] == "23" and deadlines["more"] == "15"
    assert badge(body, "期限预警") == "23"
    # The card names the matter: subject, unit and group, and the step whose deadline passed.
    assert "已逾期·提出处置意见：赵小军（测试市教育局）· 第四纪检监察组" in deadlines["rows"][0]
    # The leader acts on every clue of the group; a member of another group on none of them.
    assert badge(_home(world.users.zu4), "期限预警") == "23"
    other = _home(world.users.zu2)
    assert badge(other, "期限预警") is None and card(other, "即将到期/已逾期")["count"] == "0"
    # 委领导 sees the ledger but acts on no clue: no deadline card, no badge.
    wei = _home(world.users.wei)
    assert "即将到期/已逾期" not in wei and badge(wei, "期限预警") is None
    assert Clue.objects.filter(pk__in=[c.pk for c in made], due_on__lt=datetime.date(2026, 3, 10)).count() == 23


def test_a_submitted_proposal_no_longer_shows_its_deadline_and_a_refusal_gives_it_back(world):
    member, leader = world.users.zu4a, world.users.zu4
    clues = [add_clue(world, received_on=RECEIVED) for _ in range(3)]
    first = clues[0]
    services.propose_disposal(member, first, version=first.version, method=Method.INQUIRY, reasons="问题具体，可查。")
    first.refresh_from_db()
    assert first.due_on is None and first.due_label == ""
    body = _home(member)
    assert card(body, "即将到期/已逾期")["count"] == "2" and badge(body, "期限预警") == "2"
    assert first.serial not in "".join(card(body, "即将到期/已逾期")["rows"])
    assert card(body, "待我办理")["count"] == "2"  # waiting for the approver now, not for the handler
    leader_home = _home(leader)
    assert card(leader_home, "待我审批")["count"] == "1" and badge(leader_home, "待我审批") == "1"
    assert "提出处置意见" not in "".join(card(leader_home, "待我审批")["rows"])
    step = approvals.inbox(leader).get()
    workflow_services.decide_approval(leader, step, version=first.version, approve=False, opinion="请补充材料。")
    first.refresh_from_db()
    assert first.status == "assigned" and first.due_on == datetime.date(2026, 2, 5)
    assert first.due_label == "提出处置意见"
    assert badge(_home(member), "期限预警") == "3"


def test_the_notice_badge_equals_the_notice_card(world):
    from paizhu.intake.models import Report

    handler = world.users.zu4a
    for _ in range(3):
        add_report(world, handler=handler, identity=real_name_identity())
    add_report(world, handler=handler)  # an anonymous report owes no notice
    owed = Report.objects.filter(
        handler=handler, is_real_name=True, acceptance_due__isnull=False, acceptance_notified_on__isnull=True
    ).count()
    body = _home(handler)
    assert owed == 3
    assert card(body, "告知与期限")["count"] == "3" == badge(body, "告知与期限")
    assert badge(_home(world.users.zu2), "告知与期限") is None


@pytest.mark.parametrize(
    ("user", "path", "label"),
    [("xinfang", "/intake/new/", "登记举报"), ("zu4", "/clues/cases/", "案件"), ("zu4", "/", "我的待办")],
)
def test_one_navigation_entry_is_highlighted(world, user, path, label):
    active = [
        item["label"] for _, items in for_user(getattr(world.users, user), path) for item in items if item["active"]
    ]
    assert active == [label]
