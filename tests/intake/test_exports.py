import datetime
import html
import io
import zipfile

import pytest
from openpyxl import load_workbook

from paizhu.audit.models import AuditEntry
from paizhu.audit.services import head_hash
from paizhu.intake import services
from paizhu.intake.models import ReportMessage
from paizhu.intake.services import Identity
from tests.fixtures import sign_in

from .conftest import FACTS_CANTEEN, FACTS_CAR, real_name_identity, report_input

EXPORT = "/intake/export/"


@pytest.fixture
def reports(world):
    """A real-name letter routed to group 4 (with a message from the reporter), an anonymous visit routed
    to group 2 whose text tries a formula, and a public report still waiting for routing."""
    xinfang = world.users.xinfang
    letter = services.register_report(
        xinfang,
        report_input(unit=world.edu, subjects=[world.edu_clerk], named=[], identity=real_name_identity()),
        channel="letter",
        received_on=datetime.date(2026, 9, 29),
    )
    letter = services.confirm_routing(xinfang, letter, group=world.g4)
    visit = services.register_report(
        xinfang,
        report_input(unit=world.water, facts='=HYPERLINK("http://x","点击")' + FACTS_CANTEEN, named=[]),
        channel="visit",
        received_on=datetime.date(2026, 9, 30),
    )
    visit = services.confirm_routing(xinfang, visit, group=world.g2)
    online, _ = services.submit_public_report(
        report_input(unit=world.edu, identity=Identity(name="孙秀英", contact="孙秀英 qq: 735512@qq.com"))
    )
    services.message_from_reporter(online, "我是孙秀英，住在光明路12号，补充证据。")
    return {"letter": letter, "visit": visit, "online": online}


