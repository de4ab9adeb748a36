"""The approver's inbox and decision page, kernel pages over every registered kind (clues' 分办/处置 on a clue and
延期 on a case here): what is listed, to whom, what is refused and audited, and a query count that does not grow."""

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from paizhu.audit.models import AuditEntry
from paizhu.clues import services
from paizhu.clues.models import Method
from paizhu.workflow import approvals
from paizhu.workflow.models import Approval
from tests.fixtures import sign_in
from tests.query_counts import add_case, add_clue, add_member, assert_no_growth

pytestmark = pytest.mark.django_db

INBOX = "/approvals/"


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time("2026-03-10 10:00:00+08:00", tick=True):
        yield


def _client(world, name):
    return sign_in(Client(), getattr(world.users, name))


def _proposal(world, by=None):
    """A clue of the 4th group whose handler proposes 谈话函询: a 处置意见 step for the group leader."""
    clue = add_clue(world, handlers=[world.users.zu4a, add_member(world)], subjects=[world.edu_head])
    by = by or world.users.zu4a
    return services.propose_disposal(by, clue, version=clue.version, method=Method.INQUIRY, reasons="问题具体。")


def _extension(world):
    """A case under investigation whose handler asks for more time: a 延长期限 step for the group leader."""
    case = add_case(world, add_clue(world), in_review=False)
    return services.request_extension(world.users.zu4a, case, version=case.version, reasons="需调取银行流水。")


def _waiting(world, n=3):
    serials = []
    for _ in range(n):
        serials.append(_proposal(world).serial)
        serials.append(_extension(world).serial)
    return serials


def test_the_inbox_lists_each_kinds_steps_with_its_matter(world):
    clue, case = _proposal(world), _extension(world)
    response = _client(world, "zu4").get(INBOX)
    body = response.content.decode()
    for text in ("处置意见/了结意见", "延长期限", clue.serial, case.serial, "组长审核", "zu4a", "2026-03-10"):
        assert text in body, text
    assert reverse("clues:detail", args=[clue.pk]) in body and reverse("clues:case", args=[case.pk]) in body
    assert f"线索{case.clue.serial}" in body  # a case's row names its clue
    assert case.clue.due_on.isoformat() in body  # the matter's deadline
    assert clue.due_on is None  # a proposal's step is done: no deadline while it is decided (services.propose)
    steps = [approvals.current(clue), approvals.current(case)]
    for step in steps:
        assert reverse("workflow:decide", args=[step.pk]) in body
    assert "None" not in body
    # The list is a read of the trail's kind: one entry naming the steps shown.
    entry = AuditEntry.objects.get(action="approval.listed")
    assert entry.actor == world.users.zu4 and sorted(entry.details["ids"]) == sorted(s.pk for s in steps)


def test_the_inbox_does_not_grow_with_requests(world):
    _waiting(world, 1)
    assert_no_growth(_client(world, "zu4"), INBOX, lambda: _waiting(world))


def test_another_groups_leader_sees_nothing_and_is_refused_on_the_step(world):
    step = approvals.current(_proposal(world))
    client = _client(world, "zu2")
    assert step.pk not in [a.pk for a in approvals.inbox(world.users.zu2)]
    assert "没有等待您审批的事项" in client.get(INBOX).content.decode()
    assert client.get(reverse("workflow:decide", args=[step.pk])).status_code == 404
    response = client.post(reverse("workflow:decide", args=[step.pk]), {"version": 1, "approve": "1"})
    assert response.status_code == 404
    step.refresh_from_db()
    assert step.decision == Approval.Decision.PENDING
    denied = AuditEntry.objects.filter(action="access.denied", actor=world.users.zu2, object_type="workflow.approval")
    assert denied.count() == 2 and denied.first().object_id == str(step.pk)


def test_an_approver_may_not_decide_their_own_request(world):
    step = approvals.current(_proposal(world, by=world.users.zu4))
    client = _client(world, "zu4")
    response = client.get(reverse("workflow:decide", args=[step.pk]))
    assert response.status_code == 403 and "不能审批本人提出的申请" in response.content.decode()
    assert AuditEntry.objects.filter(action="access.denied", actor=world.users.zu4, object_id=str(step.pk)).exists()


def test_a_step_that_does_not_exist_is_404_and_nothing_is_recorded(world):
    before = AuditEntry.objects.filter(action="access.denied").count()
    assert _client(world, "zu4").get(reverse("workflow:decide", args=[987654])).status_code == 404
    assert AuditEntry.objects.filter(action="access.denied").count() == before


