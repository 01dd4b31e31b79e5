from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import services, sorting
from .access import (
    access_for,
    get_area_for_user,
    get_body_for_user,
    get_bodylink_for_user,
    get_engagement_for_user,
    get_initiative_for_user,
    get_organisation_for_user,
    get_person_for_user,
    get_role_for_user,
    get_seat_for_user,
    require_directory_reader,
    require_directory_writer,
    require_user_admin,
    visible_initiatives,
)
from .coverage import coverage_matrix
from .extensions import render_initiative_links, render_organisation_sections
from .filters import OrganisationFilter, PersonFilter, UserFilter
from .forms import (
    AreaForm,
    BodyForm,
    BodyLinkForm,
    EngagementForm,
    InitiativeForm,
    OrganisationForm,
    PersonForm,
    RoleForm,
    SeatForm,
    UserCreateForm,
)
from .governance import chart_version, governance_tree
from .history import history_entries
from .models import Area, BodyLink, Engagement, Organisation, Person, Role, Seat, display_name
from .pages import errors_to_messages, query_date, render_form

PAGE_SIZE = 25


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


# Directory -----------------------------------------------------------------


DIRECTORY_COLUMNS = [
    ("name", _("Navn"), False, "name"),
    ("kind", _("Type"), False, "kind"),
    (None, _("Områder"), False, None),
    ("parent", _("Hører under"), False, "parent__name"),
    ("budget", _("Budget (kr.)"), True, "budget"),
]


def _sorted(request, queryset, columns, default):
    """The queryset sorted by the column chosen (actors.sorting) and the columns' heading links."""
    fields = {key: field for key, _label, _numeric, field in columns if key}
    queryset, current = sorting.order(request, queryset, fields, default)
    headers = sorting.headers(request, [(key, label, numeric) for key, label, numeric, _f in columns], current)
    return queryset, headers


def directory(request):
    require_directory_reader(request.user)
    base = Organisation.objects.select_related("parent").prefetch_related("areas")
    filterset = OrganisationFilter(request.GET, queryset=base, request=request)
    organisations, headers = _sorted(request, filterset.qs, DIRECTORY_COLUMNS, "name")
    context = {"filter": filterset, "page": _page(request, organisations), "headers": headers}
    return render(request, "actors/directory.html", context)


def organisation_detail(request, pk):
    org = get_organisation_for_user(request.user, pk)
    acc = access_for(request.user)
    engagements = (
        Engagement.objects.filter(organisation=org, initiative__in=visible_initiatives(request.user))
        .select_related("initiative")
        .order_by("-start")
    )
    # What lies under it and the master plans it runs: one query, split here.
    below = list(Organisation.objects.filter(Q(parent=org) | Q(housing_organisation=org)).order_by("name"))
    context = {
        "org": org,
        "areas": org.areas.all(),
        "children": [o for o in below if o.parent_id == org.pk],
        "master_plans": [o for o in below if o.housing_organisation_id == org.pk],
        "bodies": org.bodies.select_related("reports_to").order_by("name"),
        "seats": Seat.objects.filter(Q(representing=org) | Q(person__organisation=org))
        .select_related("person", "body")
        .order_by("body__name", "person__name")
        .distinct(),
        "people": org.people.order_by("name"),
        "engagements": engagements,
        "history": history_entries(org),
        "can_edit": acc.is_global_admin,
        "sections": render_organisation_sections(org, request.user),
    }
    return render(request, "actors/organisation_detail.html", context)


def organisation_create(request):
    require_directory_writer(request.user)
    form = OrganisationForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    if form.is_valid():
        org = form.save()
        messages.success(request, _("Gemt: %(obj)s") % {"obj": org})
        return redirect(org)
    return render_form(request, form, title=_("Ny organisation"), cancel_url=reverse("actors:directory"))


def organisation_edit(request, pk):
    org = get_organisation_for_user(request.user, pk, write=True)
    form = OrganisationForm(request.POST or None, instance=org)
    if form.is_valid():
        form.save()
        messages.success(request, _("Gemt: %(obj)s") % {"obj": org})
        return redirect(org)
    return render_form(request, form, title=_("Rediger %(obj)s") % {"obj": org}, cancel_url=org.get_absolute_url())


