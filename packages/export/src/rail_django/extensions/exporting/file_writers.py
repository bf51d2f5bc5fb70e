"""Writing rows as CSV (a stream of text) or XLSX (openpyxl's write-only workbook).

Both keep memory flat whatever the row count: CSV yields each chunk as it is encoded; the
write-only workbook streams rows into a temporary file (with lxml when it is installed) and only
the finished file is kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

from rail_django.extensions.exporting.cell_values import csv_converter, csv_value, xlsx_value
from rail_django.extensions.exporting.columns import Column

#: Excel opens UTF-8 CSV correctly only with a byte-order mark.
BOM = "\ufeff"
Progress = Callable[[int], None]


def _internal_type(column: Column) -> str | None:
    if column.masked or column.many_at is not None:
        return None  # a mask value or joined text: converted value by value
    field = column.last.field
    return field.get_internal_type() if hasattr(field, "get_internal_type") else None


def csv_chunks(
    columns: Sequence[Column],
    rows: Iterable[list[Any]],
    *,
    escape: bool,
    rows_per_chunk: int = 500,
    progress: Progress | None = None,
) -> Iterator[bytes]:
    """The CSV file, in UTF-8 chunks of about ``rows_per_chunk`` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([csv_value(c.title, escape) for c in columns])
    converters = [
        (index, converter)
        for index, column in enumerate(columns)
        if (converter := csv_converter(_internal_type(column), escape)) is not None
    ]
    count = 0
    batch: list[Any] = []
    for row in rows:
        for index, converter in converters:
            row[index] = converter(row[index])
        batch.append(row)
        if len(batch) == rows_per_chunk:
            writer.writerows(batch)
            count += len(batch)
            batch = []
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            if progress is not None:
                progress(count)
    if batch:
        writer.writerows(batch)
        count += len(batch)
    tail = buffer.getvalue()
    if tail:
        yield tail.encode("utf-8")
    if progress is not None:
        progress(count)


def write_xlsx(
    target: IO[bytes],
    columns: Sequence[Column],
    rows: Iterable[list[Any]],
    *,
    escape: bool,
    sheet_title: str,
    progress: Progress | None = None,
    progress_every: int = 1000,
) -> int:
    """Write the workbook into ``target``; the number of data rows written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31] or "Export")
    # Widths must be set before the first row in write-only mode.
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width(column)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=xlsx_value(column.title, escape))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([xlsx_value(value, escape) for value in row])
        count += 1
        if progress is not None and count % progress_every == 0:
            progress(count)
    workbook.save(target)
    if progress is not None:
        progress(count)
    return count


def column_width(column: Column) -> float:
    """A width that shows the title and a typical value of the column's type."""
    field = column.last.field
    internal = field.get_internal_type() if hasattr(field, "get_internal_type") else ""
    typical = {
        "DateTimeField": 20,
        "DateField": 12,
        "DecimalField": 14,
        "BooleanField": 8,
        "IntegerField": 10,
        "BigIntegerField": 14,
        "FloatField": 12,
        "TextField": 40,
    }.get(internal, min(max(getattr(field, "max_length", None) or 16, 10), 40))
    if column.many_at is not None:
        typical = 40
    return float(min(max(len(column.title) + 2, typical), 60))


def content_type(extension: str) -> str:
    if extension == "csv":
        return "text/csv; charset=utf-8"
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


__all__ = ["column_width", "content_type", "csv_chunks", "write_xlsx"]
