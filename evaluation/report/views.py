from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from evaluation.access import get_evaluation_initiative
from evaluation.report.selectors import build_report, export_csv, export_xlsx

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Fra"), required=False, widget=DATE)
    end = forms.DateField(label=_("Til"), required=False, widget=DATE)

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative

    def clean(self):
        data = super().clean()
        start = data.get("start") or self.initiative.start
        end = data.get("end") or self.initiative.end
        if end < start:
            raise forms.ValidationError(_("Perioden slutter før den starter."))
        if end < self.initiative.start or start > self.initiative.end:
            raise forms.ValidationError(_("Perioden ligger uden for indsatsens periode."))
        data["start"], data["end"] = start, end
        return data


def _period(request, initiative):
    form = PeriodForm(request.GET or None, initiative=initiative)
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, initiative.start, initiative.end


def report(request, pk):
    initiative = get_evaluation_initiative(request.user, pk)
    form, start, end = _period(request, initiative)
    context = {"initiative": initiative, "form": form, "report": build_report(initiative, start, end)}
    return render(request, "evaluation/report/report.html", context)


def report_export(request, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    initiative = get_evaluation_initiative(request.user, pk)
    _form, start, end = _period(request, initiative)
    data = build_report(initiative, start, end)
    name = f"evaluering-{initiative.pk}-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "xlsx":
        response = HttpResponse(
            export_xlsx(data), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = HttpResponse(export_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
