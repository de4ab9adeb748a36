"""Lists: pages by seek (keyset) links, capped totals counted without ORDER BY and remembered once over the cap."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from paizhu.core import listing
from paizhu.core.params import BadRequest
from paizhu.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(world):
    """Eleven units in all (the world's three and eight more), listed newest name first, two per page."""
    for n in range(8):
        Unit.objects.create(commission=world.city, name=f"测试市第{n}局", short_name=f"第{n}局" if n % 2 else "")
    return Unit.objects.order_by("-short_name", "-id")


def _list(queryset, query: str = "", session=None, per_page=2, **kwargs):
    request = RequestFactory().get("/org/people/" + query)
    request.session = {} if session is None else session
    with CaptureQueriesContext(connection) as queries:
        result = listing.paginate(request, queryset, per_page=per_page, **kwargs)
    return result, [q["sql"] for q in queries.captured_queries]


def _walk(queryset, direction: str, start: str = ""):
    """The pages met following the `direction` links from `start`: [(number, [pks])]."""
    pages, query = [], start
    while query is not None:
        result, _ = _list(queryset, query)
        pages.append((result["page"].number, [u.pk for u in result["page"]]))
        query = result["links"][direction]
    return pages


def test_next_links_seek_through_every_row_once_in_the_lists_order(units):
    expected = [u.pk for u in units]
    pages = _walk(units, "next")
    assert [number for number, _ in pages] == list(range(1, 7))
    assert [pk for _, rows in pages for pk in rows] == expected


def test_previous_links_lead_back_through_the_same_pages(units):
    forward = _walk(units, "next")
    last_query = _list(units)[0]["links"]["last"]
    assert last_query is not None
    backward = _walk(units, "previous", last_query)
    assert backward == forward[::-1]


def test_a_deep_page_is_sought_from_its_key_not_skipped_to(units):
    query = _list(units)[0]["links"]["next"]
    query = _list(units, query)[0]["links"]["next"]
    result, queries = _list(units, query)
    assert result["page"].number == 3
    assert result["page"].start_index() == 5
    page_sql = next(sql for sql in queries if "COUNT" not in sql.upper())
    assert "OFFSET" not in page_sql.upper()
    assert "short_name" in page_sql.split("WHERE", 1)[1]  # the seek condition on the sort key


def test_the_last_page_holds_the_remainder(units):
    result, _ = _list(units, _list(units)[0]["links"]["last"])
    assert result["page"].number == 6
    assert [u.pk for u in result["page"]] == [u.pk for u in units][10:]
    assert result["links"]["next"] is None and result["links"]["last"] is None


def test_a_page_number_without_a_key_is_served_by_offset(units):
    result, _ = _list(units, "?page=3")
    assert [u.pk for u in result["page"]] == [u.pk for u in units][4:6]
    assert _list(units, "?page=999")[0]["page"].number == 6  # clamped to the last page


@pytest.mark.parametrize("token", ["abc", "WyJ4Il0", "W10", "WyJ4IiwiYWJjIl0", "WyJ4IiwxXQ"])
def test_a_malformed_key_is_a_bad_request(units, token):
    with pytest.raises(BadRequest):
        _list(units, f"?page=2&after={token}")


def test_filters_stay_in_the_links(units):
    result, _ = _list(units.filter(name__contains="测试"), "?q=测试&page=1")
    assert result["querystring"] == "q=%E6%B5%8B%E8%AF%95"
    assert result["links"]["next"].startswith("?q=%E6%B5%8B%E8%AF%95&page=2&after=")


def test_a_short_list_is_counted_from_its_own_rows(world):
    result, queries = _list(Unit.objects.order_by("pk"), per_page=3)
    assert (result["paginator"].total_label, result["page"].number) == ("3", 1)
    assert len(queries) == 1 and "COUNT" not in queries[0].upper()


def test_a_total_under_the_cap_is_exact(units, monkeypatch):
    monkeypatch.setattr(listing.Total, "cap", 20)
    total = _list(units)[0]["paginator"]
    assert (total.count, total.capped, total.total_label, total.num_pages) == (11, False, "11", 6)


def test_a_total_over_the_cap_is_counted_once_without_order_and_remembered(units, monkeypatch):
    monkeypatch.setattr(listing.Total, "cap", 4)
    session = {}
    result, queries = _list(units, session=session)
    assert result["paginator"].capped and result["paginator"].total_label == "4+"
    assert result["links"]["last"] is None  # unknown when capped
    [count_sql] = [sql for sql in queries if "COUNT" in sql.upper()]
    assert "LIMIT 5" in count_sql.upper() and "ORDER BY" not in count_sql.upper()
    following = _list(units, result["links"]["next"], session=session)
    assert following[0]["paginator"].total_label == "4+"
    assert not any("COUNT" in sql.upper() for sql in following[1])
    other_filter = _list(units, "?q=x", session=session)
    assert any("COUNT" in sql.upper() for sql in other_filter[1])


def test_a_search_reads_its_total_with_its_rows(units):
    result, queries = _list(units, "?page=2", total_with_rows=True)
    assert len(queries) == 1 and "OVER" in queries[0].upper()
    assert [u.pk for u in result["page"]] == [u.pk for u in units][2:4]
    assert (result["paginator"].count, result["page"].number) == (11, 2)
    assert result["links"]["next"] == "?page=3"


def test_the_thousands_are_separated():
    assert listing.Total(12345, 20).total_label == "10,000+"
    assert listing.Total(9876, 20).total_label == "9,876"
    assert listing.Total(0, 20).total_label == "0"


def test_a_navigation_badge_stops_counting_at_99_without_ordering(world, monkeypatch):
    from paizhu.core import navigation

    assert navigation.badge_count(Unit.objects.none()) is None
    assert navigation.badge_count(Unit.objects.all()) == "3"
    monkeypatch.setattr(navigation, "BADGE_CAP", 2)
    assert navigation.badge_count(Unit.objects.all()) == "2+"
    with CaptureQueriesContext(connection) as queries:
        navigation.badge_count(Unit.objects.order_by("name"))
    assert "LIMIT 3" in queries.captured_queries[0]["sql"].upper()
    assert "ORDER BY" not in queries.captured_queries[0]["sql"].upper()
