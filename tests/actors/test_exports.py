"""Tables to CSV and XLSX as Danish Excel opens them."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from actors.exports import Table, to_csv, to_xlsx

TABLE = Table(
    "Sager",
    ["navn", "antal", "andel", "dato", "note"],
    [
        ["Askovgården", 3, Decimal("12.50"), datetime.date(2013, 5, 2), "=SUM(A1:A9)"],
        ["Sjakket", 0, 0.25, None, "@kald"],
    ],
)


def test_csv_has_bom_semicolons_decimal_comma_and_no_formulas():
    text = to_csv(TABLE).decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "navn;antal;andel;dato;note"
    assert lines[1] == "Askovgården;3;12,5;2013-05-02;'=SUM(A1:A9)"
    assert lines[2] == "Sjakket;0;0,25;;'@kald"


def test_xlsx_keeps_numbers_and_dates_typed_and_neutralises_formulas():
    sheet = load_workbook(io.BytesIO(to_xlsx([TABLE]))).active
    assert sheet.title == "Sager"
    row = [c.value for c in sheet[2]]
    assert row[1] == 3 and row[2] == 12.5
    assert isinstance(row[3], datetime.datetime) and row[3].date() == datetime.date(2013, 5, 2)
    assert sheet["D2"].number_format == "yyyy-mm-dd"
    assert row[4] == "'=SUM(A1:A9)" and sheet["E2"].data_type == "s"
