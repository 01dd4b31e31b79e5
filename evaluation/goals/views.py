"""The goal tree (forandringsteori), indicators with their status, and measurements.

Who (evaluation.access): everyone who sees the initiative reads its goals and
indicators. Its staff (chief, administrators) edit the tree, the indicators and
their targets, and link decisions, action items and escalations to goals.
Measurements are entered by the staff and by the users of the organisation
responsible for the indicator.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actors.pages import errors_to_messages, form_errors, render_form
from dialogue.access import full_escalations, readable_escalations
from dialogue.models import Escalation
from evaluation.access import (
    can_manage,
    get_evaluation_initiative,
    get_goal_for_user,
    get_goallink_for_user,
    get_indicator_for_measuring,
    get_indicator_for_user,
    get_initiative_for_import,
    get_measurement_for_user,
    get_target_for_user,
    linkable_outcomes,
    may_enter_measurements,
    may_import,
)
from evaluation.goals import services
from evaluation.goals.forms import (
    GoalForm,
    GoalLinkForm,
    ImportForm,
    IndicatorForm,
    MeasurementForm,
    TargetForm,
    derived_choices,
)
from evaluation.goals.measurement_import import import_rows, parse_upload, preview_from_records
from evaluation.models import Goal, GoalLink, Indicator, Measurement
from evaluation.series import ensure_stored
from evaluation.status import chart, computed_at, indicator_series, indicator_status, number

CHILD_LEVEL = {
    None: Goal.Level.VISION,
    Goal.Level.VISION: Goal.Level.LONG_TERM,
    Goal.Level.LONG_TERM: Goal.Level.SUB_GOAL,
}


def _indicators():
    # The series is stored (evaluation.series): the measurements themselves are not read for the tree.
    return Indicator.objects.select_related("responsible", "stored_series").prefetch_related("targets")


def _judge(indicator, width=160, height=40):
    """Attach the indicator's series, status and chart for the templates."""
    indicator.series = indicator_series(indicator)
    indicator.state = indicator_status(indicator, indicator.series)
    indicator.chart = chart(indicator, indicator.series, width=width, height=height)
    return indicator


def _tree(initiative):
    """The initiative's visions, each with .nodes (children) and .judged_indicators, all levels."""
    goals = list(initiative.goals.prefetch_related(Prefetch("indicators", queryset=_indicators())))
    children = {}
    ensure_stored([i for goal in goals for i in goal.indicators.all()])
    for goal in goals:
        goal.initiative = initiative  # derived indicators read indicator.goal.initiative
        goal.judged_indicators = [_judge(i) for i in goal.indicators.all()]
        children.setdefault(goal.parent_id, []).append(goal)
    for goal in goals:
        goal.nodes = children.get(goal.id, [])
    return children.get(None, [])


def _confirm(request, obj, cancel_url, refusal=None, warning=None):
    context = {"object": obj, "cancel_url": cancel_url, "refusal": refusal, "warning": warning}
    return render(request, "evaluation/confirm_delete.html", context)


# The tree and goals -------------------------------------------------------------------


def goal_tree(request, pk):
    initiative = get_evaluation_initiative(request.user, pk)
    context = {
        "initiative": initiative,
        "visions": _tree(initiative),
        "can_manage": can_manage(request.user, initiative),
        "can_import": may_import(request.user, initiative),
    }
    return render(request, "evaluation/goals/goal_tree.html", context)


