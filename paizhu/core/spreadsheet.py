"""Ledgers as .xlsx that an office can file: one layout for every module, carrying the viewer's mark.

Row 1 names the ledger and the scope it was exported from; row 2 the period, the filters, the row count
and the export time (Beijing time); row 3 the watermark (viewer, time, audit chain head) and the
confidentiality line; row 4 the column titles — frozen on screen, repeated on every printed page, with an
autofilter over the data below it. Dates are date cells (yyyy-mm-dd), counts numbers, everything else
text (never a formula). Printed: A4 landscape, fitted to the page width, the watermark in the page
header, the confidentiality line and the page numbers in the footer.

Written by XlsxWriter in its `constant_memory` mode: each row goes to the sheet's temporary file as it
comes (strings inline, no shared-string table, no cell objects), with one format object per column made
once. openpyxl's write-only mode, used before, built a cell object and serialised it through its XML
tree per cell: the commission-wide intake export (2,000 rows) took 1.4–5.8 s, now a fraction of that
(bench/exports.py, docs/benchmarks.md). XlsxWriter is packaged in Debian (python3-xlsxwriter 3.0.2 in
bookworm) and pinned >=3.0.2,<4 for that reason. openpyxl stays for reading (imports, tests).
"""

import datetime
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.db.models import Max, Min, QuerySet
from django.utils import timezone

TEXT, DATE, DATETIME, NUMBER = "text", "date", "datetime", "number"
HEADER_ROW = 4
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
A4 = 9  # the paper size code of SpreadsheetML's page setup
# Characters XML 1.0 cannot carry (what openpyxl's ILLEGAL_CHARACTERS_RE strips): a file holding one is unreadable.
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_MAX_TEXT = 32767  # Excel's limit of a cell's text


@dataclass(frozen=True)
class Column:
    """One column of a ledger: its title (as the list page heads it), its width in Chinese characters,
    its value for a row's object (None: the row's number, 序号), what its cells hold, and whether the
    list page shows it (the export puts the others after those)."""

    title: str
    width: int
    value: Callable[[Any], Any] | None = None
    kind: str = TEXT
    on_screen: bool = True

    @property
    def excel_width(self) -> float:
        # Excel measures widths in Latin digits; a Chinese character takes about two. The title must fit too.
        return max(self.width, len(self.title)) * 2 + 2

    @property
    def wraps(self) -> bool:
        return self.kind == TEXT and self.width >= 12


def screen_titles(columns: Sequence[Column]) -> list[str]:
    """The headings of the list page, in its order: the export's first columns."""
    return [c.title for c in columns if c.on_screen]


def ordered(columns: Sequence[Column]) -> list[Column]:
    """The list page's columns first, in its order, then the ledger's other columns."""
    return [c for c in columns if c.on_screen] + [c for c in columns if not c.on_screen]


def scope_label(user) -> str:
    """Where the exporter works (commission, group or unit): the ledger holds that scope's rows."""
    grant = getattr(user, "acting_grant", None)
    target = grant.scope_object if grant is not None else None
    return str(target) if target else "全部"


def date_span(qs: QuerySet, field: str, label: str) -> str:
    """The period the rows cover, by `field` (`label` names it): "收到日期 2025-01-03 至 2026-11-30"."""
    span = qs.order_by().aggregate(first=Min(field), last=Max(field))
    if span["first"] is None:
        return "无记录"
    return f"{label} {span['first']:%Y-%m-%d} 至 {span['last']:%Y-%m-%d}"


