"""The Nørrebro meetings and escalations demo as data (see actors/demo/__init__.py)."""
