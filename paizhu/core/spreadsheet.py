"""Ledgers as .xlsx that an office can file: one layout for every module, carrying the viewer's mark.

Row 1 names the ledger and the scope it was exported from; row 2 the period, the filters, the row count
and the export time (Beijing time); row 3 the watermark (viewer, time, audit chain head) and the
confidentiality line; row 4 the column titles — frozen on screen, repeated on every printed page, with an
autofilter over the data below it. Dates are date cells (yyyy-mm-dd), counts numbers, everything else
text (never a formula). Printed: A4 landscape, fitted to the page width, the watermark in the page
header, the confidentiality line and the page numbers in the footer.

Written by openpyxl's write-only mode: rows go to a temporary file as they come and are never held
as cell objects, so a 20,000-row ledger costs what its XML costs.
"""

import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

TEXT, DATE, DATETIME, NUMBER = "text", "date", "datetime", "number"
HEADER_ROW = 4
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
A4 = 9  # the paper size code of SpreadsheetML's page setup


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
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])  # Excel's limit for a sheet name
    last = get_column_letter(len(columns))
    for i, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.excel_width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(total, 1)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddHeader.center.text = watermark.replace("&", "&&")
    sheet.oddHeader.center.size = 8
    sheet.oddFooter.center.text = f"{confidential}　第 &P 页，共 &N 页"
    sheet.oddFooter.center.size = 8

    sheet.append([_text(sheet, f"{title}（{scope}）", Font(bold=True, size=14))])
    sheet.append(
        [
            _text(
                sheet,
                f"期间：{period}　筛选条件：{description}　共 {total} 条　导出时间：{now:%Y-%m-%d %H:%M}（北京时间）",
            )
        ]
    )
    sheet.append([_text(sheet, f"{watermark}　{confidential}", Font(size=9))])
    header = _Header()
    sheet.append([header.cell(sheet, c.title) for c in columns])
    writers = [(_writer(sheet, column), column.value) for column in columns]
    for number, obj in enumerate(objects, start=1):
        sheet.append([write(number if value is None else value(obj)) for write, value in writers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"{title}_{now:%Y%m%d_%H%M%S}.xlsx", buffer.getvalue()


class _Header:
    font = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE5F0")
    align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    border = Border(bottom=Side(style="thin"))

    def cell(self, sheet, title: str) -> Cell:
        cell = _text(sheet, title, self.font)
        cell.fill, cell.alignment, cell.border = self.fill, self.align, self.border
        return cell


_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def _writer(sheet, column: Column):
    """The cell maker of one column. Its style is resolved once and copied onto each cell: setting a style
    attribute per cell hashes the style into the workbook's list every time, a third of the file's cost."""
    if column.kind == NUMBER or column.value is None:
        return lambda value: value
    if column.kind in (DATE, DATETIME):
        style = _style(sheet, number_format=DATE_FORMAT if column.kind == DATE else DATETIME_FORMAT, alignment=_TOP)

        def write(value):
            if not value:
                return None
            if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                # Excel has no time zones: the cell holds Beijing time, as the page shows it.
                value = timezone.localtime(value).replace(tzinfo=None)
            cell = WriteOnlyCell(sheet, value=value)
            cell._style = copy(style)  # type: ignore[attr-defined]  # the stubs omit StyleableObject's slot
            return cell

        return write
    style = _style(sheet, alignment=_WRAP if column.wraps else _TOP)

    def write_text(value):
        cell = _text(sheet, value)
        cell._style = copy(style)  # type: ignore[attr-defined]
        return cell

    return write_text


def _style(sheet, **attributes):
    cell = WriteOnlyCell(sheet)
    for name, value in attributes.items():
        setattr(cell, name, value)
    return cell._style  # type: ignore[attr-defined]


def _text(sheet, value, font: Font | None = None) -> Cell:
    # Whatever users typed stays text: openpyxl would store "=..." as a formula, and control
    # characters make the file unreadable.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value or "")))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell
