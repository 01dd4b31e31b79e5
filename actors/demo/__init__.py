"""The Nørrebro demo as data.

Each app keeps its part of the demo under ``<app>/demo/``: a TOML file with the facts
(``actors/demo/setting.toml``, ``dialogue/demo/meetings.toml`` …) and a small loader
beside it that subclasses :class:`actors.demo.seeder.Seeder` and feeds the facts to the
app's real services, with ``now=`` set to the demo's own dates, so timelines, minutes
versions, history rows and search vectors are what a user's clicks would have made.

``python manage.py seed_demo`` (hotspot/management/commands/seed_demo.py) runs the
loaders lowest layer first; every loader looks rows up by natural key and changes
only what differs, so a second run changes nothing.
"""
