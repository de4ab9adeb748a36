"""Pages: scoping (404 for what a user may not know about), buttons by role, forms, query counts."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from paizhu.audit.models import AuditEntry
from paizhu.clues import services
from paizhu.clues.models import Clue
from paizhu.clues.workflows import ClueStatus
from tests.clues.conftest import current

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time("2026-03-10 10:00:00+08:00", tick=True):
        yield


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_group_sees_own_clue_and_other_group_gets_404(client, world, make_clue):
    clue = make_clue()
    url = reverse("clues:detail", args=[clue.pk])
    assert _get(client, world.users.zu4a, url).status_code == 200
    assert AuditEntry.objects.filter(action="clue.viewed", object_id=str(clue.pk), actor=world.users.zu4a).exists()
    assert _get(client, world.users.zu2, url).status_code == 404
    response = _get(client, world.users.zu2, reverse("clues:list"))
    assert clue.serial not in response.content.decode()


@pytest.mark.parametrize("username", ["shuji", "lianluo", "sysadmin", "secadmin", "auditor", "shenli", "xinfang"])
def test_unit_users_three_admins_and_other_offices_see_nothing(client, world, make_clue, username):
    clue = make_clue()
    user = getattr(world.users, username)
    assert _get(client, user, reverse("clues:detail", args=[clue.pk])).status_code == 404
    assert _get(client, user, reverse("clues:step", args=[clue.pk, "propose"])).status_code == 404
    assert _get(client, user, reverse("workflow:document", args=["inquiry", clue.pk])).status_code == 404
    response = _get(client, user, reverse("clues:list"))
    assert clue.serial not in response.content.decode()


def test_recused_user_sees_nothing_in_lists_counts_or_detail(client, world, make_clue):
    from paizhu.access.services import recuse
    from paizhu.clues import queries
    from paizhu.workflow import approvals

    clue = make_clue()
    services.propose_disposal(world.users.zu4a, clue, version=clue.version, method="inquiry", reasons="函询")
    leader = world.users.zu4
    assert approvals.inbox(leader).count() == 1
    recuse(leader, clue, "与被反映人系同学关系")
    leader.__dict__.pop("_paizhu_conflicts", None)
    assert queries.clues(leader).count() == 0
    assert approvals.inbox(leader).count() == 0
    assert _get(client, leader, reverse("clues:detail", args=[clue.pk])).status_code == 404
    response = _get(client, leader, reverse("clues:list"))
    assert "共 0 条" in response.content.decode()


def test_commission_leader_and_case_management_see_all(client, world, make_clue):
    clue = make_clue()
    for user in (world.users.wei, world.users.anguan, world.users.guanli):
        assert _get(client, user, reverse("clues:detail", args=[clue.pk])).status_code == 200


def test_list_filters_live_in_the_url(client, world, make_clue):
    a = make_clue()
    b = make_clue([world.edu_deputy])
    services.propose_disposal(world.users.zu4a, b, version=b.version, method="inquiry", reasons="函询")
    body = _get(client, world.users.anguan, reverse("clues:list") + "?status=proposed").content.decode()
    assert b.serial in body and a.serial not in body
    body = _get(client, world.users.anguan, reverse("clues:list") + "?person=李红梅").content.decode()
    assert b.serial in body and a.serial not in body
    body = _get(client, world.users.anguan, reverse("clues:list") + "?q=" + a.serial).content.decode()
    assert a.serial in body and b.serial not in body


def test_list_query_count_is_fixed(client, world, make_clue, django_assert_max_num_queries):
    for _ in range(3):
        make_clue([world.edu_head, world.edu_clerk])
    client.force_login(world.users.anguan)
    # 14 + the page's one audit entry (clue.listed: savepoint, head lock, insert, head update, release).
    with django_assert_max_num_queries(19):
        response = client.get(reverse("clues:list"))
    assert response.status_code == 200
    for _ in range(6):
        make_clue([world.edu_deputy])
    with django_assert_max_num_queries(19):
        client.get(reverse("clues:list"))


def test_detail_query_count_is_fixed(client, world, make_clue, django_assert_max_num_queries):
    clue = make_clue([world.edu_head, world.edu_deputy])
    client.force_login(world.users.zu4)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("clues:detail", args=[clue.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "查阅记录" in body  # the group leader sees who looked at the clue
    assert "主要负责人" in body and "同级党委管理" in body


def test_group_member_does_not_see_access_history(client, world, make_clue):
    clue = make_clue()
    body = _get(client, world.users.zu4a, reverse("clues:detail", args=[clue.pk])).content.decode()
    assert "查阅记录" not in body


def test_buttons_follow_role_and_state(client, world, make_clue):
    clue = make_clue()
    url = reverse("clues:detail", args=[clue.pk])
    body = _get(client, world.users.zu4a, url).content.decode()
    assert reverse("clues:step", args=[clue.pk, "propose"]) in body
    body = _get(client, world.users.wei, url).content.decode()
    assert reverse("clues:step", args=[clue.pk, "propose"]) not in body


def test_register_propose_approve_through_the_pages(client, world):
    client.force_login(world.users.zu4a)
    response = client.post(
        reverse("clues:register"),
        {
            "source_kind": "supervision",
            "received_on": "2026-03-09",
            "unit": world.edu.pk,
            "subjects": [world.edu_clerk.pk],
            "categories": ["integrity"],
            "summary": "公车私用",
        },
    )
    clue = Clue.objects.get()
    assert response.status_code == 302
    # Validation errors in Chinese, nothing lost.
    response = client.post(
        reverse("clues:step", args=[clue.pk, "propose"]), {"version": clue.version, "method": "park", "reasons": "暂存"}
    )
    assert "请填写今天以后的复查日期" in response.content.decode()
    response = client.post(
        reverse("clues:step", args=[clue.pk, "propose"]),
        {"version": clue.version, "method": "inquiry", "reasons": "函询了解"},
    )
    assert response.status_code == 302
    clue.refresh_from_db()
    assert clue.status == ClueStatus.PROPOSED
    client.force_login(world.users.zu4)
    step = current(clue)
    assert str(step.pk) in client.get(reverse("workflow:approvals")).content.decode()
    response = client.post(
        reverse("workflow:decide", args=[step.pk]), {"version": clue.version, "approve": "0", "opinion": ""}
    )
    assert "不同意时请填写审批意见" in response.content.decode()
    response = client.post(
        reverse("workflow:decide", args=[step.pk]), {"version": clue.version, "approve": "1", "opinion": "同意"}
    )
    assert response.status_code == 302
    clue.refresh_from_db()
    assert clue.status == ClueStatus.INQUIRY


def test_stale_form_shows_the_conflict(client, world, make_clue):
    clue = make_clue()
    client.force_login(world.users.zu4a)
    old = clue.version
    services.assign_handlers(world.users.zu4, clue, version=clue.version, handlers=[world.users.zu4a])
    response = client.post(
        reverse("clues:step", args=[clue.pk, "propose"]), {"version": old, "method": "inquiry", "reasons": "r"}
    )
    assert "已被他人修改" in response.content.decode()


def test_home_todos_and_nav(client, world, make_clue):
    clue = make_clue([world.edu_deputy])
    services.propose_disposal(world.users.zu4a, clue, version=clue.version, method="inquiry", reasons="函询")
    body = _get(client, world.users.zu4, reverse("home")).content.decode()
    assert "待我审批" in body and clue.serial in body
    body = _get(client, world.users.wei, reverse("home")).content.decode()
    assert clue.serial not in body  # the commission's turn comes after the group leader's


def test_deadlines_page(client, world, make_clue):
    make_clue(received_on=datetime.date(2026, 2, 2))  # proposal due 2026-03-02: overdue
    body = _get(client, world.users.zu4, reverse("clues:deadlines")).content.decode()
    assert "逾期" in body


def test_api_lists_and_reads_within_scope(client, world, make_clue):
    clue = make_clue()
    client.force_login(world.users.zu4a)
    page = client.get("/api/v1/clues/").json()
    assert [r["serial"] for r in page["items"]] == [clue.serial] and page["next"] is None
    assert client.get(f"/api/v1/clues/{clue.pk}").json()["subjects"] == ["赵小军"]
    client.force_login(world.users.zu2)
    assert client.get("/api/v1/clues/").json() == {"next": None, "items": []}
    assert client.get(f"/api/v1/clues/{clue.pk}").status_code == 404


def test_case_review_sees_a_case_only_after_it_is_sent_to_review(client, world, make_clue):
    from tests.clues.conftest import approve_all

    u = world.users
    clue = make_clue()
    clue = approve_all(world, services.propose_disposal(u.zu4a, clue, version=clue.version, method="case", reasons="r"))
    url = reverse("clues:case", args=[clue.case.pk])
    assert _get(client, u.shenli, url).status_code == 404
    assert _get(client, u.zu4a, url).status_code == 200
    case = services.transfer_to_review(u.zu4a, clue.case, version=clue.case.version, report="报告")
    assert _get(client, u.shenli, url).status_code == 200
    assert (
        _get(client, u.shenli, reverse("clues:detail", args=[clue.pk])).status_code == 404
    )  # the case, not the clue file
    body = _get(client, u.shenli, url).content.decode()
    assert reverse("clues:case_step", args=[case.pk, "accept"]) in body


@pytest.mark.parametrize("username", ["shuji", "lianluo", "sysadmin", "secadmin", "auditor", "xinfang"])
def test_the_ledger_pages_do_not_exist_for_roles_outside_the_section(client, world, username):
    user = getattr(world.users, username)
    for name in ("clues:list", "clues:deadlines", "clues:screenings", "clues:cases"):
        assert _get(client, user, reverse(name)).status_code == 404, name
    shenli = world.users.shenli
    assert _get(client, shenli, reverse("clues:list")).status_code == 404
    assert _get(client, shenli, reverse("clues:cases")).status_code == 200
