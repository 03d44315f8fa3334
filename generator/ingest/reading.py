"""Reading an export file into rows of text cells, whatever its container and encoding.

Every cell comes back as text (or None when empty) so that staff ids and phones never pass
through a float; Excel's own dates come back as ISO text and its numbers in full.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import ExportTooLarge, IngestError

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000  # far more questions than any form has
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
CSV_SUFFIXES = (".csv", ".txt", ".tsv")


@dataclass
class Sheet:
    """The cells of an export: ``rows[i]`` is the row the officer sees as number ``i + 1``."""

    rows: list[list[str | None]]
    source: str
    container: str  # csv, xlsx or xls
    encoding: str | None = None


def read_export(path: Path) -> Sheet:
    """Read a CSV, XLSX or XLS export; raise IngestError when it cannot be read safely."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"无法读取文件 {path.name}：{exc.strerror}", code="export-unreadable") from exc
    if size > MAX_FILE_BYTES:
        raise ExportTooLarge(f"文件 {path.name} 有 {size // 1024 // 1024} MB，"
                             f"超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限。")
    head = path.read_bytes()[:8]
    if head.startswith(b"PK"):
        return _read_xlsx(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _read_xls(path)
    if path.suffix.lower() in (".xlsx", ".xls"):
        raise IngestError(f"文件 {path.name} 的扩展名是 {path.suffix}，但内容不是 Excel 表格；请重新下载。",
                          code="export-unreadable")
    return _read_csv(path)


# CSV -----------------------------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, str]:
    """Return the text and the encoding used: a BOM first, then strict UTF-8, then GB18030.

    GB18030 rather than GBK: it decodes everything GBK does, plus the rare characters in
    people's names (䶮, 𠮷) that GBK lacks.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise IngestError("无法识别文件的文字编码（不是 UTF-8、UTF-16 或 GB18030）；请在 Excel 中另存为“CSV UTF-8”。",
                      code="unknown-encoding")


def _read_csv(path: Path) -> Sheet:
    text, encoding = decode_text(path.read_bytes())
    dialect = _dialect(text)
    csv.field_size_limit(MAX_CELL_CHARS + 1)
    rows: list[list[str | None]] = []
    returns = "\r" in text
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            _check_row_count(len(rows))
            # A row at a time where it can be (a call for each of a million cells took 0.5 s):
            # only a row with a long cell or a line break inside a cell needs each cell looked at.
            if row and (max(map(len, row)) > MAX_CELL_CHARS or (returns and "\r" in "".join(row))):
                rows.append([_text_cell(cell) for cell in row])
            else:
                rows.append([cell or None for cell in row])
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ExportTooLarge(f"CSV 文件第 {len(rows) + 1} 行有一个单元格超过 {MAX_CELL_CHARS} 个字符，"
                                 "文件可能已损坏。") from exc
        raise IngestError(f"CSV 文件第 {len(rows) + 1} 行格式有误：{exc}", code="export-unreadable") from exc
    return Sheet(rows, path.name, "csv", encoding)


class _ExportDialect(csv.excel):
    """Quotes are always ``"`` (an answer starting with ``'`` must not swallow the rows after it)."""


def _dialect(text: str) -> type[csv.Dialect]:
    sample = text[:20_000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
    except csv.Error:
        delimiter = ","
    return type("Export", (_ExportDialect,), {"delimiter": delimiter})


def _text_cell(value: str) -> str | None:
    if len(value) > MAX_CELL_CHARS:
        raise ExportTooLarge(f"有一个单元格超过 {MAX_CELL_CHARS} 个字符，文件可能已损坏。")
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value if value != "" else None


def _check_row_count(count: int) -> None:
    if count >= MAX_ROWS:
        raise ExportTooLarge(f"文件超过 {MAX_ROWS} 行的上限；请分批导出。")


# XLSX ----------------------------------------------------------------------------------------

def _read_xlsx(path: Path) -> Sheet:
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise IngestError(f"文件 {path.name} 不是有效的 xlsx 文件（{exc}）。", code="export-unreadable") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ExportTooLarge(f"xlsx 文件解压后有 {unpacked // 1024 // 1024} MB，超过上限，文件可能异常。")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise IngestError(f"无法打开 xlsx 文件 {path.name}：{exc}", code="export-unreadable") from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the file's declared size may be a lie; read what is there
        rows: list[list[str | None]] = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            _check_row_count(len(rows))
            cells = [_excel_cell(value) for value in row]
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(cells)
    finally:
        workbook.close()
    return Sheet(_trim_trailing_empty(rows), path.name, "xlsx")


def _read_xls(path: Path) -> Sheet:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError and struct errors for damaged files
        raise IngestError(f"无法打开 xls 文件 {path.name}：{exc}", code="export-unreadable") from exc
    try:
        sheet = book.sheet_by_index(0)
        if sheet.nrows > MAX_ROWS:
            raise ExportTooLarge(f"文件超过 {MAX_ROWS} 行的上限；请分批导出。")
        rows = []
        for index in range(sheet.nrows):
            cells = []
            for cell in sheet.row(index):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    cells.append(_excel_cell(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
                else:
                    cells.append(_excel_cell(cell.value))
            rows.append(cells)
    finally:
        book.release_resources()
    return Sheet(_trim_trailing_empty(rows), path.name, "xls")


def _excel_cell(value: Any) -> str | None:
    """Return a spreadsheet value as text: whole numbers without ``.0``, dates in ISO form."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ") if value.microsecond < 500_000 else \
            (value.replace(microsecond=0) + dt.timedelta(seconds=1)).isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return _text_cell(str(value))


def _trim_trailing_empty(rows: list[list[str | None]]) -> list[list[str | None]]:
    while rows and not any(rows[-1]):
        rows.pop()
    return rows
