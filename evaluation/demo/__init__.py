"""The evaluation demo as data (see actors/demo/__init__.py)."""
