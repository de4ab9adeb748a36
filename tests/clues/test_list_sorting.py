"""Sorting and the date range of the clue ledger and the report list: whitelisted keys, seek pages kept,
malformed values a 400 in Chinese."""

import datetime

import pytest
from django.test import Client

from paizhu.core.params import BadRequest
from paizhu.core.sorting import Sorting, date_range
from tests.fixtures import sign_in
from tests.query_counts import add_clue, add_report

pytestmark = pytest.mark.django_db


def test_only_declared_orders_and_real_dates_pass():
    sorting = Sorting({"received": ("received_on", "id")}, default="-received")
    assert sorting.key({}) == "-received" and sorting.order("-received") == ("-received_on", "-id")
    assert sorting.order(sorting.key({"sort": "received"})) == ("received_on", "id")
    for bad in ("summary", "-id", "received_on", "received;drop"):
        with pytest.raises(BadRequest):
            sorting.key({"sort": bad})
    assert date_range({"from": "2026-01-01", "to": ""}) == (datetime.date(2026, 1, 1), None)
    for bad in ({"from": "2026-13-01"}, {"to": "昨天"}, {"from": "2026-02-01", "to": "2026-01-01"}):
        with pytest.raises(BadRequest):
            date_range(bad)


def _serials(body: str, prefix: str) -> list[str]:
    import re

    return re.findall(rf">({prefix}-\d{{4}}-\d{{6}})</a>", body)


def test_the_ledger_sorts_and_filters_by_date(world):
    days = [datetime.date(2026, 1, 5), datetime.date(2026, 2, 2), datetime.date(2026, 3, 2)]
    made = {day: add_clue(world, received_on=day).serial for day in days}
    client = sign_in(Client(), world.users.zu4)
    newest_first = _serials(client.get("/clues/").content.decode(), "XS")
    assert newest_first == [made[d] for d in reversed(days)]
    oldest_first = _serials(client.get("/clues/?sort=received").content.decode(), "XS")
    assert oldest_first == [made[d] for d in days]
    ranged = _serials(client.get("/clues/?from=2026-02-01&to=2026-02-28").content.decode(), "XS")
    assert ranged == [made[days[1]]]
    for bad in ("?sort=summary", "?from=2026-02-30", "?from=2026-03-01&to=2026-02-01"):
        response = client.get("/clues/" + bad)
        assert response.status_code == 400, bad
    body = client.get("/clues/?sort=received").content.decode()
    assert "sort=-received" in body  # the heading sorted ascending offers the other direction


def test_the_report_list_sorts_and_filters_by_date(world):
    reports = [add_report(world) for _ in range(3)]
    client = sign_in(Client(), world.users.xinfang)
    ascending = _serials(client.get("/intake/?sort=serial").content.decode(), "XF")
    assert ascending == sorted(r.serial for r in reports)
    assert _serials(client.get("/intake/?sort=-serial").content.decode(), "XF") == ascending[::-1]
    day = reports[0].received_on
    assert len(_serials(client.get(f"/intake/?from={day}&to={day}").content.decode(), "XF")) == 3
    assert _serials(client.get(f"/intake/?to={day - datetime.timedelta(days=1)}").content.decode(), "XF") == []
    assert client.get("/intake/?sort=facts").status_code == 400


def test_the_case_list_filters_by_subject_status_and_date(world):
    import re

    from paizhu.clues.models import Case
    from tests.query_counts import add_case

    first = add_case(world, add_clue(world, subjects=[world.edu_clerk]))
    second = add_case(world, add_clue(world, subjects=[world.edu_deputy]), in_review=False)
    Case.objects.filter(pk=second.pk).update(filed_on=datetime.date(2026, 2, 1))
    client = sign_in(Client(), world.users.zu4)

    def shown(query=""):
        return re.findall(r">(AJ-\d{4}-\d{6})</a>", client.get("/clues/cases/" + query).content.decode())

    body = client.get("/clues/cases/").content.decode()
    assert "被审查调查人" in body and world.edu_clerk.name in body and world.edu_deputy.name in body
    assert shown(f"?person={world.edu_deputy.name}") == [second.serial]
    assert shown("?status=investigating") == [second.serial]
    assert shown("?to=2026-02-01") == [second.serial]
    assert set(shown("?sort=serial")) == {first.serial, second.serial}
    assert client.get("/clues/cases/?sort=clue").status_code == 400
    assert client.get("/clues/cases/?from=2026-02").status_code == 400