def organisation_delete(request, pk):
    org = get_organisation_for_user(request.user, pk, write=True)
    if request.method == "POST":
        try:
            services.record_delete(obj=org)
        except ValidationError as error:
            errors_to_messages(request, error)
            return redirect(org)
        messages.success(request, _("Slettet: %(obj)s") % {"obj": org})
        return redirect("actors:directory")
    return render(request, "actors/confirm_delete.html", {"object": org, "cancel_url": org.get_absolute_url()})


# Areas ----------------------------------------------------------------------


AREA_COLUMNS = [
    ("name", _("Navn"), False, "name"),
    ("kind", _("Type"), False, "kind"),
    ("parent", _("Ligger i"), False, "parent__name"),
    ("organisations", _("Organisationer"), True, "n_orgs"),
]


def area_list(request):
    require_directory_reader(request.user)
    areas = Area.objects.select_related("parent").annotate(n_orgs=Count("organisations"))
    areas, headers = _sorted(request, areas, AREA_COLUMNS, "name")
    return render(request, "actors/area_list.html", {"page": _page(request, areas), "headers": headers})


def area_detail(request, pk):
    area = get_area_for_user(request.user, pk)
    context = {
        "area": area,
        "children": area.children.order_by("name"),
        "organisations": area.organisations.order_by("name"),
        "initiatives": visible_initiatives(request.user).filter(areas=area),
        "history": history_entries(area),
        "can_edit": access_for(request.user).is_global_admin,
    }
    return render(request, "actors/area_detail.html", context)


def area_create(request):
    require_directory_writer(request.user)
    form = AreaForm(request.POST or None)
    if form.is_valid():
        area = form.save()
        messages.success(request, _("Gemt: %(obj)s") % {"obj": area})
        return redirect(area)
    return render_form(request, form, title=_("Nyt område"), cancel_url=reverse("actors:area_list"))


def area_edit(request, pk):
    area = get_area_for_user(request.user, pk, write=True)
    form = AreaForm(request.POST or None, instance=area)
    if form.is_valid():
        form.save()
        messages.success(request, _("Gemt: %(obj)s") % {"obj": area})
        return redirect(area)
    return render_form(request, form, title=_("Rediger %(obj)s") % {"obj": area}, cancel_url=area.get_absolute_url())


def area_delete(request, pk):
    area = get_area_for_user(request.user, pk, write=True)
    if request.method == "POST":
        try:
            services.record_delete(obj=area)
        except ValidationError as error:
            errors_to_messages(request, error)
            return redirect(area)
        messages.success(request, _("Slettet: %(obj)s") % {"obj": area})
        return redirect("actors:area_list")
    return render(request, "actors/confirm_delete.html", {"object": area, "cancel_url": area.get_absolute_url()})


# Bodies and governance ------------------------------------------------------


def governance_chart(request):
    require_directory_reader(request.user)
    # The tree is the same for every reader: rendered once per version of the bodies and organisations
    # (the template's {% cache %}); `roots` is built only when the cached rendering is missing.
    context = {
        "roots": governance_tree,
        "version": chart_version(),
        "can_edit": access_for(request.user).is_global_admin,
    }
    return render(request, "actors/governance_chart.html", context)


def body_detail(request, pk):
    body = get_body_for_user(request.user, pk)
    seats = body.seats.select_related("person", "person__organisation", "representing").order_by("role", "person__name")
    context = {
        "body": body,
        "chain": body.chain(),
        "current_seats": [s for s in seats if s.is_current],
        "former_seats": [s for s in seats if not s.is_current],
        "reporting": body.reporting_bodies.order_by("name"),
        "initiative_links": BodyLink.objects.filter(
            body=body, initiative__in=visible_initiatives(request.user)
        ).select_related("initiative"),
        "history": history_entries(body),
        "can_edit": access_for(request.user).is_global_admin,
    }
    return render(request, "actors/body_detail.html", context)


