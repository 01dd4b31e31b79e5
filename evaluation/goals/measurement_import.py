"""Import measurements from a CSV or XLSX file: read, preview with row errors, import.

Columns: ``indikator`` (an indicator's id or exact name in the initiative), ``fra``
and ``til`` (the period), ``værdi``, and optionally ``område`` (an area's name),
``kilde`` and ``note``. Danish Excel writes CSV with ";" and decimal commas
("12,5"); both that and "," with decimal points are read. Dates may be
YYYY-MM-DD, DD-MM-YYYY or DD.MM.YYYY, or date cells in XLSX.

A row for the same indicator, period and area as an existing measurement updates
it: there is never a second measurement for a period. Nothing is imported from a
file with errors unless the user chooses to import the valid rows.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actors.cpr import find_cpr
from actors.lifecycle import ensure_open
from actors.models import Area
from evaluation import series
from evaluation.access import may_enter_measurements
from evaluation.models import Indicator, Measurement

COLUMNS = ["indikator", "fra", "til", "værdi", "område", "kilde", "note"]
REQUIRED = ["indikator", "fra", "til", "værdi"]
ALIASES = {"vaerdi": "værdi", "omraade": "område", "omrade": "område"}
MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
UPDATED_FIELDS = ["value", "source", "note", "entered_by"]


class FileError(Exception):
    """The file as a whole cannot be read; nothing in it is previewed."""


@dataclass
class Row:
    line: int
    cells: dict  # column -> text as read (CPR numbers masked), for the preview and the session
    errors: list = field(default_factory=list)
    indicator: Indicator | None = None
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    value: Decimal | None = None
    area: Area | None = None
    existing_id: int | None = None

    @property
    def is_valid(self):
        return not self.errors

    @property
    def action(self):
        return "update" if self.existing_id else "create"

    def record(self):
        return [self.line, *(self.cells.get(c, "") for c in COLUMNS)]


@dataclass
class Preview:
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)

    @property
    def valid_rows(self):
        return [r for r in self.rows if r.is_valid]

    @property
    def error_rows(self):
        return [r for r in self.rows if not r.is_valid]

    @property
    def has_errors(self):
        return bool(self.file_errors or self.error_rows)

    def records(self):
        """The valid rows, small and JSON-friendly, to check again and import in a second request."""
        return [r.record() for r in self.valid_rows]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


# Reading ------------------------------------------------------------------------------


def read_upload(upload):
    """(columns, [(line, cells)]) from an uploaded CSV or XLSX file. Raises FileError."""
    if upload.size > MAX_BYTES:
        raise FileError(_("Filen er for stor. Den må højst fylde 2 MB."))
    data = upload.read(MAX_BYTES + 1)
    name = (upload.name or "").lower()
    if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith((".xls", ".ods", ".numbers")):
        raise FileError(_("Gem filen som CSV (UTF-8) eller XLSX og prøv igen."))
    return _read_csv(data)


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(_("Filen er ikke gemt som UTF-8. Vælg „CSV UTF-8“, når du gemmer i Excel.")) from error
    first_line = text.split("\n", 1)[0]
    # Sniff from the header only: data lines hold decimal commas, the header never does.
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise FileError(_("Filen er tom."))
    records = []
    for cells in reader:
        if any(c.strip() for c in cells):
            records.append((reader.line_num, [c.strip() for c in cells]))
            if len(records) > MAX_ROWS:
                break
    return header, records


def _read_xlsx(data):
    from openpyxl import load_workbook  # only the XLSX path pays for the import

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileError(_("Filen kan ikke læses som et XLSX-regneark.")) from error
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_cell_text(c) for c in next(rows, ())]
        records = []
        for line, cells in enumerate(rows, start=2):
            texts = [_cell_text(c) for c in cells]
            if any(texts):
                records.append((line, texts))
                if len(records) > MAX_ROWS:
                    break
    finally:
        workbook.close()
    while header and not header[-1]:
        header.pop()
    if not header:
        raise FileError(_("Filen er tom."))
    return header, records


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value).strip()


def parse_upload(upload, *, initiative, user=None):
    """The preview of an uploaded file: every row with its errors, or the file's errors."""
    try:
        header, records = read_upload(upload)
        columns = _columns(header)
    except FileError as error:
        return Preview(file_errors=[str(error)])
    if len(records) > MAX_ROWS:
        return Preview(file_errors=[_("Filen har mere end %(n)s rækker. Del den op.") % {"n": MAX_ROWS}])
    cells = []
    for line, values in records:
        if len(values) > len(columns) and any(values[len(columns) :]):
            return Preview(file_errors=[_("Række %(line)s har flere celler end der er kolonner.") % {"line": line}])
        cells.append((line, dict(zip(columns, values, strict=False))))
    return build_preview(initiative=initiative, records=cells, user=user)


