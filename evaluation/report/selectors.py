"""The evaluation report of an initiative for a period, and its CSV/XLSX export.

One page brings together what the seed asks to see side by side: the vision and
goals with their indicators' status and trend, the three dimensions (effect for
the target group, internal collaboration, municipal effort), the collaboration
heat map of the latest survey round, and the experiences recorded. A constant
number of queries: goals, indicators (with targets and measurements prefetched),
one survey round's results and the experiences.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from actors.exports import safe_cell
from evaluation.models import Experience, Goal, Indicator, SurveyRound, Target
from evaluation.series import ensure_stored
from evaluation.status import LABELS, chart, indicator_series, indicator_status, number
from evaluation.surveys.services import results as survey_results


@dataclass
class IndicatorLine:
    indicator: Indicator
    goal: Goal
    series: list
    state: object
    chart: str

    @property
    def baseline_display(self):
        return number(self.indicator.baseline_value) if self.indicator.baseline_value is not None else ""


@dataclass
class Dimension:
    key: str
    label: str
    lines: list = field(default_factory=list)

    @property
    def counts(self):
        counts = {}
        for line in self.lines:
            counts[line.state.status] = counts.get(line.state.status, 0) + 1
        return [(LABELS[k], v) for k, v in sorted(counts.items())]


@dataclass
class Report:
    initiative: object
    start: datetime.date
    end: datetime.date
    goals: list
    dimensions: list
    lines: list
    survey_round: object
    survey: object
    experiences: list  # the newest EXPERIENCES of the period
    experiences_total: int = 0


EXPERIENCES = 30  # the newest shown in the report; the experience list holds them all


def _in_period(series, start, end):
    return [p for p in series if p.period_end >= start and p.period_start <= end]


def build_report(initiative, start, end):
    goals = list(Goal.objects.filter(initiative=initiative).order_by("order", "id"))
    by_id = {g.pk: g for g in goals}
    for goal in goals:
        goal.children_list = [g for g in goals if g.parent_id == goal.pk]
    indicators = (
        Indicator.objects.filter(goal__initiative=initiative)
        .select_related("responsible", "stored_series")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("date")))
        .order_by("goal__order", "order", "id")
    )
    indicators = list(indicators)
    ensure_stored(indicators)
    lines = []
    for indicator in indicators:
        series = _in_period(indicator_series(indicator), start, end)
        lines.append(
            IndicatorLine(
                indicator,
                by_id[indicator.goal_id],
                series,
                indicator_status(indicator, series),
                chart(indicator, series),
            )
        )
    for goal in goals:
        goal.lines = [line for line in lines if line.goal.pk == goal.pk]
    dimensions = [Dimension(key, label) for key, label in Indicator.Dimension.choices]
    for dimension in dimensions:
        dimension.lines = [line for line in lines if line.indicator.dimension == dimension.key]
    survey_round = (
        SurveyRound.objects.filter(initiative=initiative, closes__lte=end, period_end__gte=start)
        .order_by("-period_end", "-pk")
        .first()
    )
    in_period = Experience.objects.filter(initiative=initiative, date__range=(start, end))
    experiences = list(
        in_period.select_related("organisation").prefetch_related("goals").order_by("-date", "-pk")[:EXPERIENCES]
    )
    experiences_total = len(experiences) if len(experiences) < EXPERIENCES else in_period.count()
    return Report(
        initiative=initiative,
        start=start,
        end=end,
        goals=[g for g in goals if g.parent_id is None],
        dimensions=dimensions,
        lines=lines,
        survey_round=survey_round,
        survey=survey_results(survey_round) if survey_round else None,
        experiences=experiences,
        experiences_total=experiences_total,
    )


HEADERS = [
    "mål",
    "indikator",
    "dimension",
    "enhed",
    "retning",
    "nulpunkt",
    "nulpunkt dato",
    "periode fra",
    "periode til",
    "værdi",
    "forventet (målkurve)",
    "status",
    "illustrativ",
]


def indicator_rows(report, typed=False):
    """One row per value in the period; an indicator without values gets one row with its status.

    typed=True gives numbers and dates as such (for XLSX, where they can be summed and charted);
    otherwise Danish-formatted text (for CSV opened in Danish Excel).
    """

    def num(value):
        return float(value) if typed else number(value)

    def day(value):
        return value if typed else value.isoformat()

    for line in report.lines:
        ind = line.indicator
        base = [
            safe_cell(line.goal.title),
            safe_cell(ind.name),
            str(ind.get_dimension_display()),
            safe_cell(ind.unit),
            str(ind.get_direction_display()),
            num(ind.baseline_value) if ind.baseline_value is not None else "",
            day(ind.baseline_date) if ind.baseline_date else "",
        ]
        points = line.series or [None]
        for point in points:
            latest = point is not None and point is points[-1]
            yield [
                *base,
                day(point.period_start) if point else "",
                day(point.period_end) if point else "",
                num(point.value) if point else "",
                (num(line.state.expected) if typed and line.state.expected is not None else line.state.expected_display)
                if latest or point is None
                else "",
                str(line.state.label) if latest or point is None else "",
                _("ja") if ind.is_illustrative else "",
            ]


def survey_rows(report):
    if report.survey is None:
        return
    names = [o.name for o in report.survey.organisations]
    yield [_("vurderer \\ vurderet"), *[safe_cell(n) for n in names]]
    for row in report.survey.heatmap:
        yield [safe_cell(row.organisation.name), *["" if not c.shown else round(c.mean, 1) for c in row.cells]]


def export_csv(report):
    # Semicolon and BOM: Danish Excel opens it directly with æøå intact.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows(indicator_rows(report))
    return buffer.getvalue().encode("utf-8")


def export_xlsx(report):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indikatorer")[:31]
    sheet.append(HEADERS)
    for row in indicator_rows(report, typed=True):
        sheet.append(row)
    for column in ("G", "H", "I"):
        for cell in sheet[column][1:]:
            cell.number_format = "yyyy-mm-dd"
    collaboration = workbook.create_sheet(_("Samarbejde")[:31])
    for row in survey_rows(report):
        collaboration.append(row)
    experiences = workbook.create_sheet(_("Erfaringer")[:31])
    experiences.append([_("dato"), _("organisation"), _("overskrift"), _("erfaring")])
    for exp in report.experiences:
        experiences.append(
            [exp.date.isoformat(), safe_cell(exp.organisation.name), safe_cell(exp.title), safe_cell(exp.text)]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
