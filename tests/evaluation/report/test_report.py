"""The evaluation report: goals, three dimensions, heat map and experiences on one page, and its export."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.models import Experience, Goal, Indicator, Measurement, Target
from tests.conftest import assert_query_budget


@pytest.fixture(autouse=True)
def own_evaluation_data(world):
    """The report tests use their own goals and experience; the shared world's are removed."""
    world["experience"].delete()
    world["goal"].delete()


@pytest.fixture
def goals(world):
    initiative = world["initiative"]
    vision = Goal.objects.create(initiative=initiative, level="vision", title="Et trygt Indre Nørrebro")
    effect = Goal.objects.create(
        initiative=initiative, level="long_term", parent=vision, title="Færre unge begår kriminalitet"
    )
    unsafe = Indicator.objects.create(
        goal=effect,
        name="Andel utrygge beboere",
        dimension="effect",
        unit="%",
        direction="down",
        baseline_value=Decimal("10.9"),
        baseline_date=datetime.date(2009, 12, 31),
    )
    Target.objects.create(indicator=unsafe, date=datetime.date(2014, 12, 31), value=Decimal("7.1"))
    Measurement.objects.create(
        indicator=unsafe,
        period_start=datetime.date(2012, 1, 1),
        period_end=datetime.date(2012, 12, 31),
        value=Decimal("9.0"),
    )
    formula = Indicator.objects.create(
        goal=effect, name='=HYPERLINK("x")', dimension="effort", unit="antal", direction="up"
    )
    Experience.objects.create(
        initiative=initiative,
        organisation=world["askov"],
        date=datetime.date(2012, 6, 1),
        title="Fælles vandring virker",
        text="Beboerne kom selv med løsninger.",
    )
    return {"vision": vision, "effect": effect, "unsafe": unsafe, "formula": formula}


def test_the_report_shows_goals_dimensions_status_and_experiences(world, users, goals, client_for):
    page = client_for("observer").get(reverse("evaluation:report", args=[world["initiative"].pk])).content.decode()
    for text in (
        "Effekt for målgruppen",
        "Internt samarbejde",
        "Kommunal indsats",
        "Andel utrygge beboere",
        "Færre unge begår kriminalitet",
        "Fælles vandring virker",
        "<svg",
    ):
        assert text in page
    # 2012: the path from 10.9 (end 2009) to 7.1 (end 2014) expects about 9.4; 9.0 is better → on track.
    assert "På sporet" in page


def test_the_report_can_be_limited_to_a_period(world, users, goals, client_for):
    url = reverse("evaluation:report", args=[world["initiative"].pk])
    page = client_for("observer").get(url, {"start": "2013-01-01", "end": "2013-12-31"}).content.decode()
    assert "Fælles vandring virker" not in page and "Ingen målinger" in page


def test_a_period_outside_the_initiative_is_refused_with_a_message(world, users, goals, client_for):
    url = reverse("evaluation:report", args=[world["initiative"].pk])
    page = client_for("observer").get(url, {"start": "2020-01-01", "end": "2020-12-31"}).content.decode()
    assert "uden for indsatsens periode" in page


def test_the_csv_export_opens_in_danish_excel_and_neutralises_formulas(world, users, goals, client_for):
    response = client_for("chief").get(reverse("evaluation:report_export", args=[world["initiative"].pk, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][:2] == ["mål", "indikator"]
    unsafe = next(r for r in rows if r[1] == "Andel utrygge beboere")
    assert unsafe[9] == "9" and unsafe[11] == "På sporet"
    assert any(r[1] == '\'=HYPERLINK("x")' for r in rows)


def test_the_xlsx_export_has_indicators_collaboration_and_experiences(world, users, goals, client_for):
    response = client_for("chief").get(reverse("evaluation:report_export", args=[world["initiative"].pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Indikatorer", "Samarbejde", "Erfaringer"]
    values = [c.value for c in workbook["Indikatorer"][2]]
    assert "Andel utrygge beboere" in values
    assert values[9] == 9.0 and values[5] == 10.9  # numbers, not text: they can be summed and charted
    assert values[8].date() == datetime.date(2012, 12, 31)
    assert workbook["Erfaringer"]["C2"].value == "Fælles vandring virker"


def test_an_unknown_export_format_is_404(world, users, goals, client_for):
    assert (
        client_for("chief").get(reverse("evaluation:report_export", args=[world["initiative"].pk, "pdf"])).status_code
        == 404
    )


def test_a_stranger_cannot_read_the_report(world, users, goals, client_for):
    assert client_for("stranger").get(reverse("evaluation:report", args=[world["initiative"].pk])).status_code == 404


def test_the_report_query_count_does_not_grow_with_indicators(world, users, goals, client_for):
    def grow(n):
        for i in range(n):
            ind = Indicator.objects.create(
                goal=goals["effect"], name=f"Indikator {i}", dimension="effect", unit="%", direction="up"
            )
            Target.objects.create(indicator=ind, date=datetime.date(2014, 12, 31), value=50)
            Measurement.objects.create(
                indicator=ind, period_start=datetime.date(2012, 1, 1), period_end=datetime.date(2012, 12, 31), value=40
            )

    grow(3)
    assert_query_budget(
        client_for("chief"), reverse("evaluation:report", args=[world["initiative"].pk]), lambda: grow(30), 20
    )


def test_the_report_shows_the_newest_experiences_and_links_to_all_of_them(world, users, client_for):
    from evaluation.models import Experience
    from evaluation.report.selectors import EXPERIENCES

    Experience.objects.bulk_create(
        Experience(
            initiative=world["initiative"], organisation=world["askov"], date=datetime.date(2013, 1, 1) + datetime.timedelta(days=n),
            title=f"Erfaring {n:03d}", text="Tekst", themes=[],
        )
        for n in range(EXPERIENCES + 5)
    )  # fmt: skip
    url = reverse("evaluation:report", args=[world["initiative"].pk])  # the whole initiative
    page = client_for("chief").get(url).content.decode()
    assert f"Erfaring {EXPERIENCES + 4:03d}" in page and "Erfaring 000" not in page
    total = Experience.objects.filter(initiative=world["initiative"]).count()
    assert total > EXPERIENCES and f"De {EXPERIENCES} nyeste af {total} erfaringer" in page
    assert reverse("evaluation:experience_list", args=[world["initiative"].pk]) in page