def preview_from_records(*, initiative, records, user=None):
    """Check again the rows kept from an earlier preview (see Preview.records)."""
    return build_preview(
        initiative=initiative, records=[(r[0], dict(zip(COLUMNS, r[1:], strict=False))) for r in records], user=user
    )


def _columns(header):
    found = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    while found and not found[-1]:
        found.pop()
    unknown = [h for h in found if h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in found]
    duplicated = len(set(found)) != len(found)
    if unknown or missing or duplicated:
        raise FileError(
            _("Kolonnerne passer ikke. Forventet: %(expected)s (og evt. %(optional)s). Fundet: %(found)s.")
            % {
                "expected": ", ".join(REQUIRED),
                "optional": ", ".join(c for c in COLUMNS if c not in REQUIRED),
                "found": ", ".join(h or _("(tom)") for h in header) or _("ingen"),
            }
        )
    return found


# Checking ------------------------------------------------------------------------------


def build_preview(*, initiative, records, user=None):
    """Check each (line, cells) row against the initiative's indicators and existing measurements."""
    indicators = list(
        Indicator.objects.filter(goal__initiative=initiative).select_related("goal__initiative", "responsible")
    )
    by_id = {str(i.pk): i for i in indicators}
    by_name = {}
    for indicator in indicators:
        by_name.setdefault(indicator.name, []).append(indicator)
    areas = _areas({c.get("område", "") for _line, c in records})
    existing = {
        (m[1], m[2], m[3], m[4]): m[0]
        for m in Measurement.objects.filter(indicator__in=indicators).values_list(
            "pk", "indicator_id", "period_start", "period_end", "area_id"
        )
    }
    seen = {}
    rows = []
    for line, cells in records:
        row = Row(line=line, cells={c: cells.get(c, "") for c in COLUMNS})
        _check_row(row, by_id, by_name, areas, user)
        if row.indicator and row.period_start and row.period_end:
            key = (row.indicator.pk, row.period_start, row.period_end, row.area.pk if row.area else None)
            if key in seen:
                row.errors.append(_("Samme indikator, periode og område som række %(line)s.") % {"line": seen[key]})
            else:
                seen[key] = line
            row.existing_id = existing.get(key)
        rows.append(row)
    return Preview(rows=rows)


def _areas(names):
    names = {n.strip().lower() for n in names if n and n.strip()}
    found = {}
    for area in Area.objects.annotate(lower_name=Lower("name")).filter(lower_name__in=names):
        found.setdefault(area.lower_name, []).append(area)
    return found


def _check_row(row, by_id, by_name, areas, user):
    cells = row.cells
    for column, text in cells.items():
        cpr = find_cpr(text)
        if cpr:
            row.errors.append(
                _("Kolonnen „%(col)s“ ser ud til at indeholde et CPR-nummer. Personnumre må ikke indtastes.")
                % {"col": column}
            )
            cells[column] = text.replace(cpr, cpr[:6] + "-XXXX")
    _check_indicator(row, by_id, by_name, user)
    row.period_start = _date(row, "fra")
    row.period_end = _date(row, "til")
    raw, unit = split_unit(cells["værdi"])
    try:
        row.value = parse_number(raw)
    except ValueError:
        row.errors.append(_("Værdien „%(v)s“ er ikke et tal.") % {"v": cells["værdi"]})
    indicator = getattr(row, "indicator", None)
    if indicator is not None:
        message = unit_error(indicator, unit, getattr(row, "value", None))
        if message:
            row.errors.append(message)
    if cells["område"]:
        matches = areas.get(cells["område"].strip().lower(), [])
        if len(matches) == 1:
            row.area = matches[0]
        else:
            message = _("Ukendt område „%(a)s“.") if not matches else _("Flere områder hedder „%(a)s“.")
            row.errors.append(message % {"a": cells["område"]})
    if not row.errors:
        _model_rules(row)


