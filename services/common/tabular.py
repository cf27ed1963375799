"""CSV (UTF-8) and XLSX files with English or Chinese headers → rows keyed by field name."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any


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


def read_table(filename: str, data: bytes) -> tuple[list[Any], list[list[Any]]]:
    """Header and rows of a CSV (UTF-8, BOM allowed) or XLSX (first sheet) file."""
    if data[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise TableFileError([f"the file is not a readable XLSX workbook: {exc}"]) from exc
        rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        wb.close()
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TableFileError([f"the file is not UTF-8 (byte {exc.start}); save it as UTF-8 CSV"]) from exc
        rows = [list(r) for r in csv.reader(io.StringIO(text))]
    if not rows:
        raise TableFileError(["the file is empty"])
    return rows[0], rows[1:]


def write_csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so spreadsheet programs read the Chinese headers right."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([[_out(v) for v in r] for r in rows])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_xlsx(sheet: str, headers: list[str], rows: list[list[Any]]) -> bytes:
    """One sheet; numbers stay numbers (Decimal → number shown with two places)."""
    return write_workbook([(sheet, headers, rows)])


def write_workbook(sheets: list[tuple[str, list[str], list[list[Any]]]]) -> bytes:
    """One sheet per (name, headers, rows); money (Decimal) is a number formatted with two places."""
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    for name, headers, rows in sheets:
        ws = wb.create_sheet(name[:31])
        ws.append(headers)
        for r in rows:
            cells: list[Any] = []
            for v in r:
                if isinstance(v, Decimal):
                    cell = WriteOnlyCell(ws, value=float(v))
                    cell.number_format = "#,##0.00"
                    cells.append(cell)
                else:
                    cells.append(_out(v))
            ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _out(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value
