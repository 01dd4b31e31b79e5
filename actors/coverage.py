"""The coverage check: are all professional fields covered in an initiative?

The seed asks that the cross-departmental organisation makes sure "the
municipality gets round all relevant professional fields" when an area-based
initiative starts. The matrix has one row per municipal department (all of
them, engaged or not, so a missing department shows) and one per other engaged
organisation; columns are the professional fields. A field no active
engagement covers is a gap.
"""

from dataclasses import dataclass

from django.utils import timezone

from .models import Engagement, Organisation, ProfessionalField


@dataclass
class CoverageRow:
    organisation: Organisation
    engagements: list
    covered: list  # one bool per field, in ProfessionalField order

    @property
    def engaged(self):
        return bool(self.engagements)

    @property
    def since(self):
        """The start of its earliest engagement active on the day (TMF: 1 December 2010, before the initiative)."""
        return min((e.start for e in self.engagements), default=None)


@dataclass
class Coverage:
    fields: list  # (value, label)
    departments: list
    local_actors: list
    field_covered: list  # one bool per field
    on: object

    @property
    def gaps(self):
        return [label for (_, label), ok in zip(self.fields, self.field_covered, strict=True) if not ok]

    @property
    def departments_missing(self):
        return [row.organisation for row in self.departments if not row.engaged]


def coverage_matrix(initiative, on=None):
    """Coverage on a date (default today, clamped into the initiative's period). Two queries."""
    on = on or timezone.localdate()
    on = min(max(on, initiative.start), initiative.end)
    fields = list(ProfessionalField.choices)
    active = list(Engagement.objects.filter(initiative=initiative).active(on).select_related("organisation"))
    by_org = {}
    for engagement in active:
        by_org.setdefault(engagement.organisation_id, []).append(engagement)

    def row(org):
        engs = by_org.get(org.pk, [])
        covered_values = {f for e in engs for f in (e.professional_fields or [])}
        return CoverageRow(org, engs, [value in covered_values for value, _ in fields])

    departments = [row(org) for org in Organisation.objects.departments().order_by("name")]
    department_ids = {r.organisation.pk for r in departments}
    others = sorted(
        {e.organisation.pk: e.organisation for e in active if e.organisation.pk not in department_ids}.values(),
        key=lambda o: o.name,
    )
    local_actors = [row(org) for org in others]
    all_rows = departments + local_actors
    field_covered = [any(r.covered[i] for r in all_rows) for i in range(len(fields))]
    return Coverage(fields, departments, local_actors, field_covered, on)
