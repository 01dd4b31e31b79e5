"""Importing measurements from CSV and XLSX: row errors in a preview, nothing imported unless chosen."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation.goals import services as goal_services
from evaluation.goals.measurement_import import MAX_ROWS, import_rows, parse_upload
from evaluation.goals.views import IMPORT_SESSION_KEY
from evaluation.models import Measurement

CPR = "010190-1234"


@pytest.fixture
def indicators(world):
    vision = goal_services.goal_create(
        initiative=world["initiative"], data={"level": "vision", "title": "Et trygt Indre Nørrebro"}
    )
    base = {"dimension": "effect", "unit": "antal", "direction": "down"}
    reports = goal_services.indicator_create(goal=vision, data={**base, "name": "Anmeldelser"})
    safety = goal_services.indicator_create(
        goal=vision, data={**base, "name": "Utrygge beboere", "unit": "%", "responsible": world["askov"]}
    )
    meetings = goal_services.indicator_create(
        goal=vision,
        data={**base, "name": "Afholdte møder", "direction": "up", "method": "derived", "derived_key": "meetings_held"},
    )
    return {"reports": reports, "safety": safety, "meetings": meetings}


def imported(indicators):
    """Measurements of this module's indicators (the shared world may hold others)."""
    return Measurement.objects.filter(indicator__in=indicators.values())


def csv_file(text, name="maalinger.csv", bom=False):
    data = text.encode("utf-8")
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data, content_type="text/csv")


def preview_of(world, text, user=None, **kwargs):
    return parse_upload(csv_file(text, **kwargs), initiative=world["initiative"], user=user)


def errors_of(preview):
    return [e for row in preview.rows for e in row.errors]


# Reading ---------------------------------------------------------------------------------


def test_danish_excel_csv_with_semicolons_decimal_commas_and_a_bom_is_read(world, indicators):
    preview = preview_of(world, "indikator;fra;til;værdi\nAnmeldelser;01-01-2012;31.12.2012;12,5\n", bom=True)
    assert not preview.has_errors
    row = preview.rows[0]
    assert (row.indicator, row.value) == (indicators["reports"], Decimal("12.5"))
    assert (row.period_start, row.period_end) == (datetime.date(2012, 1, 1), datetime.date(2012, 12, 31))


def test_comma_separated_csv_with_decimal_points_and_indicator_ids_is_read(world, indicators):
    pk = indicators["reports"].pk
    preview = preview_of(world, f"indikator,fra,til,værdi,område\n{pk},2012-01-01,2012-12-31,1234.5,Politikreds 8\n")
    row = preview.rows[0]
    assert not preview.has_errors and row.value == Decimal("1234.5") and row.area == world["area"]


def test_wrong_columns_are_a_file_error_naming_expected_and_found(world, indicators):
    preview = preview_of(world, "indicator;from;to;value\nAnmeldelser;2012-01-01;2012-12-31;3\n")
    assert not preview.rows
    [error] = preview.file_errors
    assert "Forventet: indikator, fra, til, værdi" in error and "Fundet: indicator, from, to, value" in error


def test_more_than_the_row_limit_is_refused_whole(world, indicators):
    lines = "".join(f"Anmeldelser;2012-01-01;2012-01-01;{i}\n" for i in range(MAX_ROWS + 1))
    preview = preview_of(world, "indikator;fra;til;værdi\n" + lines)
    assert preview.file_errors and not preview.rows


