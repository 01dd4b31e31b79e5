"""Notifications: the in-app inbox, e-mail, the reminder scan and the ledger that makes sending exactly-once.

- ``events``: listens to the domain events the layers below announce (actors/events.py)
  and turns each into messages for the people it concerns;
- ``scan``: asks each app what falls due (dialogue/reminders.py, evaluation/reminders.py,
  actors/reminders.py) and claims a message per due item and recipient;
- ``ledger``: the claim (a unique insert per kind × object × occurrence × recipient) and
  the delivery of one claimed message, with retries of transient SMTP failures;
- ``mail``: the message as a multipart e-mail;
- ``views``: the inbox, the preferences, the delivery log and the one-click unsubscribe.
"""
