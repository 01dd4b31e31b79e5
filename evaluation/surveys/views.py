"""The collaboration survey: rounds of an initiative, a new round, results, answering.

Everyone who sees the initiative sees its rounds and results; its staff create
rounds. Only members of an organisation taking part in a round answer it, for
their own organisation, once.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Organisation
from actors.pages import form_errors
from evaluation.access import can_manage, engaged_organisation_ids, get_evaluation_initiative, get_round_for_user
from evaluation.models import SurveyParticipation, SurveyRound
from evaluation.surveys import services as surveys
from evaluation.surveys.forms import RespondentForm, SurveyAnswerForm, SurveyRoundForm


def survey_list(request, pk):
    initiative = get_evaluation_initiative(request.user, pk)
    mine = engaged_organisation_ids(request.user, initiative)
    rounds = initiative.survey_rounds.order_by("-period_start", "-pk").annotate(
        n_responses=Count("responses"),
        answered=Exists(SurveyParticipation.objects.filter(round=OuterRef("pk"), user=request.user)),
        takes_part=Exists(
            SurveyRound.organisations.through.objects.filter(surveyround=OuterRef("pk"), organisation__in=mine)
        ),
    )
    context = {
        "initiative": initiative,
        "rounds": rounds,
        "can_create": can_manage(request.user, initiative),
    }
    return render(request, "evaluation/surveys/survey_list.html", context)


def survey_create(request, pk):
    initiative = get_evaluation_initiative(request.user, pk, write=True)
    form = SurveyRoundForm(request.POST or None, organisations=Organisation.objects.engaged_in(initiative))
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "organisations"}
        try:
            survey_round = surveys.round_create(
                initiative=initiative, data=data, organisations=form.cleaned_data["organisations"] or None
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Runden er oprettet."))
            return redirect(survey_round)
    return render(request, "evaluation/surveys/survey_form.html", {"form": form, "initiative": initiative})


def survey_detail(request, pk):
    survey_round = get_round_for_user(request.user, pk)
    # While a round is open, results that change with each new answer would let a reader
    # work out one person's ratings from the difference; they are shown once it has closed.
    closed = survey_round.closes < timezone.localdate()
    context = {
        "survey_round": survey_round,
        "results": surveys.results(survey_round) if closed else None,
        "n_responses": survey_round.responses.count(),
        "min_group": surveys.MIN_GROUP,
        "can_answer": survey_round.is_open
        and bool(surveys.respondent_organisations(survey_round, request.user))
        and not surveys.has_answered(survey_round, request.user),
    }
    return render(request, "evaluation/surveys/survey_detail.html", context)


def survey_answer(request, pk):
    survey_round = get_round_for_user(request.user, pk)
    own = surveys.respondent_organisations(survey_round, request.user)
    if not own:
        raise PermissionDenied
    context = {"survey_round": survey_round, "today": timezone.localdate()}
    if surveys.has_answered(survey_round, request.user):
        return render(request, "evaluation/surveys/survey_thanks.html", context)
    if not survey_round.is_open:
        return render(request, "evaluation/surveys/survey_answer.html", context)
    organisation = _respondent(request, own)
    if organisation is None:
        context["respondent_form"] = RespondentForm(
            organisations=Organisation.objects.filter(pk__in=[o.pk for o in own])
        )
        return render(request, "evaluation/surveys/survey_answer.html", context)
    rated = [o for o in survey_round.organisations.order_by("name") if o.pk != organisation.pk]
    form = SurveyAnswerForm(request.POST or None, rated=rated)
    if form.is_valid():
        try:
            surveys.survey_submit(
                survey_round=survey_round, user=request.user, organisation=organisation, ratings=form.ratings()
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            return redirect("evaluation:survey_answer", pk=survey_round.pk)
    context.update({"form": form, "organisation": organisation, "several": len(own) > 1})
    return render(request, "evaluation/surveys/survey_answer.html", context)


def _respondent(request, own):
    """The organisation the user answers for: their only one, or the one they chose."""
    if len(own) == 1:
        return own[0]
    chosen = request.POST.get("organisation") or request.GET.get("organisation")
    return next((o for o in own if str(o.pk) == chosen), None)
