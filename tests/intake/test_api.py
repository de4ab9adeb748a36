import datetime
import json

import pytest
from django.test import Client

from paizhu.audit.models import AuditEntry
from paizhu.intake import services
from paizhu.intake.models import Report
from paizhu.intake.services import Identity
from tests.fixtures import sign_in

from .conftest import FACTS_CANTEEN, FACTS_CAR, real_name_identity, report_input

API = "/api/v1/intake/"


@pytest.fixture
def reports(world):
    """A real-name letter at group 4 with zu4a as handler, an anonymous visit at group 2, and a public
    report about a leadership member that the commission handles."""
    xinfang = world.users.xinfang
    letter = services.register_report(
        xinfang,
        report_input(unit=world.edu, subjects=[world.edu_clerk], named=[], identity=real_name_identity()),
        channel="letter",
        received_on=datetime.date(2026, 9, 29),
    )
    letter = services.confirm_routing(xinfang, letter, group=world.g4)
    letter = services.assign_handler(world.users.zu4, letter, world.users.zu4a)
    visit = services.register_report(
        xinfang,
        report_input(unit=world.water, facts=FACTS_CANTEEN, named=[]),
        channel="visit",
        received_on=datetime.date(2026, 9, 30),
    )
    visit = services.confirm_routing(xinfang, visit, group=world.g2)
    online, _ = services.submit_public_report(
        report_input(
            subjects=[world.edu_deputy], named=[], identity=Identity(name="孙秀英", contact="sunxy@example.com")
        )
    )
    online = services.confirm_routing(xinfang, online, group=None, office="petition_office")
    return {"letter": letter, "visit": visit, "online": online}


def _serials(client, query: str = "") -> list[str]:
    response = client.get(API + query)
    assert response.status_code == 200, response.content
    return [row["serial"] for row in response.json()["items"]]


def _as(user) -> Client:
    return sign_in(Client(), user)


def test_the_api_needs_a_login(client, reports):
    assert client.get(API).status_code == 401
    assert client.get(f"{API}{reports['letter'].pk}").status_code == 401


def test_each_role_sees_its_own_reports_only(world, reports):
    u = world.users
    letter, visit, online = (reports[k].serial for k in ("letter", "visit", "online"))
    assert set(_serials(_as(u.xinfang))) == {letter, visit, online}
    assert set(_serials(_as(u.wei))) == {letter, visit, online}
    assert _serials(_as(u.zu4)) == [letter]
    assert _serials(_as(u.zu2)) == [visit]
    for user in (u.shuji, u.lianluo, u.sysadmin, u.secadmin, u.auditor, u.anguan):
        assert _serials(_as(user)) == [], user


def test_a_report_outside_the_scope_is_not_found(world, reports):
    u = world.users
    letter = reports["letter"].pk
    assert _as(u.zu4).get(f"{API}{letter}").status_code == 200
    for user in (u.zu2, u.shuji, u.lianluo, u.sysadmin, u.auditor):
        assert _as(user).get(f"{API}{letter}").status_code == 404, user
    assert _as(u.zu4).get(f"{API}{reports['online'].pk}").status_code == 404


def test_the_detail_read_is_audited(world, reports):
    letter = reports["letter"]
    before = AuditEntry.objects.filter(action="report.viewed", object_id=str(letter.pk)).count()
    body = _as(world.users.zu4a).get(f"{API}{letter.pk}").json()
    assert body["serial"] == letter.serial and body["subjects"] == ["赵小军"] and body["handled_by"] == "第四纪检监察组"
    assert AuditEntry.objects.filter(action="report.viewed", object_id=str(letter.pk)).count() == before + 1


def test_no_reporter_identity_in_the_json_even_for_the_handler(world, reports):
    identity = real_name_identity()
    for user in (world.users.zu4a, world.users.xinfang):  # zu4a is the handler, who may reveal it on the page
        client = _as(user)
        for url in (API, f"{API}{reports['letter'].pk}"):
            body = client.get(url).json()
            # Decoded: the JSON escapes Chinese as \\uXXXX, so a search of the raw bytes would prove nothing.
            text = json.dumps(body, ensure_ascii=False)
            assert FACTS_CAR in text  # the search does see the content
            for secret in (identity.name, identity.unit, identity.contact, identity.id_number, "孙秀英", "sunxy"):
                assert secret not in text, (user, url, secret)
            rows = body["items"] if url == API else [body]
            assert not any(key.startswith("reporter") for row in rows for key in row)
            assert all(row["is_real_name"] is (row["serial"] != reports["visit"].serial) for row in rows)


def test_filters_and_paging(world, reports):
    client = _as(world.users.xinfang)
    letter, visit, online = (reports[k].serial for k in ("letter", "visit", "online"))
    assert _serials(client, "?channel=visit") == [visit]
    assert _serials(client, f"?group={world.g4.pk}") == [letter]
    assert _serials(client, "?group=commission") == [online]
    assert set(_serials(client, "?status=registered")) == {letter, visit, online}
    assert _serials(client, "?status=accepted") == []
    everything = _serials(client)
    second = client.get(client.get(f"{API}?limit=1").json()["next"]).json()
    assert [row["serial"] for row in second["items"]] == everything[1:2]
    assert client.get(f"{API}?limit=501").status_code == 400  # a malformed parameter is a 400 (core.params)
    assert client.get(f"{API}?cursor=-1").status_code == 400


def test_due_and_overdue_filters(world, reports):
    client = _as(world.users.xinfang)
    letter, online = reports["letter"], reports["online"]
    # Both real-name reports owe the acceptance notice; the anonymous visit owes nothing.
    assert set(_serials(client, "?due=open")) == {letter.serial, online.serial}
    Report.objects.filter(pk=letter.pk).update(acceptance_due=datetime.date(2026, 10, 20))
    Report.objects.filter(pk=online.pk).update(acceptance_due=datetime.date(2099, 1, 4))
    assert _serials(client, "?due=overdue") == [letter.serial]
    services.give_feedback(world.users.zu4a, letter, notice="acceptance", method="phone", given_on=letter.received_on)
    assert _serials(client, "?due=overdue") == []
    assert _serials(client, "?due=open") == [online.serial]


def test_the_list_does_a_fixed_number_of_queries(world, reports, django_assert_max_num_queries):
    client = _as(world.users.xinfang)
    with django_assert_max_num_queries(20) as few:
        assert len(_serials(client)) == 3
    for i in range(6):
        report = services.register_report(
            world.users.xinfang,
            report_input(unit=world.edu, subjects=[world.edu_clerk], facts=f"{FACTS_CANTEEN}第{i}件。"),
            channel="phone",
            received_on=datetime.date(2026, 9, 1),
        )
        services.confirm_routing(world.users.xinfang, report, group=world.g4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_serials(client)) == 9
