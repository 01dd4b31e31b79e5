"""factory_boy factories for the variants a test needs beyond the shared cast in conftest.py.

`RoleFactory(organisation=org, initiative=initiative).user` is a signed-in-able
coordinator of `org`; meetings are built through the real service.
"""

import datetime

import factory
from django.contrib.auth import get_user_model

from actors.models import Initiative, Organisation, Person, Role
from tests.conftest import PASSWORD


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@kk.example")
    first_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.django.Password(PASSWORD)


class RoleFactory(factory.django.DjangoModelFactory):
    """A role with a new user of its own; a coordinator unless told otherwise."""

    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    kind = Role.Kind.COORDINATOR


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Forening {n}")
    kind = Organisation.Kind.OTHER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Deltager {n}")


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    name = factory.Sequence(lambda n: f"Hotspot {n}")
    start = datetime.date(2011, 3, 1)
    end = datetime.date(2014, 12, 31)


class MeetingFactory(factory.Factory):
    """A meeting made by dialogue.meetings.services.meeting_create, as the pages make it."""

    class Meta:
        model = dict  # the service builds the Meeting; the factory only assembles its data

    initiative = factory.SubFactory(InitiativeFactory)
    kind = "dialogue_platform"
    title = factory.Sequence(lambda n: f"Møde {n}")
    start = datetime.datetime(2012, 5, 3, 9, 0, tzinfo=datetime.UTC)
    end = factory.LazyAttribute(lambda m: m.start + datetime.timedelta(hours=2))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from dialogue.meetings import services

        return services.meeting_create(data=kwargs, by=None)