@pytest.mark.parametrize("name", ["zu4a", "shuji", "sysadmin", "auditor", "xinfang"])
def test_roles_that_never_approve_have_no_inbox(world, name):
    client = _client(world, name)
    assert client.get(INBOX).status_code == 404
    assert "待我审批" not in client.get("/").content.decode()


def test_the_navigation_entry_counts_the_waiting_steps(world):
    _waiting(world, 2)
    body = _client(world, "zu4").get("/").content.decode()
    assert f'href="{INBOX}"' in body and "待我审批" in body
    assert approvals.inbox(world.users.zu4).count() == 4


def test_the_decision_page_shows_the_request_and_decides_it(world):
    clue = _proposal(world)
    step = approvals.current(clue)
    client = _client(world, "zu4")
    body = client.get(reverse("workflow:decide", args=[step.pk])).content.decode()
    for text in ("处置意见/了结意见", "申请事项", "谈话函询", "问题具体。", "审批流程", "当前环节", clue.serial):
        assert text in body, text
    assert "None" not in body
    response = client.post(reverse("workflow:decide", args=[step.pk]), {"version": clue.version, "approve": "0"})
    assert "不同意时请填写审批意见" in response.content.decode()
    response = client.post(
        reverse("workflow:decide", args=[step.pk]), {"version": clue.version, "approve": "1", "opinion": "同意"}
    )
    assert response.status_code == 302 and response["Location"] == INBOX
    step.refresh_from_db()
    assert step.decision == Approval.Decision.APPROVED


def test_the_old_clue_inbox_addresses_lead_to_the_kernels(client):
    assert client.get("/clues/approvals/")["Location"] == INBOX
    response = client.get("/clues/approvals/12/")
    assert response.status_code == 301 and response["Location"] == "/approvals/12/"


def _rows(body: str, *serials) -> list[str]:
    return [s for s in serials if s in body]


def test_the_inbox_says_what_each_request_proposes_and_filters_by_kind_and_day(world):
    clue, case = _proposal(world), _extension(world)
    client = _client(world, "zu4")
    body = client.get(INBOX).content.decode()
    assert "<th>拟处置方式</th>" in body
    assert "谈话函询" in body and "延长审查调查期限（90日）" in body  # what each request proposes
    body = client.get(INBOX, {"kind": "clue.disposal"}).content.decode()
    assert _rows(body, clue.serial, case.serial) == [clue.serial]
    body = client.get(INBOX, {"kind": "case.extension"}).content.decode()
    assert _rows(body, clue.serial, f">{case.serial}<") == [f">{case.serial}<"] and clue.serial not in body
    assert 'value="case.extension" selected' in body  # the filter shows what is set
    assert clue.serial in client.get(INBOX, {"from": "2026-03-10", "to": "2026-03-10"}).content.decode()
    body = client.get(INBOX, {"from": "2026-03-11"}).content.decode()
    assert clue.serial not in body and "没有符合筛选条件的待审批事项" in body
    entry = AuditEntry.objects.filter(action="approval.listed").order_by("-id").first()
    assert entry.details["filters"] == {"from": "2026-03-11"}


def test_the_inbox_sorts_newest_first_on_request(world):
    with freeze_time("2026-03-09 09:00:00+08:00"):
        older = _proposal(world)
    newer = _proposal(world)
    client = _client(world, "zu4")
    body = client.get(INBOX).content.decode()
    assert body.index(older.serial) < body.index(newer.serial)  # the oldest waits longest: first
    body = client.get(INBOX, {"sort": "-requested"}).content.decode()
    assert body.index(newer.serial) < body.index(older.serial)


@pytest.mark.parametrize(
    "params", [{"kind": "nosuch"}, {"from": "2026-13-01"}, {"from": "2026-03-10", "to": "2026-03-01"}, {"sort": "x"}]
)
def test_a_malformed_inbox_filter_is_400(world, params):
    assert _client(world, "zu4").get(INBOX, params).status_code == 400


def test_the_inbox_pages_through_many_requests(world):
    serials = [_proposal(world).serial for _ in range(23)]
    client = _client(world, "zu4")
    first = client.get(INBOX).content.decode()
    assert sum(s in first for s in serials) == 20
    response = client.get(INBOX, {"page": 2})
    assert response.status_code == 200 and sum(s in response.content.decode() for s in serials) == 3