def body_create(request):
    require_directory_writer(request.user)
    form = BodyForm(request.POST or None, initial={"reports_to": request.GET.get("reports_to")})
    if form.is_valid():
        body = form.save()
        messages.success(request, _("Gemt: %(obj)s") % {"obj": body})
        return redirect(body)
    return render_form(request, form, title=_("Nyt organ"), cancel_url=reverse("actors:governance_chart"))


def body_edit(request, pk):
    body = get_body_for_user(request.user, pk, write=True)
    form = BodyForm(request.POST or None, instance=body)
    if form.is_valid():
        form.save()
        messages.success(request, _("Gemt: %(obj)s") % {"obj": body})
        return redirect(body)
    return render_form(request, form, title=_("Rediger %(obj)s") % {"obj": body}, cancel_url=body.get_absolute_url())


def body_delete(request, pk):
    body = get_body_for_user(request.user, pk, write=True)
    if request.method == "POST":
        try:
            services.record_delete(obj=body)
        except ValidationError as error:
            errors_to_messages(request, error)
            return redirect(body)
        messages.success(request, _("Slettet: %(obj)s") % {"obj": body})
        return redirect("actors:governance_chart")
    return render(request, "actors/confirm_delete.html", {"object": body, "cancel_url": body.get_absolute_url()})


def seat_create(request, body_pk):
    body = get_body_for_user(request.user, body_pk, write=True)
    form = SeatForm(request.POST or None, instance=Seat(body=body))
    if form.is_valid():
        form.save()
        messages.success(request, _("Pladsen er tilføjet."))
        return redirect(body)
    title = _("Ny plads i %(body)s") % {"body": body}
    return render_form(request, form, title=title, cancel_url=body.get_absolute_url())


def seat_edit(request, pk):
    seat = get_seat_for_user(request.user, pk, write=True)
    form = SeatForm(request.POST or None, instance=seat)
    if form.is_valid():
        form.save()
        messages.success(request, _("Pladsen er gemt."))
        return redirect(seat.body)
    return render_form(request, form, title=_("Rediger plads"), cancel_url=seat.body.get_absolute_url())


def seat_delete(request, pk):
    seat = get_seat_for_user(request.user, pk, write=True)
    if request.method == "POST":
        try:
            services.record_delete(obj=seat)
        except ValidationError as error:
            errors_to_messages(request, error)
            return redirect(seat.body)
        messages.success(request, _("Slettet: %(obj)s") % {"obj": seat})
        return redirect(seat.body)
    return render(request, "actors/confirm_delete.html", {"object": seat, "cancel_url": seat.body.get_absolute_url()})


# People ---------------------------------------------------------------------


PERSON_COLUMNS = [
    ("name", _("Navn"), False, "name"),
    ("title", _("Titel"), False, "title"),
    ("organisation", _("Organisation"), False, "organisation__name"),
]


def person_list(request):
    require_directory_reader(request.user)
    people = Person.objects.select_related("organisation")
    filterset = PersonFilter(request.GET, queryset=people)
    people, headers = _sorted(request, filterset.qs, PERSON_COLUMNS, "name")
    context = {"filter": filterset, "page": _page(request, people), "headers": headers}
    return render(request, "actors/person_list.html", context)


def person_detail(request, pk):
    person = get_person_for_user(request.user, pk)
    context = {
        "person": person,
        "seats": person.seats.select_related("body", "representing").order_by("-start"),
        "history": history_entries(person),
        "can_edit": access_for(request.user).is_global_admin,
    }
    return render(request, "actors/person_detail.html", context)


def person_create(request):
    require_directory_writer(request.user)
    form = PersonForm(request.POST or None, initial={"organisation": request.GET.get("organisation")})
    if form.is_valid():
        person = form.save()
        messages.success(request, _("Gemt: %(obj)s") % {"obj": person})
        return redirect(person)
    return render_form(request, form, title=_("Ny person"), cancel_url=reverse("actors:person_list"))