def test_an_xlsx_workbook_with_date_and_number_cells_is_read(world, indicators):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indikator", "fra", "til", "værdi", "kilde"])
    sheet.append(["Anmeldelser", datetime.datetime(2012, 1, 1), datetime.date(2012, 12, 31), 41.5, "Politiet"])
    sheet.append([indicators["safety"].pk, "01.01.2013", "31.12.2013", 7, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("maalinger.xlsx", buffer.getvalue())
    preview = parse_upload(upload, initiative=world["initiative"])
    assert not preview.has_errors, errors_of(preview)
    first, second = preview.rows
    assert (first.line, first.value, first.period_start, first.cells["kilde"]) == (
        2,
        Decimal("41.5"),
        datetime.date(2012, 1, 1),
        "Politiet",
    )
    assert (second.indicator, second.value) == (indicators["safety"], 7)


# Row errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Anmeldelser;2012-01-01;2012-12-31;tolv", "Værdien „tolv“ er ikke et tal."),
        ("Anmeldelser;2020-01-01;2020-12-31;3", "Perioden ligger uden for indsatsens periode"),
        ("Anmeldelser;2012-12-31;2012-01-01;3", "Perioden slutter før den starter."),
        ("Anmeldelser;31/2/2012;2012-12-31;3", "„fra“: „31/2/2012“ er ikke en dato."),
        ("Ukendt;2012-01-01;2012-12-31;3", "Ukendt indikator „Ukendt“ i denne indsats."),
        ("Anmeldelser;2012-01-01;2012-12-31;3;Månen", "Ukendt område „Månen“."),
        ("Afholdte møder;2012-01-01;2012-12-31;3", "beregnes af platformen"),
        ("Utrygge beboere;2012-01-01;2012-12-31;12 antal", "angivet i „antal“, men „Utrygge beboere“ måles i „%“"),
        ("Anmeldelser;2012-01-01;2012-12-31;12 %", "angivet i „%“, men „Anmeldelser“ måles i „antal“"),
        ("Utrygge beboere;2012-01-01;2012-12-31;150", "En procentværdi skal ligge mellem 0 og 100."),
    ],
)
def test_a_bad_row_is_shown_with_its_error(world, indicators, line, message):
    preview = preview_of(world, f"indikator;fra;til;værdi;område\n{line}\n")
    [row] = preview.rows
    assert any(message in e for e in row.errors), row.errors


def test_a_personal_number_in_a_note_is_refused_and_not_echoed(world, indicators):
    preview = preview_of(world, f"indikator;fra;til;værdi;note\nAnmeldelser;2012-01-01;2012-12-31;3;Dreng {CPR}\n")
    [row] = preview.rows
    assert any("CPR-nummer" in e for e in row.errors)
    assert CPR not in row.cells["note"] and "010190-XXXX" in row.cells["note"]


def test_a_row_repeating_another_rows_period_is_a_duplicate(world, indicators):
    preview = preview_of(
        world, "indikator;fra;til;værdi\nAnmeldelser;2012-01-01;2012-12-31;3\nAnmeldelser;01-01-2012;31-12-2012;4\n"
    )
    first, second = preview.rows
    assert first.is_valid and second.errors == ["Samme indikator, periode og område som række 2."]


def test_a_responsible_organisation_imports_only_its_own_indicators(world, users, indicators):
    text = "indikator;fra;til;værdi\nAnmeldelser;2012-01-01;2012-12-31;3\nUtrygge beboere;2012-01-01;2012-12-31;9\n"
    preview = preview_of(world, text, user=users["coordinator"])
    reports, safety = preview.rows
    assert reports.errors == ["Du kan ikke indtaste målinger for „Anmeldelser“."] and safety.is_valid


# Importing ----------------------------------------------------------------------------------


def test_a_row_for_an_existing_period_updates_it_instead_of_adding_a_second(world, users, indicators):
    reports = indicators["reports"]
    old = goal_services.measurement_create(
        indicator=reports,
        data={"period_start": datetime.date(2012, 1, 1), "period_end": datetime.date(2012, 12, 31), "value": 5},
        by=None,
    )
    preview = preview_of(world, "indikator;fra;til;værdi;kilde\nAnmeldelser;2012-01-01;2012-12-31;7;Politiet\n")
    assert preview.rows[0].action == "update"
    result = import_rows(preview.valid_rows, users["chief"])
    assert (result.created, result.updated) == (0, 1)
    old.refresh_from_db()
    assert Measurement.objects.filter(indicator=reports).count() == 1
    assert (old.value, old.source, old.entered_by) == (7, "Politiet", users["chief"])
    assert old.history.first().history_user == users["chief"]


GOOD_AND_BAD = (
    "indikator;fra;til;værdi\n"
    "Anmeldelser;2012-01-01;2012-12-31;3\n"
    "Anmeldelser;2013-01-01;2013-12-31;ikke et tal\n"
    "Anmeldelser;2014-01-01;2014-12-31;2,5\n"
)