def _check_indicator(row, by_id, by_name, user):
    ref = row.cells["indikator"].strip()
    candidates = [by_id[ref]] if ref in by_id else by_name.get(ref, [])
    if not candidates:
        row.errors.append(_("Ukendt indikator „%(i)s“ i denne indsats.") % {"i": ref})
        return
    if len(candidates) > 1:
        row.errors.append(_("Flere indikatorer hedder „%(i)s“. Brug indikatorens nummer.") % {"i": ref})
        return
    indicator = candidates[0]
    if indicator.method == Indicator.Method.DERIVED:
        row.errors.append(_("„%(i)s“ beregnes af platformen; dens værdier kan ikke indtastes.") % {"i": indicator})
    elif user is not None and not may_enter_measurements(user, indicator):
        row.errors.append(_("Du kan ikke indtaste målinger for „%(i)s“.") % {"i": indicator})
    else:
        row.indicator = indicator


def _date(row, column):
    text = row.cells[column].strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    row.errors.append(
        _("„%(col)s“: „%(v)s“ er ikke en dato. Skriv ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ.") % {"col": column, "v": text}
    )
    return None


def split_unit(text):
    """ "12,5 %" → ("12,5", "%"); a value typed with its unit is checked against the indicator's."""
    match = re.fullmatch(r"\s*([-+\u2212]?[\d.,\s\u00a0]*\d)\s*(%|[^\d\s].*?)?\s*", text or "")
    if not match:
        return text, ""
    return match.group(1), (match.group(2) or "").strip()


def unit_error(indicator, unit, value):
    """A clear message when a value does not fit the indicator's unit, else None."""
    expected = indicator.unit.strip()
    if unit and unit.lower() != expected.lower():
        return _("Værdien er angivet i „%(u)s“, men „%(i)s“ måles i „%(e)s“.") % {
            "u": unit,
            "i": indicator,
            "e": expected,
        }
    if expected == "%" and value is not None and not (0 <= value <= 100):
        return _("En procentværdi skal ligge mellem 0 og 100.")
    return None


def parse_number(text):
    """A Decimal from "12,5", "12.5", "1.234,5" or "1,234.5"; ValueError otherwise."""
    t = text.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if "," in t and "." in t:
        thousands = "." if t.rfind(",") > t.rfind(".") else ","
        t = t.replace(thousands, "").replace(",", ".")
    else:
        t = t.replace(",", ".")
    if not NUMBER.fullmatch(t):
        raise ValueError(text)
    try:
        return Decimal(t)
    except InvalidOperation as error:
        raise ValueError(text) from error


def _model_rules(row):
    """The model's own rules (period inside the initiative, lengths, digits), without database checks."""
    measurement = _measurement(row, by=None)
    try:
        measurement.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            label = "" if name == NON_FIELD_ERRORS else f"{Measurement._meta.get_field(name).verbose_name}: "
            row.errors.extend(f"{label}{m}" for m in messages)


def _measurement(row, by):
    return Measurement(
        indicator=row.indicator,
        period_start=row.period_start,
        period_end=row.period_end,
        value=row.value,
        area=row.area,
        source=row.cells["kilde"],
        note=row.cells["note"],
        entered_by=by,
    )


# Importing -------------------------------------------------------------------------------


def import_rows(valid_rows, by):
    """Create or update a measurement per valid row, all or nothing."""
    rows = [r for r in valid_rows if r.is_valid]
    for initiative in {r.indicator.goal.initiative for r in rows}:
        ensure_open(initiative, _("målinger"))
    try:
        with transaction.atomic():
            current = Measurement.objects.select_for_update().in_bulk([r.existing_id for r in rows if r.existing_id])
            new, changed = [], []
            for row in rows:
                measurement = current.get(row.existing_id)
                if measurement is None:
                    new.append(_measurement(row, by))
                    continue
                measurement.value, measurement.source, measurement.note = (
                    row.value,
                    row.cells["kilde"],
                    row.cells["note"],
                )
                measurement.entered_by = by
                changed.append(measurement)
            bulk_create_with_history(new, Measurement, batch_size=500, default_user=by)
            bulk_update_with_history(changed, Measurement, UPDATED_FIELDS, batch_size=500, default_user=by)
            touched = {m.indicator_id for m in new} | {m.indicator_id for m in changed}
            for indicator in Indicator.objects.filter(pk__in=touched):
                series.store(indicator)  # the pages read the stored series: refreshed with the import
    except IntegrityError as error:
        # Someone entered a measurement for the same period since the preview was made.
        raise ValidationError(_("Målingerne er ændret, mens du så forhåndsvisningen. Upload filen igen.")) from error
    return ImportResult(created=len(new), updated=len(changed))
