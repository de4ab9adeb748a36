import pytest

from paizhu.core.navigation import for_user


def labels(user, path="/"):
    return {section: [item["label"] for item in items] for section, items in for_user(user, path)}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sysadmin", {"系统管理": ["用户管理", "系统配置"], "个人事项": ["修改密码"]}),
        ("secadmin", {"系统管理": ["角色授权", "接口令牌"], "个人事项": ["修改密码"]}),
        ("auditor", {"系统管理": ["角色授权", "接口令牌"], "个人事项": ["修改密码"]}),
        ("zu4", {"个人事项": ["回避申报", "修改密码"]}),
        ("shuji", {"个人事项": ["修改密码"]}),
    ],
)
def test_administration_and_personal_sections_per_role(world, name, expected):
    sections = labels(getattr(world.users, name))
    assert {key: sections.get(key) for key in expected} == expected
    if "系统管理" not in expected:
        assert "系统管理" not in sections  # a 党组书记 or a 组长 sees no administration heading


def test_current_page_is_highlighted(world):
    sections = dict(for_user(world.users.sysadmin, "/accounts/users/12/"))
    active = [item["label"] for item in sections["系统管理"] if item["active"]]
    assert active == ["用户管理"]


def _approval_badge(client) -> str | None:
    import re

    # Not the home page: its 待我审批 card counts the inbox itself, the badge is what is kept.
    page = client.get("/recusal/").content.decode()
    match = re.search(r'待我审批<span class="badge[^"]*">(\d+\+?)</span>', page)
    return match.group(1) if match else None


def test_badges_are_kept_a_minute_and_counted_again_after_a_write(world, settings):
    """A detail page does its own queries: the badges counted on the last page are reused for a minute, in
    the same role; a request that writes (here a POST) drops them."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from paizhu.clues import services
    from paizhu.clues.models import Method
    from tests.fixtures import sign_in
    from tests.query_counts import add_clue

    settings.NAV_BADGE_SECONDS = 60
    leader = sign_in(Client(), world.users.zu4)
    assert _approval_badge(leader) is None

    def propose():
        clue = add_clue(world)
        services.propose_disposal(
            world.users.zu4a, clue, version=clue.version, method=Method.INQUIRY, reasons="问题具体，可查性强。"
        )

    propose()
    with CaptureQueriesContext(connection) as queries:
        assert _approval_badge(leader) is None  # still the count of a moment ago
    assert not any("workflow_approval" in q["sql"] and "COUNT" in q["sql"] for q in queries.captured_queries)
    leader.post("/clues/notifications/read/")  # any write of the user's
    assert _approval_badge(leader) == "1"
    propose()
    settings.NAV_BADGE_SECONDS = 0
    assert _approval_badge(leader) == "2"
