from tests.fixtures import sign_in


def test_api_requires_login(client, world):
    assert client.get("/api/v1/org/people").status_code == 401


def test_api_requires_second_factor_for_group_roles(client, world):
    client.force_login(world.users.zu4)
    assert client.get("/api/v1/org/people").status_code == 401


def test_api_people_are_scoped_like_pages(client, world):
    sign_in(client, world.users.zu4)
    names = {p["name"] for p in client.get("/api/v1/org/people").json()}
    assert {"王建国", "李红梅", "赵小军"} <= names
    assert "陈志强" not in names  # 水利局 is covered by another group


def test_api_gives_unit_users_their_own_unit_only(client, world):
    client.force_login(world.users.lianluo)  # a unit role needs no second factor
    units = {p["unit_name"] for p in client.get("/api/v1/org/people").json()}
    assert units == {"测试市教育局"}