def _rows(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def _all_text(content: bytes) -> str:
    """Every part of the .xlsx, unzipped and unescaped: the file is compressed and its XML writes Chinese as
    character references (&#26446;...), so a search of the raw bytes for a name would prove nothing."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(html.unescape(archive.read(name).decode("utf-8")) for name in archive.namelist())


def test_export_has_watermark_chain_head_filters_and_the_filtered_rows(client, world, reports):
    sign_in(client, world.users.xinfang)
    head = head_hash()
    response = client.get(f"{EXPORT}?channel=letter")
    rows = _rows(response)
    assert rows[0][0] == "信访举报（测试市纪委监委）"
    assert rows[1][0].startswith(
        "期间：收到日期 2026-09-29 至 2026-09-29　筛选条件：来源渠道：来信　共 1 条　导出时间："
    )
    assert rows[2][0].startswith("导出人：xinfang · 测试市纪委监委 信访室 · ")
    assert f"审计链头：{head}　" in rows[2][0]
    assert rows[3][:4] == ("序号", "编号", "收到日期", "渠道")
    data = rows[4:]
    letter = reports["letter"]
    assert [r[1] for r in data] == [letter.serial]
    assert data[0][2].date() == datetime.date(2026, 9, 29) and data[0][3] == "来信" and data[0][4] == "测试市教育局"
    assert data[0][12] == "赵小军" and data[0][5] == FACTS_CAR and data[0][15] == "是"
    entry = AuditEntry.objects.get(action="report.exported")
    assert entry.actor == world.users.xinfang
    assert entry.details == {
        "filters": {"channel": "letter"},
        "description": "来源渠道：来信",
        "count": 1,
        "head_hash": head,
        "ids": [letter.pk],
    }
    assert AuditEntry.objects.filter(action="report.exported").count() == 1


def test_export_never_contains_reporter_identity_contact_or_messages(client, world, reports):
    sign_in(client, world.users.xinfang)
    response = client.get(EXPORT)
    assert {r[1] for r in _rows(response)[4:]} == {r.serial for r in reports.values()}
    text = _all_text(response.content)
    assert reports["letter"].serial in text and FACTS_CAR in text  # the search does see the cells
    identity = real_name_identity()
    for secret in (identity.name, identity.unit, identity.contact, identity.id_number, "孙秀英", "735512", "光明路"):
        assert secret not in text
    assert ReportMessage.objects.exists()  # there was a message to leak


def test_cells_are_text_never_formulas(client, world, reports):
    sign_in(client, world.users.xinfang)
    response = client.get(f"{EXPORT}?channel=visit")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=5, column=6)
    assert cell.value.startswith('=HYPERLINK("http://x"') and cell.data_type == "s"


def test_export_follows_each_users_scope(client, world, reports):
    sign_in(client, world.users.zu2)
    assert [r[1] for r in _rows(client.get(EXPORT))[4:]] == [reports["visit"].serial]
    sign_in(client, world.users.zu4a)
    assert [r[1] for r in _rows(client.get(f"{EXPORT}?group={world.g2.pk}"))[4:]] == []
    for user in (world.users.shuji, world.users.lianluo, world.users.auditor, world.users.sysadmin):
        sign_in(client, user)
        assert client.get(EXPORT).status_code == 404
    assert AuditEntry.objects.filter(action="report.exported").count() == 2


def test_export_asks_for_the_second_factor_again_after_five_minutes(client, world, reports):
    from paizhu.accounts.stepup import OTP_AT_SESSION_KEY

    sign_in(client, world.users.xinfang)
    session = client.session
    session[OTP_AT_SESSION_KEY] -= 6 * 60
    session.save()
    response = client.get(EXPORT)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")
    assert not AuditEntry.objects.filter(action="report.exported").exists()


def test_list_page_offers_the_export_with_its_filters(client, world, reports):
    sign_in(client, world.users.zu4)
    html = client.get("/intake/?channel=letter&q=公车").content.decode()
    assert 'href="/intake/export/?channel=letter&amp;q=%E5%85%AC%E8%BD%A6"' in html


def test_an_oversized_export_is_refused_with_a_message(client, world, reports, monkeypatch):
    monkeypatch.setattr("paizhu.intake.exports.EXPORT_MAX_ROWS", 2)
    sign_in(client, world.users.xinfang)
    response = client.get(EXPORT, follow=True)
    assert "超过单次导出上限 2 条" in response.content.decode()
    assert not AuditEntry.objects.filter(action="report.exported").exists()


def test_the_due_filter_selects_the_same_reports_on_the_list_and_in_the_export(client, world, reports):
    from paizhu.intake.models import Report

    Report.objects.filter(pk=reports["letter"].pk).update(acceptance_due=datetime.date(2026, 10, 20))
    Report.objects.filter(pk=reports["online"].pk).update(acceptance_due=datetime.date(2099, 1, 4))
    sign_in(client, world.users.xinfang)
    listing = client.get("/intake/?due=overdue")
    assert [r.serial for r in listing.context["page"]] == [reports["letter"].serial]
    assert 'option value="overdue" selected' in listing.content.decode()
    rows = _rows(client.get(f"{EXPORT}?due=overdue"))
    assert "筛选条件：期限：已逾期" in rows[1][0] and [r[1] for r in rows[4:]] == [reports["letter"].serial]
    assert {r.serial for r in client.get("/intake/?due=open").context["page"]} == {
        reports["letter"].serial,
        reports["online"].serial,
    }


def test_the_export_does_a_fixed_number_of_queries(client, world, reports, django_assert_max_num_queries):
    sign_in(client, world.users.xinfang)
    with django_assert_max_num_queries(30) as few:
        assert len(_rows(client.get(EXPORT))) == 4 + 3
    for i in range(6):
        report = services.register_report(
            world.users.xinfang,
            report_input(unit=world.edu, subjects=[world.edu_clerk], facts=f"{FACTS_CANTEEN}第{i}件。"),
            channel="phone",
            received_on=datetime.date(2026, 9, 1),
        )
        services.confirm_routing(world.users.xinfang, report, group=world.g4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_rows(client.get(EXPORT))) == 4 + 9


def test_the_export_starts_with_the_list_pages_columns(client, world, reports):
    import re

    from paizhu.core.spreadsheet import screen_titles
    from paizhu.intake.exports import COLUMNS

    sign_in(client, world.users.xinfang)
    thead = re.search(r"<thead>(.*?)</thead>", client.get("/intake/").content.decode(), re.S).group(1)
    headings = [re.sub(r"<[^>]+>", "", th).strip() for th in re.findall(r"<th\b[^>]*>(.*?)</th>", thead, re.S)]
    assert headings == screen_titles(COLUMNS)
    assert list(_rows(client.get(EXPORT))[3][: len(headings)]) == headings
