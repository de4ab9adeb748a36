"""The log's .xlsx export: the list's columns first, the filtered rows of the user's scope, audited with the ids."""

import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from paizhu.audit.models import AuditEntry
from paizhu.core.spreadsheet import screen_titles
from paizhu.supervision import services
from paizhu.supervision.exports import COLUMNS
from paizhu.supervision.models import Kind
from tests.fixtures import sign_in

from .conftest import meeting_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _rows(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def _headings(body: str) -> list[str]:
    thead = re.search(r"<thead>(.*?)</thead>", body, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", th).strip() for th in re.findall(r"<th\b[^>]*>(.*?)</th>", thead, re.S)]


def test_the_export_is_the_filtered_list_with_its_columns_first(meeting, world):
    inspection = services.record_activity(
        world.users.zu4a, Kind.INSPECTION, meeting_input(world, units=[world.fin], persons=[], topic="公务用车检查")
    )
    client = sign_in(Client(), world.users.wei)
    titles = screen_titles(COLUMNS)
    assert _headings(client.get("/supervision/").content.decode()) == titles
    rows = _rows(client.get("/supervision/export/"))
    header = next(i for i, r in enumerate(rows) if r[0] == "序号")
    assert list(rows[header][: len(titles)]) == titles
    assert {r[1] for r in rows[header + 1 :]} == {meeting.serial, inspection.serial}
    row = next(r for r in rows[header + 1 :] if r[1] == meeting.serial)
    assert row[3:10] == (
        "列席会议",
        "第四纪检监察组",
        "测试市教育局",
        "局党组会议（2026年第21次）",
        "王建国",
        "1 个（1 待处置）",
        "zu4a",
    )
    rows = _rows(client.get(f"/supervision/export/?unit={world.fin.pk}"))
    assert [r[1] for r in rows[header + 1 :]] == [inspection.serial]
    entry = AuditEntry.objects.filter(action="supervision.exported").order_by("seq").last()
    assert entry.details["ids"] == [inspection.pk] and entry.details["filters"] == {"unit": str(world.fin.pk)}


def test_only_who_sees_the_log_exports_it_and_a_bad_filter_is_a_400(meeting, world):
    rows = _rows(sign_in(Client(), world.users.zu2).get("/supervision/export/"))
    assert meeting.serial not in {r[1] for r in rows}
    for name in ("lianluo", "shuji", "xinfang", "sysadmin", "auditor"):
        assert sign_in(Client(), getattr(world.users, name)).get("/supervision/export/").status_code == 404, name
    assert sign_in(Client(), world.users.zu4).get("/supervision/export/?kind=party").status_code == 400
    assert "/supervision/export/" in sign_in(Client(), world.users.zu4).get("/supervision/").content.decode()
