"""Load the Nørrebro setting (``setting.toml`` beside this file) into the database.

Each row is looked up by its natural key and saved only when a value differs, so a
second run changes nothing, not even the history tables. The order follows the
references: areas, organisations (their mayors once the people exist), people,
bodies with their seats, initiatives with their links and engagements, users.
"""

from django.contrib.auth import get_user_model

from actors.demo.seeder import Seeder, keys
from actors.models import Area, Body, BodyLink, Engagement, Initiative, Organisation, Person, Role, Seat

User = get_user_model()

SUMMARY_MODELS = [Area, Organisation, Person, Body, Seat, Initiative, BodyLink, Engagement, User, Role]

ORGANISATION_FIELDS = {
    "short_name", "parent", "committee", "housing_organisation", "funders", "period_start", "period_end",
    "budget", "is_illustrative", "areas", "description", "mayor", "website",
}  # fmt: skip
BODY_FIELDS = {"organisation", "reports_to", "residents_have_seats", "meeting_frequency", "is_illustrative", "mandate"}
INITIATIVE_FIELDS = {"short_name", "need_category", "budget", "lead_department", "areas", "description", "vision"}


class SettingSeeder(Seeder):
    data_file = "setting.toml"

    def seed(self):
        self.areas, self.orgs, self.people, self.bodies = {}, {}, {}, {}
        data = self.data
        keys(data, "setting.toml", required={"password", "engagement_note", "people", "areas", "organisations",
                                             "bodies", "initiatives", "users"})  # fmt: skip
        for spec in data["areas"]:
            self._area(spec)
        mayors = [(self._organisation(spec), spec.get("mayor")) for spec in data["organisations"]]
        for spec in data["people"]:
            self._person(spec)
        for organisation, mayor in mayors:
            if mayor:
                self.apply(organisation, {"mayor": self.people[mayor]})
        for spec in data["bodies"]:
            self._body(spec)
        for spec in data["bodies"]:
            for seat in spec.get("seats", []):
                self._seat(spec["name"], seat)
        self.initiatives = {spec["name"]: self._initiative(spec) for spec in data["initiatives"]}
        for spec in data["users"]:
            self._user(spec)

    # --- rows ---------------------------------------------------------------------------

    def _org(self, key):
        if not key:
            return None
        if key not in self.orgs:
            raise self.error(f"organisationen {key!r} står ikke under [[organisations]]")
        return self.orgs[key]

    def _area(self, spec):
        keys(
            spec,
            f"setting.toml, område {spec.get('name')}",
            required={"name", "kind"},
            optional={"parent", "description"},
        )
        self.areas[spec["name"]] = self.upsert(
            Area,
            {"kind": spec["kind"], "name": spec["name"]},
            {"parent": self.areas.get(spec.get("parent")), "description": spec.get("description", "")},
        )

    def _organisation(self, spec):
        keys(
            spec,
            f"setting.toml, organisation {spec.get('name')}",
            required={"name", "kind"},
            optional=ORGANISATION_FIELDS,
        )
        values = {name: spec.get(name, "") for name in ("short_name", "committee", "funders", "description")}
        values |= {name: spec.get(name) for name in ("period_start", "period_end", "budget")}
        values |= {
            "parent": self._org(spec.get("parent")),
            "housing_organisation": self._org(spec.get("housing_organisation")),
            "is_illustrative": spec.get("is_illustrative", False),
            "website": spec.get("website", ""),
        }
        organisation = self.upsert(Organisation, {"kind": spec["kind"], "name": spec["name"]}, values)
        self.set_m2m(organisation, "areas", [self.areas[name] for name in spec.get("areas", [])])
        self.orgs[organisation.name] = organisation
        if organisation.short_name and organisation.kind == Organisation.Kind.MUNICIPAL_DEPARTMENT:
            self.orgs[organisation.short_name] = organisation
        return organisation

    def _person(self, spec):
        keys(
            spec,
            f"setting.toml, person {spec.get('name')}",
            required={"name"},
            optional={"title", "organisation", "person"},
        )
        self.people[spec["name"]] = self.upsert(
            Person,
            {"name": spec["name"]},
            {
                "title": spec.get("title", ""),
                "organisation": self._org(spec.get("organisation")),
                "is_illustrative": True,
                # The demo names its cast by post ("Hotspotchef Indre Nørrebro"); `person = true` marks a named one.
                "is_placeholder": not spec.get("person", False),
            },
        )

    def _body(self, spec):
        keys(
            spec, f"setting.toml, organ {spec.get('name')}", required={"name", "kind"}, optional=BODY_FIELDS | {"seats"}
        )
        self.bodies[spec["name"]] = self.upsert(
            Body,
            {"name": spec["name"]},
            {
                "kind": spec["kind"],
                "organisation": self._org(spec.get("organisation")),
                "reports_to": self.bodies.get(spec.get("reports_to")),
                "residents_have_seats": spec.get("residents_have_seats", False),
                "meeting_frequency": spec.get("meeting_frequency", ""),
                "mandate": spec.get("mandate", ""),
                "is_illustrative": spec.get("is_illustrative", False),
            },
        )

    def _seat(self, body, spec):
        keys(spec, f"setting.toml, plads i {body}", required={"person", "role", "kind"}, optional={"start", "end"})
        person = self.people[spec["person"]]
        # A resident sits for the residents, everyone else for their own organisation.
        representing = None if spec["kind"] == Seat.Kind.RESIDENT else person.organisation
        self.upsert(
            Seat,
            {"person": person, "body": self.bodies[body], "start": spec.get("start")},
            {"role": spec["role"], "kind": spec["kind"], "representing": representing, "end": spec.get("end")},
        )

    def _initiative(self, spec):
        where = f"indsats {spec.get('name')}"
        keys(
            spec, where, required={"name", "start", "end", "chief", "links", "engagements"}, optional=INITIATIVE_FIELDS
        )
        initiative = self.upsert(
            Initiative,
            {"name": spec["name"]},
            {
                "short_name": spec.get("short_name", ""),
                "description": spec.get("description", ""),
                "vision": spec.get("vision", ""),
                "need_category": spec.get("need_category", ""),
                "start": spec["start"],
                "end": spec["end"],
                "budget": spec.get("budget"),
                "lead_department": self._org(spec.get("lead_department")),
                "chief": self.people[spec["chief"]],
            },
        )
        self.set_m2m(initiative, "areas", [self.areas[name] for name in spec.get("areas", [])])
        for link in spec["links"]:
            keys(
                link,
                f"setting.toml, {where}, organ {link.get('body')}",
                required={"body", "relation"},
                optional={"note"},
            )
            self.upsert(
                BodyLink,
                {"initiative": initiative, "body": self.bodies[link["body"]]},
                {"relation": link["relation"], "note": link.get("note", "")},
            )
        for engagement in spec["engagements"]:
            keys(
                engagement,
                f"setting.toml, {where}, engagement {engagement.get('organisation')}",
                required={"organisation", "role", "start"},
                optional={"fields", "end", "note"},
            )
            self.upsert(
                Engagement,
                {
                    "initiative": initiative,
                    "organisation": self._org(engagement["organisation"]),
                    "start": engagement["start"],
                },
                {
                    "role": engagement["role"],
                    "professional_fields": engagement.get("fields", []),
                    "end": engagement.get("end"),
                    "note": engagement.get("note", self.data["engagement_note"]),
                },
            )
        return initiative

    def _user(self, spec):
        keys(
            spec,
            f"setting.toml, bruger {spec.get('username')}",
            required={"username", "first_name", "last_name", "email", "roles"},
            optional={"superuser", "person"},
        )
        superuser = spec.get("superuser", False)
        user = self.upsert(
            User,
            {"username": spec["username"]},
            {
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "email": spec["email"],
                "is_staff": superuser,
                "is_superuser": superuser,
                "is_active": True,
            },
            clean=False,  # a new user has no password yet; set_password follows
        )
        # Keep the demo login working, but leave an unchanged hash alone (a rerun changes nothing).
        if not user.check_password(self.data["password"]):
            user.set_password(self.data["password"])
            user.save(update_fields=["password"])
            self.count_update(user)
        for role in spec["roles"]:
            keys(
                role,
                f"setting.toml, bruger {spec['username']}, rolle",
                required={"kind"},
                optional={"initiative", "organisation"},
            )
            self.upsert(
                Role,
                {
                    "user": user,
                    "kind": role["kind"],
                    "initiative": self.initiatives.get(role.get("initiative")),
                    "organisation": self._org(role.get("organisation")),
                },
            )
        if spec.get("person"):
            self.apply(self.people[spec["person"]], {"user": user, "email": user.email})

    # --- what it says -------------------------------------------------------------------

    def write_summary(self):
        self.stdout.write("Demodata for Hotspot Nørrebro:")
        for model in SUMMARY_MODELS:
            self.stdout.write(
                f"  {str(model._meta.verbose_name_plural):<20} {model.objects.count():>4} i alt"
                f"  ({self.created[model]} oprettet, {self.updated[model]} opdateret)"
            )
        self.stdout.write("")
        self.stdout.write(f"Demo-logins (adgangskode: {self.data['password']}):")
        self.stdout.write(f"  {'brugernavn':<13} {'navn':<16} rolle")
        for spec in self.data["users"]:
            roles = ", ".join(str(r) for r in Role.objects.filter(user__username=spec["username"]))
            self.stdout.write(f"  {spec['username']:<13} {spec['first_name'] + ' ' + spec['last_name']:<16} {roles}")


def seed(*, stdout, data=None):
    """Create (or complete) the setting; print what there is and the demo logins."""
    seeder = SettingSeeder(stdout, data=data)
    result = seeder.run()
    seeder.write_summary()
    return result