def upload(client, world, text, name="maalinger.csv"):
    url = reverse("evaluation:measurement_import", args=[world["initiative"].pk])
    return client.post(url, {"file": csv_file(text, name=name)})


def confirm(client, world, choice):
    url = reverse("evaluation:measurement_import", args=[world["initiative"].pk])
    return client.post(url, {"token": client.session[IMPORT_SESSION_KEY]["token"], "choice": choice})


def test_a_file_with_errors_is_previewed_and_nothing_is_imported_unless_the_user_chooses(world, indicators, client_for):
    client = client_for("chief")
    page = upload(client, world, GOOD_AND_BAD).content.decode()
    assert "Værdien „ikke et tal“ er ikke et tal." in page
    assert "Importér de gyldige rækker" in page and "Importér alle" not in page
    assert not imported(indicators).exists()
    response = confirm(client, world, "all")  # a forged "import all" is refused too
    assert response.status_code == 302 and not imported(indicators).exists()


def test_choosing_the_valid_rows_imports_them_and_skips_the_bad_one(world, users, indicators, client_for):
    client = client_for("chief")
    upload(client, world, GOOD_AND_BAD)
    response = confirm(client, world, "valid")
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:goal_tree", args=[world["initiative"].pk])
    values = sorted(imported(indicators).values_list("period_start__year", "value"))
    assert values == [(2012, Decimal("3")), (2014, Decimal("2.5"))]
    assert set(imported(indicators).values_list("entered_by", flat=True)) == {users["chief"].pk}
    assert IMPORT_SESSION_KEY not in client.session


def test_a_clean_file_is_imported_whole(world, indicators, client_for):
    client = client_for("chief")
    page = upload(client, world, "indikator;fra;til;værdi\nAnmeldelser;2012-01-01;2012-12-31;3\n").content.decode()
    assert "Importér alle" in page and "Importér de gyldige rækker" not in page
    confirm(client, world, "all")
    assert imported(indicators).get().value == 3


def test_a_preview_gone_stale_is_checked_again_before_importing(world, indicators, client_for):
    client = client_for("chief")
    upload(client, world, "indikator;fra;til;værdi\nAnmeldelser;2012-01-01;2012-12-31;3\n")
    indicators["reports"].method, indicators["reports"].derived_key = "derived", "meetings_held"
    indicators["reports"].save()
    response = confirm(client, world, "all")
    assert response.status_code == 302 and not imported(indicators).exists()


def test_refused_rows_and_personal_numbers_are_not_kept_in_the_session(world, indicators, client_for):
    client = client_for("chief")
    text = f"indikator;fra;til;værdi;note\nAnmeldelser;2012-01-01;2012-12-31;3;ok\nAnmeldelser;2013-01-01;2013-12-31;3;{CPR}\n"
    page = upload(client, world, text).content.decode()
    assert CPR not in page and "CPR-nummer" in page
    kept = client.session[IMPORT_SESSION_KEY]["rows"]
    assert len(kept) == 1 and CPR not in str(kept)


def test_users_without_an_indicator_to_measure_may_not_import(world, indicators, client_for):
    url = reverse("evaluation:measurement_import", args=[world["initiative"].pk])
    assert client_for("liaison").get(url).status_code == 403
    assert client_for("observer").get(url).status_code == 403
    assert client_for("stranger").get(url).status_code == 404
    assert client_for("coordinator").get(url).status_code == 200  # Askovgården is responsible for one


def test_a_value_typed_with_the_indicators_own_unit_is_accepted(world, indicators):
    preview = preview_of(world, "indikator;fra;til;værdi\nUtrygge beboere;2012-01-01;2012-12-31;9,4 %\n")
    [row] = preview.rows
    assert not row.errors and row.value == Decimal("9.4")


def test_a_percentage_over_100_is_refused_when_typed_by_hand(world, users, indicators, client_for):
    url = reverse("evaluation:measurement_add", args=[indicators["safety"].pk])
    response = client_for("chief").post(url, {"period_start": "2012-01-01", "period_end": "2012-12-31", "value": "150"})
    assert response.status_code == 200 and "mellem 0 og 100" in response.content.decode()
    assert not imported(indicators).exists()
