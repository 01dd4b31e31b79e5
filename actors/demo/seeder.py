"""The one base of every demo loader (see ``actors/demo/__init__.py``)."""

import datetime
import inspect
import tomllib
from collections import Counter
from functools import cached_property
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from actors import events
from actors.models import Area, Body, Initiative, Organisation, Person


class Seeder:
    """Reads ``data_file`` beside the subclass's module and loads it in one transaction.

    A subclass sets ``data_file`` and implements ``seed()``; ``run()`` returns what
    ``summary()`` says. Lookups (``org``, ``body`` …) raise a clear error when the layer
    below has not been seeded; ``upsert`` creates a row or saves only the fields whose
    value differs, counting both in ``created`` and ``updated``.
    """

    data_file = ""

    def __init__(self, stdout, *, data=None):
        self.stdout = stdout
        self._data = data
        self.created, self.updated = Counter(), Counter()
        self.existing = 0
        self.fresh = set()  # (model, pk) created in this run: setting their relations is no "update"
        self._cache = {}

    # --- the data file ------------------------------------------------------------------

    @cached_property
    def data(self):
        if self._data is not None:
            return self._data
        path = Path(inspect.getfile(type(self))).with_name(self.data_file)
        with path.open("rb") as f:
            return tomllib.load(f)

    # --- the run ------------------------------------------------------------------------

    def run(self):
        # The demo replays 2012–13: its steps tell nobody (no notifications, no mail).
        with transaction.atomic(), events.muted():
            self.seed()
        return self.summary()

    def seed(self):
        raise NotImplementedError

    def summary(self):
        return {"created": sum(self.created.values()), "updated": sum(self.updated.values()), "existing": self.existing}

    # --- lookups: the layer below must have been seeded --------------------------------

    def get(self, model, **lookup):
        key = (model, tuple(sorted(lookup.items())))
        if key not in self._cache:
            obj = model.objects.filter(**lookup).first()
            if obj is None:
                raise CommandError(
                    f"Demodata mangler: {model._meta.verbose_name} {', '.join(map(str, lookup.values()))} findes ikke. "
                    "Kør `python manage.py seed_demo`, som indlæser demoen nedefra og op."
                )
            self._cache[key] = obj
        return self._cache[key]

    def org(self, key):
        """An organisation by name, or a department by its short name (TMF, BUF …); "" is None."""
        if not key:
            return None
        if key.isupper():
            return self.get(Organisation, short_name=key, kind=Organisation.Kind.MUNICIPAL_DEPARTMENT)
        return self.get(Organisation, name=key)

    def person(self, name):
        return self.get(Person, name=name)

    def body(self, name):
        return self.get(Body, name=name)

    def area(self, name):
        return self.get(Area, name=name) if name else None

    def initiative(self, name):
        return self.get(Initiative, name=name)

    def user(self, username):
        """A demo login by username (None if it is not there: the demo works without it)."""
        key = ("user", username)
        if key not in self._cache:
            self._cache[key] = get_user_model().objects.filter(username=username).first() if username else None
        return self._cache[key]

    # --- writing ------------------------------------------------------------------------

    def upsert(self, model, lookup, values=None, *, clean=True):
        """Get the row matching ``lookup``; create it, or save only the fields whose value differs."""
        values = values or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            if clean:
                validate(obj)
            obj.save()
            self.created[model] += 1
            self.fresh.add((model, obj.pk))
            return obj
        self.apply(obj, values, clean=clean)
        return obj

    def apply(self, obj, values, *, clean=True):
        """Save only the fields of ``values`` that differ from ``obj``'s."""
        changed = [name for name, value in values.items() if not same(obj, name, value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            if clean:
                validate(obj)
            obj.save(update_fields=changed)
            self.count_update(obj)

    def set_m2m(self, obj, name, wanted):
        manager = getattr(obj, name)
        if set(manager.values_list("pk", flat=True)) != {o.pk for o in wanted}:
            manager.set(wanted)
            self.count_update(obj)

    def count_update(self, obj):
        if (type(obj), obj.pk) not in self.fresh:
            self.updated[type(obj)] += 1

    def error(self, message):
        return CommandError(f"Demodata ({self.data_file}): {message}.")


def keys(entry, where, *, required=(), optional=(), choices=None):
    """Refuse an entry of a data file with a missing or an unknown key, or a value not among ``choices``.

    ``where`` names the file and the entry ("escalations.toml, sagen „…“"), so the message says where to look.
    """
    if not isinstance(entry, dict):
        raise CommandError(f"{where}: forventede en tabel, fandt {entry!r}.")
    required, allowed = set(required), set(required) | set(optional)
    for key in sorted(required - entry.keys()):
        raise CommandError(f"{where}: nøglen „{key}“ mangler.")
    for key in sorted(entry.keys() - allowed):
        raise CommandError(f"{where}: ukendt nøgle „{key}“ (tilladt: {', '.join(sorted(allowed))}).")
    for key, values in (choices or {}).items():
        if key in entry and entry[key] not in values:
            raise CommandError(f"{where}: {key} = {entry[key]!r} er ikke en af {', '.join(map(str, values))}.")


def aware(value, default_time=datetime.time(9, 0)):
    """A TOML local date or date-time as an aware datetime in the project's time zone."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, default_time)
    return timezone.make_aware(value)


def validate(obj):
    """Field and model rules (choices, lengths, ``clean()``).

    Uniqueness and foreign keys come from the loaders' own lookups and the database
    enforces them; skipping them saves full_clean's query per key and per constraint.
    """
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def same(obj, name, value):
    """Whether ``obj.name`` already holds ``value`` (foreign keys compared by id, without a query)."""
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) == (value.pk if value is not None else None)
    return getattr(obj, name) == value