def ledger_xlsx(
    *,
    title: str,
    scope: str,
    period: str,
    description: str,
    watermark: str,
    total: int,
    confidential: str,
    columns: Sequence[Column],
    objects: Iterable,
) -> tuple[str, bytes]:
    """(file name, content) of ledger `title`: one row per object, the list page's `columns` first.

    Column values: dates as `datetime.date`, times as `datetime`, counts as int, the rest as text."""
    columns = ordered(columns)
    now = timezone.localtime()
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="paizhu-xlsx-") as tmpdir:
        workbook = xlsxwriter.Workbook(
            buffer,
            {
                "constant_memory": True,
                "tmpdir": tmpdir,
                # Whatever users typed stays text: never a formula, a link or a number.
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        sheet = workbook.add_worksheet(_sheet_name(title))
        last = len(columns) - 1
        # Text cells, most of a ledger, are written in the loop below with their column's format; numbers and
        # dates through their column's writer. Each format is made once, for every row.
        texts = [_text_format(workbook, c) if c.kind == TEXT and c.value is not None else None for c in columns]
        plan: list[tuple[int, Any, Any, Any]] = [
            (i, c.value, texts[i], None if texts[i] is not None else _cell_writer(workbook, c))
            for i, c in enumerate(columns)
        ]
        for i, column in enumerate(columns):
            sheet.set_column(i, i, column.excel_width)
        sheet.freeze_panes(HEADER_ROW, 0)
        sheet.repeat_rows(HEADER_ROW - 1)
        sheet.autofilter(HEADER_ROW - 1, 0, HEADER_ROW - 1 + max(total, 1), last)
        sheet.set_landscape()
        sheet.set_paper(A4)
        sheet.fit_to_pages(1, 0)  # one page wide, as many down as the rows need
        sheet.center_horizontally()
        sheet.set_margins(left=0.4, right=0.4)
        sheet.set_header("&C&8" + _header_text(watermark))
        sheet.set_footer("&C&8" + _header_text(confidential) + "　第 &P 页，共 &N 页")

        sheet.write_string(0, 0, _clean(f"{title}（{scope}）"), workbook.add_format({"bold": True, "font_size": 14}))
        sheet.write_string(
            1,
            0,
            _clean(
                f"期间：{period}　筛选条件：{description}　共 {total} 条　导出时间：{now:%Y-%m-%d %H:%M}（北京时间）"
            ),
        )
        sheet.write_string(2, 0, _clean(f"{watermark}　{confidential}"), workbook.add_format({"font_size": 9}))
        header = workbook.add_format(
            {
                "bold": True,
                "bg_color": "#DDE5F0",
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bottom": 1,
            }
        )
        for i, column in enumerate(columns):
            sheet.write_string(HEADER_ROW - 1, i, _clean(column.title), header)
        write_string = sheet.write_string
        row = HEADER_ROW - 1
        for number, obj in enumerate(objects, start=1):
            row += 1
            for i, value, text_format, cell in plan:
                if text_format is not None:
                    write_string(row, i, _clean(value(obj)), text_format)
                else:
                    cell(sheet, row, i, number if value is None else value(obj))
        workbook.close()
    return f"{title}_{now:%Y%m%d_%H%M%S}.xlsx", buffer.getvalue()


def _sheet_name(title: str) -> str:
    # Excel's limits for a sheet name: 31 characters, none of []:*?/\
    return re.sub(r"[\[\]:*?/\\]", "_", title)[:31] or "台账"


def _header_text(text: str) -> str:
    return text.replace("&", "&&")  # a page header's & starts a code


def _clean(value) -> str:
    return _ILLEGAL.sub("", str(value or ""))[:_MAX_TEXT]


def _cell_writer(workbook, column: Column) -> Callable[[Any, int, int, Any], None]:
    """How a column of numbers (the row's 序号 too) or dates writes its cell (row, col, value)."""
    if column.kind == NUMBER or column.value is None:

        def number(sheet, row, col, value):
            if value is not None and value != "":
                sheet.write_number(row, col, value)

        return number
    if column.kind in (DATE, DATETIME):
        fmt = workbook.add_format(
            {"num_format": DATE_FORMAT if column.kind == DATE else DATETIME_FORMAT, "valign": "top"}
        )

        def date(sheet, row, col, value):
            if not value:
                return  # no date is no cell, not "None"
            if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                # Excel has no time zones: the cell holds Beijing time, as the page shows it.
                value = timezone.localtime(value).replace(tzinfo=None)
            sheet.write_datetime(row, col, value, fmt)

        return date
    raise ValueError(f"no cell writer for a {column.kind} column")


def _text_format(workbook, column: Column):
    return workbook.add_format({"text_wrap": True, "valign": "top"} if column.wraps else {"valign": "top"})