def person_edit(request, pk):
    person = get_person_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=person)
    if form.is_valid():
        form.save()
        messages.success(request, _("Gemt: %(obj)s") % {"obj": person})
        return redirect(person)
    title = _("Rediger %(obj)s") % {"obj": person}
    return render_form(request, form, title=title, cancel_url=person.get_absolute_url())


def person_delete(request, pk):
    person = get_person_for_user(request.user, pk, write=True)
    if request.method == "POST":
        try:
            services.record_delete(obj=person)
        except ValidationError as error:
            errors_to_messages(request, error)
            return redirect(person)
        messages.success(request, _("Slettet: %(obj)s") % {"obj": person})
        return redirect("actors:person_list")
    return render(request, "actors/confirm_delete.html", {"object": person, "cancel_url": person.get_absolute_url()})


# Initiatives ----------------------------------------------------------------


INITIATIVE_COLUMNS = [
    ("name", _("Indsats"), False, "name"),
    ("start", _("Periode"), False, "start"),
    (None, _("Områder"), False, None),
    ("department", _("Ansvarlig forvaltning"), False, "lead_department__name"),
    ("chief", _("Chef"), False, "chief__name"),
    ("engagements", _("Engagementer"), True, "n_engagements"),
]


def initiative_list(request):
    require_directory_reader(request.user)
    initiatives = (
        visible_initiatives(request.user)
        .select_related("lead_department", "chief")
        .prefetch_related("areas")
        .annotate(n_engagements=Count("engagements", distinct=True))
    )
    initiatives, headers = _sorted(request, initiatives, INITIATIVE_COLUMNS, "start")
    context = {
        "page": _page(request, initiatives), "headers": headers, "can_create": access_for(request.user).is_global_admin,
    }  # fmt: skip
    return render(request, "actors/initiative_list.html", context)


def initiative_detail(request, pk):
    initiative = get_initiative_for_user(request.user, pk)
    engagements = initiative.engagements.select_related("organisation").order_by("organisation__name", "start")
    context = {
        "initiative": initiative,
        "areas": initiative.areas.order_by("name"),
        "coverage": coverage_matrix(initiative, query_date(request.GET.get("on"))),
        "engagements": engagements,
        "body_links": initiative.body_links.select_related("body", "body__reports_to").order_by(
            "relation", "body__name"
        ),
        "history": history_entries(initiative),
        "can_edit": access_for(request.user).manages_initiative(initiative.pk),
        "links": render_initiative_links(initiative, request.user),
    }
    return render(request, "actors/initiative_detail.html", context)


def initiative_create(request):
    require_directory_writer(request.user)
    form = InitiativeForm(request.POST or None)
    if form.is_valid():
        initiative = form.save()
        messages.success(request, _("Gemt: %(obj)s") % {"obj": initiative})
        return redirect(initiative)
    return render_form(request, form, title=_("Ny indsats"), cancel_url=reverse("actors:initiative_list"))


def initiative_edit(request, pk):
    initiative = get_initiative_for_user(request.user, pk, write=True)
    form = InitiativeForm(request.POST or None, instance=initiative)
    if form.is_valid():
        form.save()
        messages.success(request, _("Gemt: %(obj)s") % {"obj": initiative})
        return redirect(initiative)
    title = _("Rediger %(obj)s") % {"obj": initiative}
    return render_form(request, form, title=title, cancel_url=initiative.get_absolute_url())


def engagement_create(request, initiative_pk):
    initiative = get_initiative_for_user(request.user, initiative_pk, write=True)
    form = EngagementForm(request.POST or None, instance=Engagement(initiative=initiative))
    if form.is_valid():
        form.save()
        messages.success(request, _("Engagementet er gemt."))
        return redirect(reverse("actors:initiative_detail", args=[initiative.pk]) + "#engagementer")
    title = _("Nyt engagement i %(obj)s") % {"obj": initiative}
    return render_form(request, form, title=title, cancel_url=initiative.get_absolute_url())


