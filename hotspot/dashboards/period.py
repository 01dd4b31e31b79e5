"""The period a dashboard shows: a preset (this quarter, the last twelve months, a year, the whole
initiative) or two dates, always clamped into the initiative's own period."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import Area, Initiative

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
PRESETS = [
    ("quarter", _("Kvartalet")),
    ("12m", _("Seneste 12 måneder")),
    ("year", _("Året")),
    ("all", _("Hele indsatsen")),
    ("custom", _("Valgfri periode")),
]


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def label(self):
        return f"{date_format(self.start, 'j. b Y')} – {date_format(self.end, 'j. b Y')}"

    def months(self):
        """The first day of every month the period touches."""
        month, last = self.start.replace(day=1), self.end.replace(day=1)
        out = []
        while month <= last:
            out.append(month)
            month += relativedelta(months=1)
        return out

    def query(self):
        return f"start={self.start.isoformat()}&end={self.end.isoformat()}"


def _quarter(day):
    first = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first, first + relativedelta(months=3, days=-1)


def preset_period(preset, anchor, span_start=None, span_end=None):
    """The preset period around `anchor` (today, or the initiative's end if it is over)."""
    if preset == "12m":
        start, end = anchor - relativedelta(months=12) + datetime.timedelta(days=1), anchor
    elif preset == "year":
        start, end = datetime.date(anchor.year, 1, 1), datetime.date(anchor.year, 12, 31)
    elif preset == "all" and span_start and span_end:
        start, end = span_start, span_end
    else:
        start, end = _quarter(anchor)
    if span_start and span_end:
        start, end = max(start, span_start), min(end, span_end)
    return Period(start, end)


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Periode"), choices=PRESETS, required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    start = forms.DateField(label=_("Fra"), required=False, widget=DATE)
    end = forms.DateField(label=_("Til"), required=False, widget=DATE)

    def __init__(self, *args, span, anchor, **kwargs):
        super().__init__(*args, **kwargs)
        self.span, self.anchor = span, anchor  # span: (first, last) date allowed, or (None, None)
        if span[0] is None:  # no initiative's period to span (a department across initiatives)
            self.fields["period"].choices = [c for c in PRESETS if c[0] != "all"]

    def clean(self):
        data = super().clean()
        first, last = self.span
        start, end = data.get("start"), data.get("end")
        if start or end or data.get("period") == "custom":
            start, end = start or first, end or last
            if start is None or end is None:
                raise forms.ValidationError(_("Angiv både fra- og tildato."))
            if end < start:
                raise forms.ValidationError(_("Perioden slutter før den starter."))
            if first and last and (end < first or start > last):
                raise forms.ValidationError(_("Perioden ligger uden for indsatsens periode."))
            data["result"] = Period(max(start, first) if first else start, min(end, last) if last else end)
        else:
            preset = data.get("period") or self.initial.get("period") or "quarter"
            data["result"] = preset_period(preset, self.anchor, first, last)
        return data


def period_from(request, span, anchor, default="quarter"):
    """(form, Period): the chosen period, or the `default` preset around `anchor` when none or invalid."""
    data = request.GET if {"period", "start", "end"} & set(request.GET) else None
    if data is not None and not data.get("period") and (data.get("start") or data.get("end")):
        data = data.copy()
        data["period"] = "custom"  # two dates without a preset: show "Valgfri periode" in the picker
    form = PeriodForm(data, span=span, anchor=anchor, initial={"period": default})
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["result"]
    return form, preset_period(default, anchor, *span)


def anchor_for(initiative, today):
    """The day a dashboard looks from: today, or the initiative's last day once it is over."""
    return min(max(today, initiative.start), initiative.end)


class OverviewFilter(forms.Form):
    """The cross-initiative overview's filters besides the period: an area and a phase."""

    area = forms.ModelChoiceField(
        label=_("Område"), queryset=None, required=False, empty_label=_("Alle områder"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip
    phase = forms.ChoiceField(label=_("Fase"), required=False, widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(initiatives__in=initiatives).distinct().order_by("name")
        self.fields["phase"].choices = [("", _("Alle faser")), *Initiative.Phase.choices]

    def apply(self, initiatives, today):
        """The initiatives that pass the filters (the phase is computed, so it filters in Python)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("area"):
            initiatives = initiatives.filter(areas=data["area"])
        initiatives = list(initiatives.prefetch_related("areas").order_by("name"))
        if data.get("phase"):
            initiatives = [i for i in initiatives if i.phase_on(today) == data["phase"]]
        return initiatives
