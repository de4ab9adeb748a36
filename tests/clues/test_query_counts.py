"""Every page of 问题线索 (ledger, detail, approvals, deadlines, screenings, cases) in a fixed number of
queries: measured, grown (more clues, more handlers, more timeline, more staff), measured again."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from paizhu.clues import services
from paizhu.clues.models import Clue, Method
from paizhu.workflow import reminders
from paizhu.workflow import services as workflow_services
from tests.clues.conftest import current
from tests.fixtures import sign_in
from tests.query_counts import add_case, add_clue, add_member, assert_no_growth

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time("2026-03-10 10:00:00+08:00", tick=True):
        yield


def _client(world, name):
    return sign_in(Client(), getattr(world.users, name))


def _clues(world, n=3):
    """`n` clues of the 4th group, each with two subjects and a new member as co-handler."""
    rows = []
    for _ in range(n):
        member = add_member(world)
        rows.append(add_clue(world, handlers=[world.users.zu4a, member], subjects=[world.edu_head, world.edu_clerk]))
    return [c.serial for c in rows]


# Pinned (tests/query_counts.py): the queries of each page as measured, with the navigation badges counted
# (the suite turns their one-minute memo off). Lower them when a page does fewer; never raise them.
# 案管 holds disposal steps, so it has the 待我审批 badge too (one query more than before the kernel inbox).
LEDGER_MOST = {"anguan": 17, "wei": 17, "zu4": 21, "zu4a": 19}  # group staff: the 三重一大 报备 badge
# +2 for the documents section: the matter's rows of the 文号 register, and whether the pending request is a
# 了结澄清 (its letter is offered as a draft); both one query, however many documents.
DETAIL_MOST = {"wei": 26, "zu4": 31, "zu4a": 28}  # the attachments section: one query
DEADLINES_MOST = {"anguan": 21, "zu4": 25, "zu4a": 23}


@pytest.mark.parametrize("name", ["anguan", "wei", "zu4", "zu4a"])
def test_the_ledger(world, name):
    _clues(world, 1)
    client = _client(world, name)
    assert_no_growth(client, reverse("clues:list"), lambda: _clues(world), most=LEDGER_MOST[name])


def _round_of_proposals(world, clue):
    """The handler proposes, the group leader sends it back: two events, one approval row, more handlers."""
    clue = Clue.objects.get(pk=clue.pk)
    member = add_member(world)
    clue = services.assign_handlers(world.users.zu4, clue, version=clue.version, handlers=[world.users.zu4a, member])
    clue = services.propose_disposal(
        world.users.zu4a, clue, version=clue.version, method=Method.INQUIRY, reasons="问题具体，可查性强。"
    )
    workflow_services.decide_approval(
        world.users.zu4, current(clue), version=clue.version, approve=False, opinion="再核"
    )
    # Others read the clue: the access history on the page grows too.
    for name in ("wei", "anguan"):
        assert _client(world, name).get(reverse("clues:detail", args=[clue.pk])).status_code == 200
    return [str(member)]


@pytest.mark.parametrize("name", ["zu4", "zu4a", "wei"])
def test_the_clue_detail(world, name):
    clue = add_clue(world, subjects=[world.edu_head, world.edu_clerk])
    _round_of_proposals(world, clue)
    url = reverse("clues:detail", args=[clue.pk])
    grow = lambda: [s for _ in range(3) for s in _round_of_proposals(world, clue)]  # noqa: E731
    assert_no_growth(_client(world, name), url, grow, most=DETAIL_MOST[name])


def _due(world, n=3):
    """Clues overdue and due soon (received long ago / recently), with unread reminders for zu4a."""
    serials = []
    for _ in range(n):
        for received in (datetime.date(2025, 12, 1), datetime.date(2026, 2, 11)):
            clue = add_clue(world, handlers=[world.users.zu4a, add_member(world)], received_on=received)
            serials.append(clue.serial)
    reminders.send()
    return serials


@pytest.mark.parametrize("name", ["zu4", "zu4a", "anguan"])
def test_the_deadlines_page(world, name):
    _due(world, 1)
    assert_no_growth(_client(world, name), reverse("clues:deadlines"), lambda: _due(world), most=DEADLINES_MOST[name])


def _meeting(world, n=3):
    clues = [add_clue(world, handlers=[world.users.zu4a, add_member(world)]) for _ in range(n)]
    meeting = services.record_screening(
        world.users.zu4,
        held_on=datetime.date(2026, 3, 5),
        chaired_by="周正",
        attendees="周正、组员",
        items=[(clue, Method.INQUIRY, "") for clue in clues],
    )
    return meeting, [c.serial for c in clues]


def test_the_screening_list(world):
    _meeting(world, 1)
    assert_no_growth(_client(world, "zu4"), reverse("clues:screenings"), lambda: [_meeting(world)[0].chaired_by])


def test_the_screening_detail(world):
    meeting, _ = _meeting(world, 1)

    def grow():
        more = [add_clue(world, handlers=[world.users.zu4a, add_member(world)]) for _ in range(3)]
        from paizhu.clues.models import ScreeningItem

        ScreeningItem.objects.bulk_create(ScreeningItem(meeting=meeting, clue=c, decision=Method.INQUIRY) for c in more)
        return [c.serial for c in more]

    assert_no_growth(_client(world, "zu4"), reverse("clues:screening", args=[meeting.pk]), grow)


def _cases(world, n=3):
    return [add_case(world, add_clue(world, handlers=[world.users.zu4a, add_member(world)])).serial for _ in range(n)]


@pytest.mark.parametrize("name", ["zu4", "anguan", "shenli"])
def test_the_case_list(world, name):
    _cases(world, 1)
    assert_no_growth(_client(world, name), reverse("clues:cases"), lambda: _cases(world))


@pytest.mark.parametrize("name", ["zu4", "anguan"])
def test_the_case_detail(world, name):
    from paizhu.clues.models import Case

    clue = add_clue(world, subjects=[world.edu_head, world.edu_clerk])
    case = add_case(world, clue, in_review=False)
    url = reverse("clues:case", args=[case.pk])
    rounds = iter(range(1, 100))

    def grow():
        """Extensions asked for and refused (approval rows, by new handlers), and more readers (history)."""
        opinions = []
        for _ in range(3):
            member = add_member(world)
            Clue.objects.get(pk=clue.pk).handlers.add(member)
            fresh = Case.objects.get(pk=case.pk)
            fresh = services.request_extension(member, fresh, version=fresh.version, reasons="案情复杂，需延期。")
            opinions.append(f"暂不同意（第{next(rounds)}次）")
            workflow_services.decide_approval(
                world.users.zu4, current(fresh), version=fresh.version, approve=False, opinion=opinions[-1]
            )
            _client(world, "wei").get(url)
        return opinions

    grow()
    assert_no_growth(_client(world, name), url, grow)
