"""Exports of the ledger and of cases: content, watermark, chain head, audit entry, scope, step-up."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from paizhu.audit.models import AuditEntry
from paizhu.clues import services
from paizhu.clues.models import Case
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db

EXPORT = "/clues/export/"
CASE_EXPORT = "/clues/cases/export/"


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time("2026-03-10 10:00:00+08:00", tick=True):
        yield


def _rows(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_export_holds_the_filtered_ledger_with_watermark_and_chain_head(world, make_clue):
    a = make_clue()
    b = make_clue([world.edu_deputy])
    services.propose_disposal(world.users.zu4a, b, version=b.version, method="inquiry", reasons="函询")
    response = _client(world.users.anguan).get(f"{EXPORT}?status=proposed")
    rows = _rows(response)
    assert "attachment" in response["Content-Disposition"]
    assert rows[0][0] == "问题线索台账（测试市纪委监委）"
    assert rows[1][0].startswith("期间：受理日期 ")
    assert "筛选条件：状态：审批中　共 1 条　导出时间：2026-03-10 10:00（北京时间）" in rows[1][0]
    assert rows[2][0].startswith("导出人：") and "案件监督管理室" in rows[2][0]
    # The head printed is the chain as it stood just before the export's own entry.
    entry = AuditEntry.objects.get(action="clue.exported")
    assert f"审计链头：{entry.prev_hash}　" in rows[2][0] and entry.details["head_hash"] == entry.prev_hash
    assert rows[3][:3] == ("序号", "线索编号", "被反映人")
    [row] = rows[4:]
    assert row[1] == b.serial and a.serial not in str(rows)
    assert row[2] == "李红梅（班子成员）"
    assert row[3] == "测试市教育局" and row[4] == "反映其违规发放津补贴、公车私用问题。"
    assert row[9] == "审批中"
    assert row[5] == datetime.datetime.combine(b.received_on, datetime.time())  # a date cell, not text


def test_the_export_is_audited_once_with_filters_and_count(world, make_clue):
    make_clue()
    make_clue()
    _client(world.users.zu4a).get(f"{EXPORT}?unit={world.edu.pk}&overdue=1&q=津补贴")
    _client(world.users.zu4a).get(f"{EXPORT}?unit={world.edu.pk}")
    first, second = AuditEntry.objects.filter(action="clue.exported").order_by("seq")
    assert first.actor == world.users.zu4a
    assert first.details["filters"] == {"unit": str(world.edu.pk), "q": "津补贴", "overdue": "1"}
    assert first.details["description"] == "涉及单位：测试市教育局；关键字：津补贴；已逾期"
    assert first.details["count"] == 0
    assert second.details["count"] == 2
    assert len(second.details["head_hash"]) == 64


def test_user_text_is_written_as_text_never_a_formula(world, make_clue):
    from paizhu.clues.models import Clue

    clue = make_clue()
    Clue.objects.filter(pk=clue.pk).update(summary='=HYPERLINK("http://x","点我")')
    response = _client(world.users.anguan).get(EXPORT)
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=5, column=5)
    assert cell.value == '=HYPERLINK("http://x","点我")' and cell.data_type == "s"


def test_another_group_exports_nothing_of_this_group(world, make_clue):
    clue = make_clue()
    rows = _rows(_client(world.users.zu2).get(EXPORT))
    assert "　共 0 条　" in rows[1][0] and clue.serial not in str(rows[3:])


@pytest.mark.parametrize("username", ["shuji", "lianluo", "sysadmin", "secadmin", "auditor", "shenli", "xinfang"])
def test_roles_without_the_ledger_get_404_and_no_button(world, make_clue, username):
    make_clue()
    client = _client(getattr(world.users, username))
    assert client.get(EXPORT).status_code == 404
    assert "/clues/export/" not in client.get(reverse("clues:list")).content.decode()
    assert not AuditEntry.objects.filter(action="clue.exported").exists()


def test_the_list_shows_the_export_button_with_the_current_filters(world, make_clue):
    make_clue()
    body = _client(world.users.zu4).get(reverse("clues:list") + "?status=assigned&page=1").content.decode()
    assert 'href="/clues/export/?status=assigned"' in body
    body = _client(world.users.zu4).get(reverse("clues:list")).content.decode()
    assert 'href="/clues/export/"' in body


def test_the_export_asks_for_the_second_factor_again_after_five_minutes(world, settings):
    from paizhu.accounts.stepup import OTP_AT_SESSION_KEY

    settings.OTP_REQUIRED = True
    client = sign_in(Client(), world.users.anguan)
    assert client.get(EXPORT).status_code == 200
    session = client.session
    session[OTP_AT_SESSION_KEY] -= 6 * 60
    session.save()
    response = client.get(EXPORT)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")
    assert client.get(CASE_EXPORT)["Location"].startswith("/accounts/otp/")
    assert AuditEntry.objects.filter(action="clue.exported").count() == 1


def test_an_oversized_export_is_refused_with_a_message(world, make_clue, monkeypatch):
    monkeypatch.setattr("paizhu.clues.exports.EXPORT_MAX_ROWS", 1)
    make_clue()
    make_clue()
    response = _client(world.users.anguan).get(f"{EXPORT}?source=petition", follow=True)
    assert "超过单次导出上限 1 条" in response.content.decode()
    assert response.redirect_chain[-1][0] == "/clues/?source=petition"
    assert not AuditEntry.objects.filter(action="clue.exported").exists()


def _case(clue, *, sent: bool) -> Case:
    import datetime

    return Case.objects.create(
        clue=clue,
        serial=f"AJ-2026-{clue.pk:06d}",
        filed_on=datetime.date(2026, 3, 5),
        investigation_due=datetime.date(2026, 6, 3),
        sent_to_review_on=datetime.date(2026, 3, 9) if sent else None,
    )


def test_case_export_follows_the_case_scope(world, make_clue):
    sent = _case(make_clue(), sent=True)
    kept = _case(make_clue(), sent=False)
    rows = _rows(_client(world.users.anguan).get(CASE_EXPORT))
    assert {r[1] for r in rows[4:]} == {sent.serial, kept.serial}
    rows = _rows(_client(world.users.shenli).get(CASE_EXPORT))  # 审理室: only what was sent to review
    assert [r[1] for r in rows[4:]] == [sent.serial]
    assert rows[4][2] == "赵小军"
    entry = AuditEntry.objects.filter(action="case.exported").order_by("seq").last()
    assert entry.actor == world.users.shenli and entry.details["count"] == 1
    rows = _rows(_client(world.users.zu2).get(CASE_EXPORT))
    assert rows[4:] == []
    for username in ("shuji", "sysadmin", "auditor", "xinfang"):
        assert _client(getattr(world.users, username)).get(CASE_EXPORT).status_code == 404


def test_the_case_list_shows_the_export_button_to_case_roles_only(world):
    assert "/clues/cases/export/" in _client(world.users.shenli).get("/clues/cases/").content.decode()


def _headings(body: str) -> list[str]:
    import re

    thead = re.search(r"<thead>(.*?)</thead>", body, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", th).strip() for th in re.findall(r"<th\b[^>]*>(.*?)</th>", thead, re.S)]


def test_the_ledger_and_the_case_export_start_with_the_list_pages_columns(world, make_clue):
    from paizhu.clues.exports import CASE_COLUMNS, CLUE_COLUMNS
    from paizhu.core.spreadsheet import screen_titles

    clue = make_clue()
    _case(make_clue(), sent=True)
    client = _client(world.users.anguan)
    assert _headings(client.get(reverse("clues:list")).content.decode()) == screen_titles(CLUE_COLUMNS)
    rows = _rows(client.get(EXPORT))
    assert list(rows[3][: len(screen_titles(CLUE_COLUMNS))]) == screen_titles(CLUE_COLUMNS)
    assert clue.serial in {r[1] for r in rows[4:]}
    assert _headings(client.get("/clues/cases/").content.decode()) == screen_titles(CASE_COLUMNS)
    assert list(_rows(client.get(CASE_EXPORT))[3][: len(screen_titles(CASE_COLUMNS))]) == screen_titles(CASE_COLUMNS)
