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

LISTS = [
    "/api/v1/org/people",
    "/api/v1/clues/",
    "/api/v1/clues/cases/",
    "/api/v1/intake/",
    "/api/v1/supervision/",
    "/api/v1/rectification/",
    "/api/v1/rectification/items/",
    "/api/v1/responsibility/lists/",
    "/api/v1/responsibility/filings/",
]


def _openapi(client, world):
    sign_in(client, world.users.wei)
    return client.get("/api/v1/openapi.json").json()


def test_every_list_endpoint_pages_the_same_way_and_every_endpoint_declares_the_error_body(client, world):
    schema = _openapi(client, world)
    components = schema["components"]["schemas"]
    lists = []
    steps = []
    for path, operations in schema["paths"].items():
        if "post" in operations:  # a workflow step: the page's refusals besides the read's
            steps.append(path)
            responses = operations["post"]["responses"]
            for status in ("400", "401", "403", "404", "409"):
                assert responses[status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut"), path
            continue
        responses = operations["get"]["responses"]
        for status in ("400", "401", "404"):
            assert responses[status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut"), path
        ok = components[responses["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
        if "{" not in path:  # a collection
            lists.append(path)
            assert ok["required"] == ["next", "items"], path
            assert {"limit", "cursor"} <= {p["name"] for p in operations["get"]["parameters"]}, path
    assert sorted(lists) == sorted(LISTS)
    from paizhu.clues.actions import CASE_STEPS, CLUE_STEPS

    named = {"/api/v1/rectification/items/{pk}/answer", "/api/v1/supervision/record/{kind}"}
    named |= {f"/api/v1/clues/{{pk}}/{name}" for name in CLUE_STEPS} | {
        f"/api/v1/clues/cases/{{pk}}/{n}" for n in CASE_STEPS
    }
    assert set(steps) == named
    assert set(components["ErrorOut"]["properties"]) == {"code", "detail", "errors"}


def test_next_walks_the_whole_list_once(client, world):
    sign_in(client, world.users.wei)  # the whole roster
    everything = client.get("/api/v1/org/people?limit=500").json()
    assert everything["next"] is None and len(everything["items"]) > 2
    seen, url = [], "/api/v1/org/people?limit=2"
    while url:
        page = client.get(url).json()
        assert len(page["items"]) == 2 or page["next"] is None
        seen += [row["id"] for row in page["items"]]
        url = page["next"]
    assert seen == [row["id"] for row in everything["items"]]


def test_next_keeps_the_filters(client, world):
    sign_in(client, world.users.wei)
    page = client.get(f"/api/v1/org/people?unit={world.edu.pk}&limit=1").json()
    assert page["next"].startswith(f"/api/v1/org/people?unit={world.edu.pk}&limit=1&cursor=")
    assert {row["unit_id"] for row in client.get(page["next"]).json()["items"]} == {world.edu.pk}


def test_a_row_added_meanwhile_neither_repeats_nor_hides_one(client, world):
    from paizhu.org.models import Person

    sign_in(client, world.users.wei)
    first = client.get("/api/v1/org/people?limit=2").json()
    Person.objects.create(name="新录入", unit=world.edu)  # sorts last (by id): it is found on the last page
    seen, url = [row["id"] for row in first["items"]], first["next"]
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["items"]]
        url = page["next"]
    assert seen == sorted(set(seen)) and Person.objects.latest("id").pk == seen[-1]


def test_the_recorded_read_names_the_rows(client, world):
    from paizhu.audit.models import AuditEntry

    sign_in(client, world.users.wei)
    page = client.get("/api/v1/org/people?limit=1").json()
    entry = AuditEntry.objects.filter(action="person.listed").latest("seq")
    assert entry.details["ids"] == [page["items"][0]["id"]] and entry.details["channel"] == "api"


@pytest.mark.parametrize("url", LISTS)
def test_errors_share_one_body(client, world, url):
    assert client.get(url).json() == {
        "code": "unauthorized",
        "detail": "请先登录（并完成双因子认证），或提供有效的接口令牌。",
    }
    sign_in(client, world.users.wei)
    response = client.get(f"{url}?limit=0")
    body = response.json()
    assert response.status_code == 400 and body["code"] == "bad_request" and body["detail"] == "参数“limit”不能小于 1。"
    assert body["errors"][0]["loc"][-1] == "limit"
    response = client.get(f"{url}?cursor=bm90IGEga2V5")
    assert response.status_code == 400
    assert response.json() == {"code": "bad_request", "detail": "分页参数“cursor”无效，请从列表第一页重新翻页。"}
    missing = client.get(f"{url.rstrip('/')}/999999").json()
    assert set(missing) == {"code", "detail"} and missing["code"] == "not_found"


def test_filters_are_declared_in_the_schema_with_the_pages_names(client, world):
    schema = _openapi(client, world)
    declared = {
        path: {p["name"] for p in schema["paths"][path]["get"]["parameters"]} - {"limit", "cursor"} for path in LISTS
    }
    assert all(declared.values()), declared
    assert {"status", "from", "to", "q", "group", "unit"} <= declared["/api/v1/clues/"]
    assert {"status", "person", "from", "to"} <= declared["/api/v1/clues/cases/"]


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/clues/?from=2026-13-01",
        "/api/v1/clues/cases/?from=2026-03-01&to=2026-02-01",
        "/api/v1/supervision/?kind=x",
        "/api/v1/rectification/?status=x",
        "/api/v1/rectification/items/?status=x",
        "/api/v1/responsibility/filings/?category=x",
        "/api/v1/responsibility/lists/?year=1900",
    ],
)
def test_a_bad_filter_is_a_400_in_chinese(client, world, query):
    sign_in(client, world.users.wei)
    response = client.get(query)
    assert response.status_code == 400 and response.json()["code"] == "bad_request", response.content
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])
