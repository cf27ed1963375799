"""CSV (UTF-8) and XLSX files with English or Chinese headers → rows keyed by field name."""

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
        raise TableFileError(
            [f"no {c} column (headers seen: {', '.join(map(str, header))})" for c in missing]
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
        raise TableFileError([f"the file is not a readable XLSX workbook: {type(exc).__name__}"]) from exc
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
            raise TableTooLarge([f"the sheet has more than {limits.max_rows} rows"])
        cells = list(row)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if len(cells) > limits.max_columns:
            raise TableTooLarge([f"row {n} has {len(cells)} columns; at most {limits.max_columns} are read"])
        for c in cells:
            if isinstance(c, str) and len(c) > limits.max_cell_chars:
                raise TableTooLarge(
                    [f"row {n} has a cell of {len(c)} characters (at most {limits.max_cell_chars})"]
                )
        out.append(cells)
    return out


def read_table(
    filename: str, data: bytes, limits: TableLimits | None = None
) -> tuple[list[Any], list[list[Any]]]:
    """Header and rows of a CSV (UTF-8, BOM allowed) or XLSX (first sheet) file, within `limits`.

    Blocking and CPU-bound: services call `read_table_async`, which runs it in a worker thread.
    """
    limits = limits or TableLimits()
    if data[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        _check_zip(data, limits)
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise TableFileError([f"the file is not a readable XLSX workbook: {type(exc).__name__}"]) from exc
        try:
            if not wb.worksheets:
                raise TableFileError(["the workbook has no sheet"])
            ws = wb.worksheets[0]
            # the declared <dimension> is the writer's word, not the content: read-only mode would
            # pad every row to it (A1:XFD1048576 is 1.7e10 cells from a 5 KB file)
            ws.reset_dimensions()
            rows = _bounded(ws.iter_rows(values_only=True), limits)
        except TableFileError:
            raise
        except Exception as exc:
            raise TableFileError([f"the sheet cannot be read: {type(exc).__name__}"]) from exc
        finally:
            wb.close()
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TableFileError([f"the file is not UTF-8 (byte {exc.start}); save it as UTF-8 CSV"]) from exc
        reader = csv.reader(io.StringIO(text))
        try:
            rows = _bounded(reader, limits)
        except csv.Error as exc:
            raise TableFileError([f"the CSV cannot be read at line {reader.line_num}: {exc}"]) from exc
    if not rows:
        raise TableFileError(["the file is empty"])
    return rows[0], rows[1:]


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
