"""The invitation picker: organisations, people (or roles) and "all current members of a body", by search.

One search answers both the JSON endpoint (typed into the picker) and the plain GET form that
works without JavaScript. Who may search is the caller's check: the meeting's staff
(get_meeting_for_user(write=True)); they invite from the directory, which every role reads.
"""

from dataclasses import asdict, dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actors.models import Body, Organisation, Person, Seat

LIMIT = 20  # matches shown at most; type more to narrow
MIN_QUERY = 2


@dataclass(frozen=True)
class Match:
    kind: str  # "organisation", "person" or "body" — also the name of the POST field (+ "s")
    id: int
    label: str
    detail: str
    invited: bool = False

    @property
    def field(self):
        return {"organisation": "organisations", "person": "people", "body": "bodies"}[self.kind]

    def as_json(self):
        return {**asdict(self), "field": self.field}


def _person_detail(person):
    kind = _("rolle") if person.is_placeholder else _("person")
    where = person.title or (person.organisation.name if person.organisation else "")
    return f"{kind}{' · ' + where if where else ''}"


def search(meeting, query, limit=LIMIT):
    """(matches, more): up to `limit` matches for `query`, bodies first, then organisations, then people.

    A constant number of queries whatever the directory's size (see the query-count test)."""
    query = (query or "").strip()
    if len(query) < MIN_QUERY:
        return [], False
    invited = meeting.invitations.values_list("organisation_id", "person_id")
    invited_orgs = {o for o, _p in invited if o}
    invited_people = {p for _o, p in invited if p}
    current = Seat.objects.current()
    bodies = (
        Body.objects.filter(name__icontains=query)
        .annotate(members=Count("seats", filter=Q(seats__in=current), distinct=True))
        .filter(members__gt=0)
        .order_by("name")[: limit + 1]
    )
    organisations = Organisation.objects.filter(Q(name__icontains=query) | Q(short_name__iexact=query)).order_by(
        "name"
    )[: limit + 1]
    people = (
        Person.objects.filter(Q(name__icontains=query) | Q(title__icontains=query))
        .select_related("organisation")
        .order_by("name")[: limit + 1]
    )
    matches = [
        Match(
            "body",
            b.pk,
            _("alle nuværende medlemmer af %(body)s") % {"body": b.name},
            ngettext("organ · %(n)s nuværende medlem", "organ · %(n)s nuværende medlemmer", b.members)
            % {"n": b.members},
        )
        for b in bodies
    ]
    matches += [Match("organisation", o.pk, o.name, _("organisation"), o.pk in invited_orgs) for o in organisations]
    matches += [Match("person", p.pk, p.name, _person_detail(p), p.pk in invited_people) for p in people]
    return matches[:limit], len(matches) > limit