def goal_create(request, pk):
    initiative = get_evaluation_initiative(request.user, pk, write=True)
    parent = None
    if request.GET.get("parent", "").isdigit():
        parent = get_object_or_404(Goal, pk=request.GET["parent"], initiative=initiative)
    initial = {"parent": parent, "level": CHILD_LEVEL.get(parent.level if parent else None)}
    form = GoalForm(request.POST or None, instance=Goal(initiative=initiative), initial=initial)
    if form.is_valid():
        try:
            goal = services.goal_create(initiative=initiative, data=form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Målet er oprettet."))
            return redirect(reverse("evaluation:goal_tree", args=[initiative.pk]) + f"#maal-{goal.pk}")
    title = _("Nyt mål for %(i)s") % {"i": initiative}
    return render_form(request, form, title=title, cancel_url=reverse("evaluation:goal_tree", args=[initiative.pk]))


def goal_detail(request, pk):
    goal = get_goal_for_user(request.user, pk)
    indicators = [_judge(i) for i in _indicators().filter(goal=goal)]
    for indicator in indicators:
        indicator.goal = goal
    manage = can_manage(request.user, goal.initiative)
    context = {
        "goal": goal,
        "initiative": goal.initiative,
        "indicators": indicators,
        "children": list(goal.children.all()),
        "can_manage": manage,
        "link_form": _link_form(request.user, goal) if manage else None,
        **_links(request.user, goal),
    }
    return render(request, "evaluation/goals/goal_detail.html", context)


def _links(user, goal):
    """What was done for the goal, as far as the user may read it."""
    links = list(
        goal.links.select_related(
            "outcome__agenda_item__meeting", "outcome__owner_organisation", "outcome__owner_person", "escalation"
        ).order_by("created", "id")
    )
    readable = set(linkable_outcomes(user, goal.initiative).filter(goal_links__goal=goal).values_list("pk", flat=True))
    openable = set(
        readable_escalations(user, Escalation.objects.filter(goal_links__goal=goal)).values_list("pk", flat=True)
    )
    shown = []
    for link in links:
        if link.outcome_id and link.outcome_id not in readable:
            continue
        link.can_open = link.outcome_id is not None or link.escalation_id in openable
        shown.append(link)
    return {"links": shown, "hidden_links": len(links) - len(shown)}


def _link_form(user, goal, data=None):
    linked = GoalLink.objects.filter(goal=goal)
    outcomes = (
        linkable_outcomes(user, goal.initiative)
        .exclude(pk__in=linked.filter(outcome__isnull=False).values("outcome_id"))
        .order_by("-agenda_item__meeting__start", "id")
    )
    escalations = (
        full_escalations(user)
        .filter(initiative=goal.initiative)
        .exclude(pk__in=linked.filter(escalation__isnull=False).values("escalation_id"))
        .order_by("-created")
    )
    return GoalLinkForm(data, outcomes=outcomes, escalations=escalations)


def goal_edit(request, pk):
    goal = get_goal_for_user(request.user, pk, write=True)
    form = GoalForm(request.POST or None, instance=Goal.objects.get(pk=goal.pk))
    if form.is_valid():
        try:
            goal = services.goal_update(goal=goal, data=form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Målet er gemt."))
            return redirect(goal)
    return render_form(request, form, title=_("Rediger mål"), cancel_url=goal.get_absolute_url())


def goal_delete(request, pk):
    goal = get_goal_for_user(request.user, pk, write=True)
    refusal = services.goal_delete_refusal(goal)
    if request.method == "POST" and not refusal:
        services.goal_delete(goal=goal)
        messages.success(request, _("Målet er slettet."))
        return redirect("evaluation:goal_tree", pk=goal.initiative.pk)
    return _confirm(request, goal, goal.get_absolute_url(), refusal=refusal)


@require_POST
def goal_move(request, pk):
    goal = get_goal_for_user(request.user, pk, write=True)
    services.goal_move(goal=goal, direction=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(reverse("evaluation:goal_tree", args=[goal.initiative.pk]) + f"#maal-{goal.pk}")


@require_POST
def goallink_add(request, pk):
    goal = get_goal_for_user(request.user, pk, write=True)
    form = _link_form(request.user, goal, request.POST)
    if not form.is_valid():
        errors_to_messages(request, form.errors)
        return redirect(reverse("evaluation:goal_detail", args=[goal.pk]) + "#gjort")
    try:
        services.goallink_add(goal=goal, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("Knyttet til målet."))
    return redirect(reverse("evaluation:goal_detail", args=[goal.pk]) + "#gjort")


@require_POST
def goallink_delete(request, pk):
    link = get_goallink_for_user(request.user, pk)
    services.goallink_delete(link=link)
    messages.success(request, _("Koblingen til målet er fjernet."))
    return redirect(reverse("evaluation:goal_detail", args=[link.goal.pk]) + "#gjort")


# Indicators and targets --------------------------------------------------------------------


def indicator_create(request, pk):
    goal = get_goal_for_user(request.user, pk, write=True)
    form = IndicatorForm(request.POST or None, instance=Indicator(goal=goal))
    if form.is_valid():
        try:
            indicator = services.indicator_create(goal=goal, data=form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Indikatoren er oprettet. Tilføj nu målværdier."))
            return redirect(indicator)
    title = _("Ny indikator under %(g)s") % {"g": goal}
    return render_form(request, form, title=title, cancel_url=goal.get_absolute_url())


MEASUREMENTS_PER_PAGE = 50


def indicator_detail(request, pk):
    indicator = get_indicator_for_user(request.user, pk)
    prefetch_related_objects([indicator], "targets")
    _judge(indicator, width=640, height=200)  # on the stored series (evaluation.series)
    measurements = Paginator(
        indicator.measurements.select_related("area", "entered_by").order_by("period_start", "period_end", "id"),
        MEASUREMENTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    for row in [*indicator.targets.all(), *measurements]:
        row.value_display = number(row.value)
    manage = can_manage(request.user, indicator.goal.initiative)
    derived = indicator.method == Indicator.Method.DERIVED
    context = {
        "indicator": indicator,
        "goal": indicator.goal,
        "initiative": indicator.goal.initiative,
        "derived": derived,
        "derived_label": dict(derived_choices()).get(indicator.derived_key, indicator.derived_key),
        "derived_rows": [(p, number(p.value)) for p in indicator.series] if derived else [],
        "computed_at": computed_at(indicator) if derived else None,
        "page": measurements,
        "baseline_display": number(indicator.baseline_value) if indicator.baseline_value is not None else "",
        "can_manage": manage,
        "can_measure": indicator.method == Indicator.Method.MANUAL and may_enter_measurements(request.user, indicator),
        "target_form": TargetForm() if manage else None,
    }
    return render(request, "evaluation/goals/indicator_detail.html", context)


def indicator_edit(request, pk):
    indicator = get_indicator_for_user(request.user, pk, write=True)
    form = IndicatorForm(request.POST or None, instance=Indicator.objects.get(pk=indicator.pk))
    if form.is_valid():
        try:
            indicator = services.indicator_update(indicator=indicator, data=form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Indikatoren er gemt."))
            return redirect(indicator)
    return render_form(request, form, title=_("Rediger indikator"), cancel_url=indicator.get_absolute_url())


def indicator_delete(request, pk):
    indicator = get_indicator_for_user(request.user, pk, write=True)
    if request.method == "POST":
        services.indicator_delete(indicator=indicator)
        messages.success(request, _("Indikatoren er slettet."))
        return redirect(indicator.goal)
    n = indicator.measurements.count()
    warning = _("Indikatorens %(n)s målinger slettes også.") % {"n": n} if n else None
    return _confirm(request, indicator, indicator.get_absolute_url(), warning=warning)


@require_POST
def target_add(request, pk):
    indicator = get_indicator_for_user(request.user, pk, write=True)
    form = TargetForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form.errors)
    else:
        try:
            services.target_add(indicator=indicator, **form.cleaned_data)
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("Målværdien er tilføjet."))
    return redirect(reverse("evaluation:indicator_detail", args=[indicator.pk]) + "#maalvaerdier")


@require_POST
def target_delete(request, pk):
    target = get_target_for_user(request.user, pk)
    services.target_delete(target=target)
    messages.success(request, _("Målværdien er slettet."))
    return redirect(reverse("evaluation:indicator_detail", args=[target.indicator.pk]) + "#maalvaerdier")


# Measurements ------------------------------------------------------------------------------


def measurement_add(request, pk):
    indicator = get_indicator_for_measuring(request.user, pk)
    if indicator.method == Indicator.Method.DERIVED:
        raise Http404  # derived values are computed, never typed
    form = MeasurementForm(request.POST or None, instance=Measurement(indicator=indicator))
    if form.is_valid():
        try:
            services.measurement_create(indicator=indicator, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Målingen er gemt."))
            return redirect(reverse("evaluation:indicator_detail", args=[indicator.pk]) + "#maalinger")
    title = _("Ny måling: %(i)s") % {"i": indicator}
    return render_form(request, form, title=title, cancel_url=indicator.get_absolute_url())


def measurement_edit(request, pk):
    measurement = get_measurement_for_user(request.user, pk)
    indicator = measurement.indicator
    form = MeasurementForm(request.POST or None, instance=Measurement.objects.get(pk=measurement.pk))
    if form.is_valid():
        try:
            services.measurement_update(measurement=measurement, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Målingen er gemt."))
            return redirect(reverse("evaluation:indicator_detail", args=[indicator.pk]) + "#maalinger")
    title = _("Rediger måling: %(i)s") % {"i": indicator}
    return render_form(request, form, title=title, cancel_url=indicator.get_absolute_url())


def measurement_delete(request, pk):
    measurement = get_measurement_for_user(request.user, pk)
    url = reverse("evaluation:indicator_detail", args=[measurement.indicator.pk]) + "#maalinger"
    if request.method == "POST":
        services.measurement_delete(measurement=measurement)
        messages.success(request, _("Målingen er slettet."))
        return redirect(url)
    return _confirm(request, measurement, url)


# Import -----------------------------------------------------------------------------------

IMPORT_SESSION_KEY = "evaluation_measurement_import"


def measurement_import(request, pk):
    """Upload a file → preview with row errors → import all rows, or only the valid ones.

    Between the two steps the valid rows are kept in the session: their cells as
    text, at most 5,000 short rows from a file of at most 2 MB (the session lives
    in the database, so that is fine). That is simpler and sturdier than asking the
    user to choose the same file again (browsers cannot pre-fill a file input, and
    another file could be picked by mistake) and leaner than keeping the whole file.
    Rows with errors are never kept, so a CPR number in a refused row is not stored
    anywhere. At import the kept rows are checked again against the data as it is
    then, so a preview that went stale (an indicator deleted, another import in
    between) cannot slip through; a random token ties the buttons to the preview
    they were shown with, so an upload in another tab cannot be imported by mistake.
    """
    initiative = get_initiative_for_import(request.user, pk)
    if request.method == "POST" and "token" in request.POST:
        return _import_confirm(request, initiative)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = token = None
    if request.method == "POST" and form.is_valid():
        preview = parse_upload(form.cleaned_data["file"], initiative=initiative, user=request.user)
        token = _keep_preview(request, initiative, preview)
    context = {"initiative": initiative, "form": form, "preview": preview, "token": token}
    return render(request, "evaluation/goals/measurement_import.html", context)


def _keep_preview(request, initiative, preview):
    if preview.file_errors or not preview.valid_rows:
        request.session.pop(IMPORT_SESSION_KEY, None)
        return None
    token = secrets.token_urlsafe(16)
    request.session[IMPORT_SESSION_KEY] = {
        "initiative": initiative.pk,
        "token": token,
        "had_errors": preview.has_errors,
        "rows": preview.records(),
    }
    return token


def _import_confirm(request, initiative):
    again = redirect("evaluation:measurement_import", pk=initiative.pk)
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending["token"] != request.POST["token"] or pending["initiative"] != initiative.pk:
        messages.error(request, _("Forhåndsvisningen er udløbet. Upload filen igen."))
        return again
    if request.POST.get("choice") == "all" and pending["had_errors"]:
        messages.error(request, _("Filen har fejl. Ret dem, eller vælg at importere de gyldige rækker."))
        return again
    preview = preview_from_records(initiative=initiative, records=pending["rows"], user=request.user)
    del request.session[IMPORT_SESSION_KEY]
    if preview.has_errors:
        messages.error(request, _("Data er ændret, siden du så forhåndsvisningen. Upload filen igen."))
        return again
    try:
        result = import_rows(preview.rows, request.user)
    except ValidationError as error:
        errors_to_messages(request, error)
        return again
    messages.success(
        request,
        _("%(c)s målinger er oprettet og %(u)s opdateret.") % {"c": result.created, "u": result.updated},
    )
    return redirect("evaluation:goal_tree", pk=initiative.pk)
