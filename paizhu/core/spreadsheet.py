"""Exports as .xlsx: one layout for every module, carrying the viewer's mark.

Rows 1-3 hold the watermark (viewer, time, audit chain head), the filters in words and the row
count with the confidentiality line; row 5 the column titles; data from row 6. Printed pages repeat
the watermark in the header. Every cell but the first column (序号 / 序列号) is written as text.
"""

import io
from collections.abc import Iterable, Sequence

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


def watermarked_xlsx(
    *,
    title: str,
    watermark: str,
    description: str,
    total: int,
    confidential: str,
    columns: Sequence[tuple[str, int]],
    rows: Iterable[Sequence],
) -> tuple[str, bytes]:
    """(file name, content) of a sheet titled `title` with `columns` (title, width) and `rows`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.oddHeader.center.text = watermark
    sheet.oddFooter.center.text = f"{confidential} 第 &P 页，共 &N 页"
    for i, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A6"
    bold = Font(bold=True)
    sheet.append([text_cell(sheet, watermark, bold)])
    sheet.append([text_cell(sheet, f"{title}　筛选条件：{description}")])
    sheet.append([text_cell(sheet, f"共 {total} 条记录。{confidential}")])
    sheet.append([])
    sheet.append([text_cell(sheet, name, bold) for name, _ in columns])
    for row in rows:
        sheet.append([row[0], *(text_cell(sheet, value) for value in row[1:])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"{title}_{timezone.localtime():%Y%m%d_%H%M%S}.xlsx", buffer.getvalue()


def text_cell(sheet, value, font: Font | None = None) -> Cell:
    # Whatever users typed stays text: openpyxl would store "=..." as a formula, and control
    # characters make the file unreadable.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value or "")))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell
