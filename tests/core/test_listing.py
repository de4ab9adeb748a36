"""List totals are capped: a page never counts more than COUNT_CAP + 1 rows."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from paizhu.core import listing
from paizhu.org.models import Unit

pytestmark = pytest.mark.django_db


def _page(monkeypatch, cap: int, query: str = ""):
    monkeypatch.setattr(listing.CappedPaginator, "cap", cap)
    request = RequestFactory().get("/org/people/" + query)
    return listing.paginate(request, Unit.objects.order_by("pk"), per_page=2)


def test_a_total_under_the_cap_is_exact(world, monkeypatch):
    paginator = _page(monkeypatch, cap=10)["paginator"]
    assert (paginator.count, paginator.capped, paginator.total_label) == (3, False, "3")


def test_a_total_over_the_cap_is_shown_as_the_cap_plus(world, monkeypatch):
    with CaptureQueriesContext(connection) as queries:
        listing_ = _page(monkeypatch, cap=2)
        paginator = listing_["paginator"]
        assert paginator.capped and paginator.total_label == "2+"
    count_sql = next(q["sql"] for q in queries.captured_queries if "COUNT" in q["sql"].upper())
    assert "LIMIT 3" in count_sql.upper()


def test_the_thousands_are_separated(monkeypatch):
    paginator = listing.CappedPaginator(list(range(12345)), 20)
    assert paginator.total_label == "12,345"
    monkeypatch.setattr(listing.CappedPaginator, "cap", 10_000)
    big = listing.CappedPaginator(Unit.objects.none(), 20)
    assert big.total_label == "0"


def test_a_navigation_badge_stops_counting_at_99(world, monkeypatch):
    from paizhu.core import navigation

    assert navigation.badge_count(Unit.objects.none()) is None
    assert navigation.badge_count(Unit.objects.all()) == "3"
    monkeypatch.setattr(navigation, "BADGE_CAP", 2)
    assert navigation.badge_count(Unit.objects.all()) == "2+"
    with CaptureQueriesContext(connection) as queries:
        navigation.badge_count(Unit.objects.all())
    assert "LIMIT 3" in queries.captured_queries[0]["sql"].upper()
