"""Table files as offices have them → rows keyed by field name.

Read: XLSX (openpyxl), XLS (Excel 97–2003, through calamine), CSV in UTF-8 (with or without a byte-order
mark), GB18030/GBK (what Excel on Chinese Windows writes for "CSV (逗号分隔)") or UTF-16 (Excel's
"Unicode 文本", tab-separated); English or Chinese headers. The format is told by the bytes, not the
file's name.
"""

from __future__ import annotations

import asyncio
import csv
import io
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from services.common.errors import APIError
from services.common.i18n import t


class TableFileError(ValueError):
    """The file as a whole cannot be read; `errors` lists every reason."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def normalise_rows(
    header: list[Any],
    rows: list[list[Any]],
    *,
    header_aliases: Mapping[str, str],
    value_aliases: Mapping[str, Mapping[str, str]] | None = None,
    required_columns: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """Rows as dicts keyed by canonical field names; blank rows dropped, blank cells left out."""
    keys: list[str | None] = []
    for h in header:
        name = str(h).strip().lstrip("\ufeff") if h is not None else ""
        keys.append(header_aliases.get(name) or header_aliases.get(name.lower()))
    missing = [c for c in required_columns if c not in keys]
    if missing:
        seen = ", ".join(map(str, header))
        raise TableFileError(
            [
                t("no {c} column (headers seen: {seen})", "缺少“{c}”列（表头为：{seen}）", c=c, seen=seen)
                for c in missing
            ]
        )
    value_aliases = value_aliases or {}
    items = []
    for row in rows:
        if all(c is None or str(c).strip() == "" for c in row):
            continue
        item: dict[str, Any] = {}
        for key, cell in zip(keys, row, strict=False):
            if key is None or cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            value = _cell(cell)
            if key in value_aliases:
                value = value_aliases[key].get(value, value)
            item[key] = value
        items.append(item)
    return items


@dataclass(frozen=True)
class TableLimits:
    """Hard caps on an uploaded table, checked while it is read (never after materialising it)."""

    max_rows: int = 500_000
    max_columns: int = 200
    max_cell_chars: int = 32_767  # Excel's own cap on a cell
    max_uncompressed_bytes: int = 512 * 1024 * 1024  # every part of the XLSX zip together
    max_compression_ratio: int = 200  # a part that inflates more than this is a zip bomb


class TableTooLarge(TableFileError):
    """The file exceeds a cap (413): the reason names the cap."""


def _check_zip(data: bytes, limits: TableLimits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TableFileError(
            [
                t(
                    "the file is not a readable XLSX workbook: {e}",
                    "文件不是可读取的 XLSX 工作簿（{e}）",
                    e=type(exc).__name__,
                )
            ]
        ) from exc
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise TableTooLarge(
            [f"the workbook unpacks to {total} bytes; at most {limits.max_uncompressed_bytes} are read"]
        )
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > limits.max_compression_ratio * max(
            info.compress_size, 1
        ):
            raise TableTooLarge(
                [
                    f"workbook part {info.filename[:80]} inflates {info.file_size // max(info.compress_size, 1)} "
                    f"times (at most {limits.max_compression_ratio}): refused as a zip bomb"
                ]
            )


def _bounded(rows: Iterator[Sequence[Any]], limits: TableLimits) -> list[list[Any]]:
    """Materialise rows one at a time, refusing the file at the first row beyond a cap."""
    out: list[list[Any]] = []
    for n, row in enumerate(rows, start=1):
        if n > limits.max_rows + 1:  # + 1: the header
            raise TableTooLarge([t("the sheet has more than {n} rows", "工作表超过{n}行", n=limits.max_rows)])
        cells = list(row)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if len(cells) > limits.max_columns:
            raise TableTooLarge(
                [
                    t(
                        "row {n} has {c} columns; at most {m} are read",
                        "第{n}行有{c}列，最多读取{m}列",
                        n=n,
                        c=len(cells),
                        m=limits.max_columns,
                    )
                ]
            )
        for c in cells:
            if isinstance(c, str) and len(c) > limits.max_cell_chars:
                raise TableTooLarge(
                    [f"row {n} has a cell of {len(c)} characters (at most {limits.max_cell_chars})"]
                )
        out.append(cells)
    return out


XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 compound file: Excel 97–2003


def read_table(
    filename: str, data: bytes, limits: TableLimits | None = None
) -> tuple[list[Any], list[list[Any]]]:
    """Header and rows of the first sheet of an XLSX/XLS file or of a CSV, within `limits`.

    Blocking and CPU-bound: services call `read_table_async`, which runs it in a worker thread.
    """
    limits = limits or TableLimits()
    if data[:2] == b"PK":
        rows = _xlsx_rows(data, limits)
    elif data[:8] == XLS_MAGIC:
        rows = _xls_rows(data, limits)
    elif filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise TableFileError(
            [
                t(
                    "{f} is named as a workbook but is not an Excel file",
                    "文件扩展名为{f}，但内容不是 Excel 工作簿",
                    f=filename[-5:],
                )
            ]
        )
    else:
        rows = _csv_rows(data, limits)
    if not rows:
        raise TableFileError([t("the file is empty", "文件是空的")])
    return rows[0], rows[1:]


def _xlsx_rows(data: bytes, limits: TableLimits) -> list[list[Any]]:
    from openpyxl import load_workbook

    _check_zip(data, limits)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise TableFileError(
            [
                t(
                    "the file is not a readable XLSX workbook: {e}",
                    "文件不是可读取的 XLSX 工作簿（{e}）",
                    e=type(exc).__name__,
                )
            ]
        ) from exc
    try:
        if not wb.worksheets:
            raise TableFileError([t("the workbook has no sheet", "工作簿中没有工作表")])
        ws = wb.worksheets[0]
        # the declared <dimension> is the writer's word, not the content: read-only mode would
        # pad every row to it (A1:XFD1048576 is 1.7e10 cells from a 5 KB file)
        ws.reset_dimensions()
        return _bounded(ws.iter_rows(values_only=True), limits)
    except TableFileError:
        raise
    except Exception as exc:
        raise TableFileError(
            [t("the sheet cannot be read: {e}", "工作表无法读取（{e}）", e=type(exc).__name__)]
        ) from exc
    finally:
        wb.close()


def _xls_rows(data: bytes, limits: TableLimits) -> list[list[Any]]:
    """The first sheet of an Excel 97–2003 workbook (BIFF8), read by calamine (Rust) row by row."""
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not wb.sheet_names:
            raise TableFileError([t("the workbook has no sheet", "工作簿中没有工作表")])
        sheet = wb.get_sheet_by_index(0)
        return _bounded(sheet.iter_rows(), limits)
    except TableFileError:
        raise
    except Exception as exc:
        raise TableFileError(
            [
                t(
                    "the file is not a readable XLS workbook: {e}",
                    "文件不是可读取的 XLS 工作簿（{e}）",
                    e=type(exc).__name__,
                )
            ]
        ) from exc


def decode_text(data: bytes) -> str:
    """The text of a CSV as offices save it: a byte-order mark says UTF-8 or UTF-16; without one, UTF-8
    if it decodes, else GB18030 (a superset of GBK, Excel's ANSI code page on Chinese Windows)."""
    if data[:3] == b"\xef\xbb\xbf":
        encodings = ["utf-8-sig"]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableFileError(
        [
            t(
                "the file is neither UTF-8 nor GB18030/GBK text; save it as CSV (UTF-8 or 逗号分隔) or as .xlsx",
                "文件既不是 UTF-8 也不是 GB18030/GBK 编码的文本，请另存为 CSV（UTF-8 或逗号分隔）或 .xlsx",
            )
        ]
    )


def _csv_rows(data: bytes, limits: TableLimits) -> list[list[Any]]:
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    # Excel's "Unicode text" is tab-separated; a CSV is comma-separated
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return _bounded(reader, limits)
    except csv.Error as exc:
        raise TableFileError(
            [
                t(
                    "the CSV cannot be read at line {n}: {e}",
                    "CSV 第{n}行无法读取：{e}",
                    n=reader.line_num,
                    e=str(exc),
                )
            ]
        ) from exc


def file_error(exc: TableFileError) -> APIError:
    """The HTTP answer for a file that cannot be read: 413 past a cap, else 422, every reason listed."""
    if isinstance(exc, TableTooLarge):
        return APIError(413, "file_too_large", "the file exceeds a limit", exc.errors)
    return APIError(422, "unreadable_file", "the file cannot be read", exc.errors)


async def read_table_async(
    filename: str, data: bytes, limits: TableLimits | None = None
) -> tuple[list[Any], list[list[Any]]]:
    """`read_table` in a worker thread, so the event loop (relay, consumers, requests) keeps running."""
    return await asyncio.to_thread(read_table, filename, data, limits)


# a spreadsheet program evaluates a cell that starts with one of these (CSV injection / DDE)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: str) -> str:
    """A text cell a spreadsheet shows as text: a leading formula character gets a `'` before it."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def write_csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (spreadsheet programs read the Chinese headers right); text
    cells that would start a formula are neutralised with a leading `'`; numbers stay numbers."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    writer.writerows([[_csv_cell(v) for v in r] for r in rows])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_xlsx(sheet: str, headers: list[str], rows: list[list[Any]]) -> bytes:
    """One sheet; numbers stay numbers (Decimal → number shown with two places)."""
    return write_workbook([(sheet, headers, rows)])


def write_workbook(sheets: list[tuple[str, list[str], list[list[Any]]]]) -> bytes:
    """One sheet per (name, headers, rows); money (Decimal) is a number formatted with two places.

    Every text cell is written as a string cell (openpyxl would store `=…` as a formula), so a name
    like `=HYPERLINK(…)` is shown, never evaluated.
    """
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    for name, headers, rows in sheets:
        ws = wb.create_sheet(name[:31])
        ws.append([_text_cell(ws, h) for h in headers])
        for r in rows:
            cells: list[Any] = []
            for v in r:
                if isinstance(v, Decimal):
                    cell = WriteOnlyCell(ws, value=float(v))
                    cell.number_format = "#,##0.00"
                    cells.append(cell)
                else:
                    out = _out(v)
                    cells.append(_text_cell(ws, out) if isinstance(out, str) else out)
            ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text_cell(ws: Any, value: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _csv_cell(value: Any) -> Any:
    out = _out(value)
    return neutralise(out) if isinstance(out, str) else out


def _out(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def attachment(filename: str) -> str:
    """A `Content-Disposition` value for any file name: an ASCII fallback plus RFC 5987 UTF-8."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename)
    return f"attachment; filename=\"{fallback[:150]}\"; filename*=UTF-8''{quote(filename[:150], safe='')}"
