import pytest

from paizhu.core.navigation import for_user


def labels(user, path="/"):
    return {section: [item["label"] for item in items] for section, items in for_user(user, path)}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sysadmin", ["用户管理", "系统配置", "修改密码"]),
        ("secadmin", ["角色授权", "修改密码"]),
        ("auditor", ["角色授权", "修改密码"]),
        ("zu4", ["修改密码"]),
        ("shuji", ["修改密码"]),
    ],
)
def test_system_section_per_role(world, name, expected):
    assert labels(getattr(world.users, name))["系统管理"] == expected


def test_current_page_is_highlighted(world):
    sections = dict(for_user(world.users.sysadmin, "/accounts/users/12/"))
    active = [item["label"] for item in sections["系统管理"] if item["active"]]
    assert active == ["用户管理"]
