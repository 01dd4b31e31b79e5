"""The experience log (erfaringer): departments and local actors record lessons learned.

Each experience belongs to an initiative and an organisation, and is tied to the
initiative's goals and to themes, so the evaluation can set the administrations'
own experience against the effect measures. The log is searchable (see filters.py).

Who (evaluation.access): everyone who sees the initiative reads its log. Users
whose organisation is engaged in the initiative record experiences for (one of)
their engaged organisations; the initiative's staff (chief, administrators) for
any engaged organisation. The author and the staff edit an experience.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from actors.models import Organisation
from actors.pages import render_form
from dialogue.themes import Theme, theme_labels
from evaluation.access import (
    get_evaluation_initiative,
    get_experience_for_user,
    may_edit_experience,
    may_record_experience,
    recording_organisations,
)
from evaluation.experiences.filters import ExperienceFilter
from evaluation.experiences.forms import ExperienceForm
from evaluation.models import Goal

PAGE_SIZE = 20
TEMPLATE = "evaluation/experiences/experience_form.html"  # actors/form.html with the log's breadcrumb


def experience_list(request, pk):
    initiative = get_evaluation_initiative(request.user, pk)
    experiences = initiative.experiences.all()
    recorded_by = Organisation.objects.filter(pk__in=experiences.values("organisation_id"))
    organisations = recorded_by | Organisation.objects.engaged_in(initiative)
    filterset = ExperienceFilter(request.GET, queryset=experiences, initiative=initiative, organisations=organisations)
    experiences = filterset.qs.select_related("organisation").prefetch_related(
        Prefetch("goals", queryset=Goal.objects.only("pk", "title", "level").order_by("order", "pk"))
    )
    page = Paginator(experiences, PAGE_SIZE).get_page(request.GET.get("page"))
    for experience in page.object_list:
        experience.theme_list = theme_labels(experience.themes)
    context = {
        "initiative": initiative,
        "form": filterset.form,
        "page": page,
        "query": filterset.query,
        "filtered": filterset.narrowed,
        "can_create": may_record_experience(request.user, initiative),
    }
    return render(request, "evaluation/experiences/experience_list.html", context)


def experience_create(request, pk):
    initiative = get_evaluation_initiative(request.user, pk)
    organisations = recording_organisations(request.user, initiative)
    if not organisations.exists():
        raise PermissionDenied
    form = ExperienceForm(request.POST or None, initiative=initiative, organisations=organisations)
    if form.is_valid():
        form.instance.author = request.user
        experience = form.save()
        messages.success(request, _("Erfaringen er registreret. Tak fordi du delte den."))
        return redirect("evaluation:experience_detail", pk=experience.pk)
    return render_form(
        request,
        form,
        title=_("Ny erfaring"),
        cancel_url=reverse("evaluation:experience_list", args=[initiative.pk]),
        extra={"initiative": initiative},
        template=TEMPLATE,
    )


def experience_detail(request, pk):
    experience = get_experience_for_user(request.user, pk)
    initiative = experience.initiative
    goals = list(experience.goals.order_by("order", "pk"))
    context = {
        "experience": experience,
        "initiative": initiative,
        "goals": goals,
        "themes": [(code, label) for code, label in Theme.choices if code in (experience.themes or [])],
        "can_edit": may_edit_experience(request.user, experience),
    }
    return render(request, "evaluation/experiences/experience_detail.html", context)


def experience_edit(request, pk):
    experience = get_experience_for_user(request.user, pk, write=True)
    initiative = experience.initiative
    # The experience keeps its organisation even if that is no longer among the user's engaged ones.
    organisations = Organisation.objects.filter(
        Q(pk__in=recording_organisations(request.user, initiative).values("pk")) | Q(pk=experience.organisation_id)
    )
    form = ExperienceForm(request.POST or None, instance=experience, initiative=initiative, organisations=organisations)
    if form.is_valid():
        form.save()
        messages.success(request, _("Erfaringen er gemt."))
        return redirect("evaluation:experience_detail", pk=experience.pk)
    return render_form(
        request,
        form,
        title=_("Rediger erfaring"),
        cancel_url=reverse("evaluation:experience_detail", args=[experience.pk]),
        extra={"initiative": initiative},
        template=TEMPLATE,
    )