def engagement_edit(request, pk):
    engagement = get_engagement_for_user(request.user, pk, write=True)
    initiative = engagement.initiative
    form = EngagementForm(request.POST or None, instance=engagement)
    if form.is_valid():
        form.save()
        messages.success(request, _("Engagementet er gemt."))
        return redirect(reverse("actors:initiative_detail", args=[initiative.pk]) + "#engagementer")
    return render_form(request, form, title=_("Rediger engagement"), cancel_url=initiative.get_absolute_url())


def engagement_delete(request, pk):
    engagement = get_engagement_for_user(request.user, pk, write=True)
    url = engagement.initiative.get_absolute_url()
    if request.method == "POST":
        try:
            services.record_delete(obj=engagement)
        except ValidationError as error:
            errors_to_messages(request, error)
            return redirect(url)
        messages.success(request, _("Slettet: %(obj)s") % {"obj": engagement})
        return redirect(url)
    return render(request, "actors/confirm_delete.html", {"object": engagement, "cancel_url": url})


def bodylink_create(request, initiative_pk):
    initiative = get_initiative_for_user(request.user, initiative_pk, write=True)
    form = BodyLinkForm(request.POST or None, instance=BodyLink(initiative=initiative))
    if form.is_valid():
        form.save()
        messages.success(request, _("Organet er knyttet til indsatsen."))
        return redirect(initiative)
    title = _("Knyt organ til %(obj)s") % {"obj": initiative}
    return render_form(request, form, title=title, cancel_url=initiative.get_absolute_url())


def bodylink_delete(request, pk):
    link = get_bodylink_for_user(request.user, pk, write=True)
    url = link.initiative.get_absolute_url()
    if request.method == "POST":
        try:
            services.record_delete(obj=link)
        except ValidationError as error:
            errors_to_messages(request, error)
            return redirect(url)
        messages.success(request, _("Slettet: %(obj)s") % {"obj": link})
        return redirect(url)
    return render(request, "actors/confirm_delete.html", {"object": link, "cancel_url": url})


# Users and roles --------------------------------------------------------------


def user_list(request):
    require_user_admin(request.user)
    users = (
        get_user_model()
        .objects.order_by("username")
        .prefetch_related(Prefetch("hotspot_roles", queryset=Role.objects.select_related("initiative", "organisation")))
    )
    filterset = UserFilter(request.GET, queryset=users)
    return render(request, "actors/user_list.html", {"filter": filterset, "page": _page(request, filterset.qs)})


def user_create(request):
    require_user_admin(request.user)
    form = UserCreateForm(request.POST or None)
    if form.is_valid():
        user = services.user_create(**form.cleaned_data, by=request.user)
        messages.success(
            request, _("Brugeren %(u)s er oprettet og har fået en e-mail til at vælge adgangskode.") % {"u": user}
        )
        return redirect(reverse("actors:role_create") + f"?user={user.pk}")
    return render_form(request, form, title=_("Ny bruger"), cancel_url=reverse("actors:user_list"))


def role_create(request):
    require_user_admin(request.user)
    form = RoleForm(request.POST or None, initial={"user": request.GET.get("user")})
    if form.is_valid():
        role = services.role_give(role=form.save(commit=False), by=request.user)
        messages.success(request, _("Rollen %(role)s er givet til %(user)s.") % {"role": role, "user": role.user})
        return redirect("actors:user_list")
    return render_form(request, form, title=_("Ny rolle"), cancel_url=reverse("actors:user_list"))


def role_delete(request, pk):
    role = get_role_for_user(request.user, pk, write=True)
    refusal = services.role_delete_refusal(role=role, by=request.user)
    if refusal:
        messages.error(request, refusal)
        return redirect("actors:user_list")
    if request.method == "POST":
        services.role_remove(role=role, by=request.user)
        messages.success(request, _("Slettet: %(obj)s") % {"obj": role})
        return redirect("actors:user_list")
    who = display_name(role.user)
    description = _("rollen %(role)s fra %(user)s (%(username)s)") % {
        "role": role,
        "user": who,
        "username": role.user.username,
    }
    context = {"object": role, "cancel_url": reverse("actors:user_list"), "description": description}
    return render(request, "actors/confirm_delete.html", context)
