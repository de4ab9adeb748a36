import pytest

from paizhu.core.navigation import for_user


def labels(user, path="/"):
    return {section: [item["label"] for item in items] for section, items in for_user(user, path)}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sysadmin", {"系统管理": ["用户管理", "系统配置"], "个人事项": ["修改密码"]}),
        ("secadmin", {"系统管理": ["角色授权"], "个人事项": ["修改密码"]}),
        ("auditor", {"系统管理": ["角色授权"], "个人事项": ["修改密码"]}),
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
