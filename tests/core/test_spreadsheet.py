"""The shared ledger layout, read back with openpyxl: what an office needs to file and print it."""

import datetime
import io
import zipfile
from types import SimpleNamespace

from django.utils import timezone
from openpyxl import load_workbook

from paizhu.core.spreadsheet import DATE, DATETIME, NUMBER, Column, ledger_xlsx, screen_titles

COLUMNS = [
    Column("序号", 3),
    Column("编号", 9, lambda r: r.serial),
    Column("收到日期", 5, lambda r: r.day, DATE),
    Column("登记时间", 10, lambda r: r.at, DATETIME, on_screen=False),
    Column("件数", 3, lambda r: r.count, NUMBER, on_screen=False),
    Column("主要问题", 30, lambda r: r.text),
]
ROWS = [
    SimpleNamespace(
        serial="XF-1",
        day=datetime.date(2026, 9, 29),
        at=datetime.datetime(2026, 9, 29, 1, 30, tzinfo=datetime.UTC),
        count=2,
        text="=1+1 收受礼金",
    ),
    SimpleNamespace(serial="XF-2", day=None, at=None, count=0, text=""),
]


def _ledger():
    name, content = ledger_xlsx(
        title="信访举报",
        scope="第四纪检监察组",
        period="收到日期 2026-09-29 至 2026-09-29",
        description="全部",
        watermark="导出人：张三 · 2026-10-01 09:00　审计链头：ab12",
        total=len(ROWS),
        confidential="仅限工作使用。",
        columns=COLUMNS,
        objects=ROWS,
    )
    return name, content, load_workbook(io.BytesIO(content)).active


def test_round_trip_title_rows_header_and_typed_cells():
    name, _, sheet = _ledger()
    assert name.startswith("信访举报_") and name.endswith(".xlsx")
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "信访举报（第四纪检监察组）"
    assert rows[1][0].startswith("期间：收到日期 2026-09-29 至 2026-09-29　筛选条件：全部　共 2 条　导出时间：")
    assert rows[2][0] == "导出人：张三 · 2026-10-01 09:00　审计链头：ab12　仅限工作使用。"
    # The list page's columns first, in its order; the ledger's others after them.
    assert rows[3] == ("序号", "编号", "收到日期", "主要问题", "登记时间", "件数")
    assert screen_titles(COLUMNS) == ["序号", "编号", "收到日期", "主要问题"]
    first = sheet[5]
    assert first[0].value == 1 and first[0].data_type == "n"  # the row's number
    assert (
        first[2].is_date
        and first[2].value.date() == datetime.date(2026, 9, 29)
        and first[2].number_format == "yyyy-mm-dd"
    )
    assert first[3].value == "=1+1 收受礼金" and first[3].data_type == "s"  # text, never a formula
    # A time is Beijing time (Excel has no zones): 01:30 UTC is 09:30.
    assert first[4].value.isoformat() == "2026-09-29T09:30:00" and first[4].number_format == "yyyy-mm-dd hh:mm:ss"
    assert first[5].value == 2 and first[5].data_type == "n"
    second = sheet[6]
    assert second[2].value is None and second[4].value is None  # no date is no cell, not "None"
    assert second[5].value == 0


def test_print_setup_filter_and_frozen_header():
    _, content, sheet = _ledger()
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$4:$4"  # the header repeated on every printed page
    assert sheet.auto_filter.ref == "A4:F6"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9  # A4
    # One page wide (1 is the attribute's default in SpreadsheetML, which a writer may leave out), any number down.
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "导出人：张三" in sheet.oddHeader.center.text
    assert sheet.oddFooter.center.text == "仅限工作使用。　第 &P 页，共 &N 页"
    # A Chinese character takes about two width units; the long text column wraps.
    # (Excel stores a width with the cell's padding, about 0.71 more.)
    assert int(sheet.column_dimensions["D"].width) == 62 and int(sheet.column_dimensions["C"].width) == 12
    assert sheet["D5"].alignment.wrap_text and not sheet["B5"].alignment.wrap_text
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    assert "_xlnm.Print_Titles" in workbook and "_xlnm._FilterDatabase" in workbook


def test_an_empty_ledger_still_has_its_header_and_filter():
    name, content = ledger_xlsx(
        title="案件",
        scope="江临市纪委监委",
        period="无记录",
        description="全部",
        watermark="导出人：张三",
        total=0,
        confidential="仅限工作使用。",
        columns=COLUMNS,
        objects=[],
    )
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[3][0] == "序号"
    assert sheet.auto_filter.ref == "A4:F5"
    assert timezone.localtime().strftime("%Y%m%d") in name
