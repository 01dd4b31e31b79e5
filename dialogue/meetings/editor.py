"""The minutes editor: one form for a held meeting's attendance, each item's minutes and new outcomes.

The page renders every part inside one <form>; posting it saves everything together (or, on an
error, nothing, and shows every part as typed). Field names:
- `att-i<invitation id>`: attendance (AttendanceForm, prefix "att"),
- `minutes-<item id>`, `reached-<item id>`: the item's minutes and whether it was reached,
- `new-<item id>-<n>-<field>`: the n-th new outcome under the item (EditorOutcomeForm); the page
  offers slot 1, and static/js/hotspot.js adds more slots on request.
"""

import re

from django.db.models import Q

from actors.models import Body, Organisation, Person
from dialogue.meetings.forms import AttendanceForm, EditorOutcomeForm, MinutesForm
from dialogue.models import LadderLevel

SLOT = re.compile(r"^new-(\d+)-(\d+)-kind$")
MAX_SLOTS = 20  # new outcomes per item in one save: a bound on what one post may create


def outcome_owners(meeting):
    """Who may own an action item from this meeting: the invited, the initiative's engaged organisations,
    the departments, and the people of those organisations; and which bodies may have decided."""
    organisations = Organisation.objects.filter(
        Q(invitations__meeting=meeting)
        | Q(engagements__initiative_id=meeting.initiative_id)
        | Q(kind=Organisation.Kind.MUNICIPAL_DEPARTMENT)
        | Q(pk__in=meeting.agenda_items.values("owner_organisation"))
    )
    organisations = Organisation.objects.filter(pk__in=organisations.values("pk")).order_by("name")
    people = Person.objects.filter(
        Q(invitations__meeting=meeting) | Q(organisation__in=organisations.filter(invitations__meeting=meeting))
    )
    people = Person.objects.filter(pk__in=people.values("pk")).order_by("name")
    # Who decides: the meeting's body, the bodies linked to the initiative and those of its escalation ladder.
    ladder = LadderLevel.objects.filter(initiative_id=meeting.initiative_id)
    bodies = Body.objects.filter(
        Q(pk=meeting.body_id)
        | Q(initiative_links__initiative_id=meeting.initiative_id)
        | Q(pk__in=ladder.values("body"))
        | Q(pk__in=ladder.values("housing_sector_body"))
    )
    bodies = Body.objects.filter(pk__in=bodies.values("pk")).order_by("name")
    return {"organisations": organisations, "people": people, "bodies": bodies}


class MinutesEditor:
    def __init__(self, meeting, items, invitations, data=None):
        self.meeting, self.items, self.data = meeting, items, data
        # A post without attendance (e.g. from an older page) leaves attendance as it is.
        posted_attendance = data is None or any(key.startswith("att-") for key in data)
        self.attendance = (
            AttendanceForm(data, invitations=invitations, prefix="att")
            if meeting.has_started and invitations and posted_attendance
            else None
        )
        owners = outcome_owners(meeting)
        self._choices = {}
        # The page's template for more outcome slots (static/js/hotspot.js fills in item and number).
        self.slot_template = self._outcome_form(None, owners, "new-__item__-__n__")
        for item in items:
            item.form_minutes, item.form_reached, item.minutes_errors = item.minutes, item.reached, []
            item.minutes_form = None
            if data is not None and f"minutes-{item.pk}" in data:
                values = {"minutes": data[f"minutes-{item.pk}"], "reached": f"reached-{item.pk}" in data}
                item.minutes_form = MinutesForm(values, instance=item)
                item.form_minutes, item.form_reached = values["minutes"], values["reached"]
            slots = sorted({int(n) for pk, n in self._slot_keys() if pk == item.pk}) or [1]
            item.new_outcomes = [self._outcome_form(item, owners, f"new-{item.pk}-{n}") for n in slots[:MAX_SLOTS]]

    def _outcome_form(self, item, owners, prefix):
        form = EditorOutcomeForm(self.data, item=item, owners=owners, prefix=prefix)
        # Every slot offers the same owners and bodies: read them once per page, not once per slot.
        for name in ("decided_by", "owner_organisation", "owner_person"):
            field = form.fields[name]
            if name not in self._choices:
                blank = [("", field.empty_label)] if field.empty_label is not None else []
                self._choices[name] = blank + [(obj.pk, field.label_from_instance(obj)) for obj in field.queryset]
            field.choices = self._choices[name]
        return form

    def _slot_keys(self):
        for key in self.data or ():
            if match := SLOT.match(key):
                yield int(match[1]), match[2]

    def forms(self):
        yield from [self.attendance] if self.attendance else []
        for item in self.items:
            yield from [item.minutes_form] if item.minutes_form else []
            yield from (form for form in item.new_outcomes if not form.is_empty)

    def is_valid(self):
        valid = all([form.is_valid() for form in self.forms()])  # a list: every form gets its errors
        for item in self.items:
            if item.minutes_form is not None and item.minutes_form.errors:
                item.minutes_errors = [e for errors in item.minutes_form.errors.values() for e in errors]
        return valid

    def attendance_data(self):
        return self.attendance.statuses() if self.attendance else {}

    def minutes_data(self):
        return {item.pk: item.minutes_form.cleaned_data for item in self.items if item.minutes_form}

    def outcomes_data(self):
        return [
            (item.pk, form.outcome_data())
            for item in self.items
            for form in item.new_outcomes
            if not form.is_empty and form.cleaned_data.get("kind")
        ]
