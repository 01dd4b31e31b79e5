"""Tables to CSV and XLSX, as Danish Excel opens them; shared by every app's exports.

A table is a title, a header row and rows of plain values: str, int, Decimal,
float, date, datetime or None. CSV is UTF-8 with a BOM, semicolon-separated,
with a decimal comma; XLSX keeps numbers as numbers and dates as dates. Text a
spreadsheet would run as a formula is neutralised with a leading apostrophe.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    title: str
    headers: list
    rows: list = field(default_factory=list)


def safe_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def csv_text(value):
    value = _local(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(safe_cell(str(value)))


def to_csv(table):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([csv_text(h) for h in table.headers])
    writer.writerows([csv_text(v) for v in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8")


def _xlsx_value(value):
    value = _local(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (int, float, datetime.date)) or value is None:
        return value
    return safe_cell(str(value))


def to_xlsx(tables):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(str(table.title)[:31] or "Ark")
        sheet.append([str(h) for h in table.headers])
        for row in table.rows:
            sheet.append([_xlsx_value(v) for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(fmt, name, tables):
    """The download of `tables` (CSV: the first only) as `name.fmt`; an unknown format is a 404."""
    if fmt not in FORMATS:
        raise Http404
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(tables), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(to_csv(tables[0]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
