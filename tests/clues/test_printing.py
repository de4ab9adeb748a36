"""Printable pages carry the viewer's watermark, and printing leaves the navigation out."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from paizhu.clues.models import Case

pytestmark = pytest.mark.django_db


def _page(user, url) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_clue_and_case_detail_pages_carry_the_viewer_watermark(world, make_clue):
    clue = make_clue()
    case = Case.objects.create(
        clue=clue,
        serial="AJ-2026-000009",
        filed_on=datetime.date(2026, 3, 5),
        investigation_due=datetime.date(2026, 6, 3),
        sent_to_review_on=datetime.date(2026, 3, 9),
    )
    for user, url in (
        (world.users.zu4a, f"/clues/{clue.pk}/"),
        (world.users.zu4a, f"/clues/cases/{case.pk}/"),
        (world.users.shenli, f"/clues/cases/{case.pk}/"),
    ):
        html = _page(user, url)
        mark = re.search(r'<div class="watermark" aria-hidden="true"><span>([^<]+)</span>', html)
        assert mark is not None, url
        assert mark.group(1).startswith(f"{user.full_name or user.username} · ")


def test_print_styles_hide_navigation_but_keep_the_watermark():
    css = (Path(settings.BASE_DIR) / "static/paizhu/paizhu.css").read_text(encoding="utf-8")
    block = css[css.index("@media print") :]
    block = block[: block.index("\n}")]
    _, hidden, rule = block.split("{", 2)
    assert rule.lstrip().startswith("display: none")
    for selector in (".topbar", ".sidenav", ".page-actions", ".filter-bar"):
        assert selector in hidden
    assert ".watermark" not in hidden
