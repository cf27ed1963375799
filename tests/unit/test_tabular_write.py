"""Exports: formula-looking text stays text (hole 6), file names of any script (hole 12)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from services.common.tabular import attachment, neutralise, write_csv, write_workbook

EVIL = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "＝1", "plain", "a=b"]


@pytest.mark.parametrize("text", EVIL)
def test_neutralise_only_leading_triggers(text: str) -> None:
    out = neutralise(text)
    assert out == (text if text in ("plain", "a=b") else "'" + text)


def test_csv_text_is_neutralised_and_numbers_are_not() -> None:
    body = write_csv(["名称", "=h"], [[t, Decimal("-1.50")] for t in EVIL]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["名称", "'=h"]
    assert [r[0] for r in rows[1:]] == [neutralise(t) for t in EVIL]
    assert {r[1] for r in rows[1:]} == {"-1.50"}


def test_xlsx_text_cells_are_strings_never_formulas() -> None:
    data = write_workbook([("s", ["=h"], [[t, Decimal("2.5")] for t in EVIL])])
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert [c.value for c in ws["A"]] == ["=h", *EVIL]
    assert all(c.value == 2.5 and c.data_type == "n" for c in ws["B"][1:])


@pytest.mark.parametrize("name", ["outcomes-all.csv", "贴息2022Q1.xlsx", 'a"b;c\\d.csv', "x\r\ny.csv"])
def test_attachment_header_is_ascii_and_round_trips(name: str) -> None:
    from urllib.parse import unquote

    value = attachment(name)
    assert value.isascii() and "\r" not in value and "\n" not in value
    assert unquote(value.split("filename*=UTF-8''")[1]) == name
    value.encode("latin-1")
