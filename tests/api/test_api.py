import pytest

from tests.fixtures import sign_in


def test_api_requires_login(client, world):
    assert client.get("/api/v1/org/people").status_code == 401


def test_api_requires_second_factor_for_group_roles(client, world):
    client.force_login(world.users.zu4)
    assert client.get("/api/v1/org/people").status_code == 401


def test_api_people_are_scoped_like_pages(client, world):
    sign_in(client, world.users.zu4)
    names = {p["name"] for p in client.get("/api/v1/org/people").json()["items"]}
    assert {"王建国", "李红梅", "赵小军"} <= names
    assert "陈志强" not in names  # 水利局 is covered by another group


def test_api_gives_unit_users_their_own_unit_only(client, world):
    client.force_login(world.users.lianluo)  # a unit role needs no second factor
    units = {p["unit_name"] for p in client.get("/api/v1/org/people").json()["items"]}
    assert units == {"测试市教育局"}


# ---------------------------------------------------------------- one pagination, one error body

LISTS = ["/api/v1/org/people", "/api/v1/clues/", "/api/v1/intake/"]


def _openapi(client, world):
    sign_in(client, world.users.wei)
    return client.get("/api/v1/openapi.json").json()


def test_every_list_endpoint_pages_the_same_way_and_every_endpoint_declares_the_error_body(client, world):
    schema = _openapi(client, world)
    components = schema["components"]["schemas"]
    lists = []
    for path, operations in schema["paths"].items():
        responses = operations["get"]["responses"]
        for status in ("400", "401", "404"):
            assert responses[status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut"), path
        ok = components[responses["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
        if "{" not in path:  # a collection
            lists.append(path)
            assert ok["required"] == ["count", "next", "items"], path
            assert {"limit", "offset"} <= {p["name"] for p in operations["get"]["parameters"]}, path
    assert sorted(lists) == sorted(LISTS)
    assert set(components["ErrorOut"]["properties"]) == {"code", "detail", "errors"}


def test_next_walks_the_whole_list_once(client, world):
    sign_in(client, world.users.wei)  # the whole roster
    everything = client.get("/api/v1/org/people?limit=500").json()
    assert everything["next"] is None and everything["count"] == len(everything["items"]) > 2
    seen, url = [], "/api/v1/org/people?limit=2"
    while url:
        page = client.get(url).json()
        assert page["count"] == everything["count"]
        seen += [row["id"] for row in page["items"]]
        url = page["next"]
    assert seen == [row["id"] for row in everything["items"]]


def test_next_keeps_the_filters(client, world):
    sign_in(client, world.users.wei)
    page = client.get(f"/api/v1/org/people?unit={world.edu.pk}&limit=1").json()
    assert page["next"] == f"/api/v1/org/people?unit={world.edu.pk}&limit=1&offset=1"
    assert {row["unit_id"] for row in client.get(page["next"]).json()["items"]} == {world.edu.pk}


def test_the_recorded_read_names_the_total(client, world):
    from paizhu.audit.models import AuditEntry

    sign_in(client, world.users.wei)
    page = client.get("/api/v1/org/people?limit=1").json()
    entry = AuditEntry.objects.filter(action="person.listed").latest("seq")
    assert entry.details["total"] == page["count"] and entry.details["ids"] == [page["items"][0]["id"]]


@pytest.mark.parametrize("url", LISTS)
def test_errors_share_one_body(client, world, url):
    assert client.get(url).json() == {"code": "unauthorized", "detail": "请先登录（并完成双因子认证）。"}
    sign_in(client, world.users.wei)
    for query, problem in (("limit=0", "参数“limit”不能小于 1。"), ("offset=-1", "参数“offset”不能小于 0。")):
        response = client.get(f"{url}?{query}")
        body = response.json()
        assert response.status_code == 400 and body["code"] == "bad_request" and body["detail"] == problem
        assert body["errors"][0]["loc"][-1] == query.split("=")[0]
    missing = client.get(f"{url.rstrip('/')}/999999").json()
    assert set(missing) == {"code", "detail"} and missing["code"] == "not_found"
