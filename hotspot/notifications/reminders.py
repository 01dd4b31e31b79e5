"""The texts of the reminders the scan finds (the apps' reminders.py say what is due and for whom)."""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from . import ledger
from .events import meeting_ics, meeting_when


def _date(day):
    return formats.date_format(day, "DATE_FORMAT")


def _action_url(action):
    return f"{action.agenda_item.meeting.get_absolute_url()}#punkt-{action.agenda_item_id}"


def meeting_upcoming(meeting, context):
    return ledger.Message(
        title=_("Påmindelse: %(title)s") % {"title": meeting.title},
        body=_("Mødet holdes %(when)s.") % {"when": meeting_when(meeting)},
        url=meeting.get_absolute_url(),
        ics=meeting_ics(meeting, "REQUEST"),
        ics_method="REQUEST",
    )


def agenda_not_sent(meeting, context):
    return ledger.Message(
        title=_("Dagsordenen er ikke sendt: %(title)s") % {"title": meeting.title},
        body=_("Mødet holdes %(when)s, og dagsordenen er ikke sendt til de inviterede endnu.")
        % {"when": meeting_when(meeting)},
        url=meeting.get_absolute_url() + "#dagsorden",
    )


def minutes_not_circulated(meeting, context):
    return ledger.Message(
        title=_("Referatet mangler: %(title)s") % {"title": meeting.title},
        body=_("Mødet blev holdt %(when)s. Referatet er ikke sendt til kommentering endnu.")
        % {"when": meeting_when(meeting)},
        url=meeting.get_absolute_url() + "#referat",
    )


def action_due(action, context):
    return ledger.Message(
        title=_("Frist snart: %(text)s") % {"text": action.text[:120]},
        body=_("Handlingen har frist %(due)s:") % {"due": _date(action.due)} + "\n\n" + action.text,
        url=_action_url(action),
    )


def action_overdue(action, context):
    return ledger.Message(
        title=_("Over fristen: %(text)s") % {"text": action.text[:120]},
        body=_("Handlingen skulle have været udført %(due)s. Markér den som udført, eller aftal en ny frist:")
        % {"due": _date(action.due)}
        + "\n\n"
        + action.text,
        url=_action_url(action),
    )


def sla_near(case, context):
    return ledger.Message(
        title=_("Frist nær: %(title)s") % {"title": case.title},
        body=_("Sagens frist er %(due)s (%(initiative)s).")
        % {"due": _date(case.sla_due), "initiative": case.initiative},
        url=case.get_absolute_url(),
    )


def sla_breached(case, context):
    return ledger.Message(
        title=_("Frist overskredet: %(title)s") % {"title": case.title},
        body=_("Sagens frist var %(due)s (%(initiative)s). Den er stadig åben.")
        % {"due": _date(case.sla_due), "initiative": case.initiative},
        url=case.get_absolute_url(),
    )


def survey_opened(survey_round, context):
    return ledger.Message(
        title=_("Spørgeskema om samarbejdet: %(title)s") % {"title": survey_round.title},
        body=_("Din organisation er med i runden. Den er åben til og med %(closes)s; svarene er anonyme.")
        % {"closes": _date(survey_round.closes)},
        url=survey_round.get_absolute_url(),
    )


def survey_closing(survey_round, context):
    return ledger.Message(
        title=_("Spørgeskemaet lukker snart: %(title)s") % {"title": survey_round.title},
        body=_("Runden lukker %(closes)s. Har du ikke svaret, kan du nå det endnu.")
        % {"closes": _date(survey_round.closes)},
        url=survey_round.get_absolute_url(),
    )


def measurement_due(indicator, context):
    start, end = context["period"]
    return ledger.Message(
        title=_("Måling mangler: %(indicator)s") % {"indicator": indicator.name},
        body=_("Målingen for %(start)s–%(end)s er ikke indberettet endnu.")
        % {"start": _date(start), "end": _date(end)},
        url=indicator.get_absolute_url(),
    )


def funding_ending(plan, context):
    return ledger.Message(
        title=_("Finansieringen udløber: %(plan)s") % {"plan": plan.name},
        body=_("Perioden slutter %(end)s. Tid til at tale om videreførelse og overdragelse.")
        % {"end": _date(plan.period_end)},
        url=plan.get_absolute_url(),
    )


def initiative_ending(initiative, context):
    return ledger.Message(
        title=_("Indsatsen slutter: %(initiative)s") % {"initiative": initiative.name},
        body=_("Indsatsen slutter %(end)s. Planlæg overdragelsen og forankringen i driften.")
        % {"end": _date(initiative.end)},
        url=initiative.get_absolute_url(),
    )


BUILDERS = {
    "reminder.meeting_upcoming": meeting_upcoming,
    "reminder.agenda_not_sent": agenda_not_sent,
    "reminder.minutes_not_circulated": minutes_not_circulated,
    "reminder.action_due": action_due,
    "reminder.action_overdue": action_overdue,
    "reminder.escalation_sla_near": sla_near,
    "reminder.escalation_sla_breached": sla_breached,
    "survey.opened": survey_opened,
    "reminder.survey_closing": survey_closing,
    "reminder.measurement_due": measurement_due,
    "reminder.funding_ending": funding_ending,
    "reminder.initiative_ending": initiative_ending,
}

DIGEST_ITEMS = 10


def _section(lines, heading, counted, row):
    count, rows = counted
    if not count:
        return
    lines += ["", f"{heading} ({count})"]
    lines += [f"· {row(obj)}" for obj in rows]
    if count > len(rows):
        lines.append(_("… og %(n)s mere i Hotspot.") % {"n": count - len(rows)})


def digest(user, open_items, unread, week):
    """The weekly overview: open action items, cases, the next meetings and the week's unread notifications."""
    lines = [_("Dit overblik over Hotspot i uge %(week)s.") % {"week": week}]
    _section(
        lines,
        _("Dine åbne handlinger"),
        open_items["actions"],
        lambda a: _("%(text)s – frist %(due)s") % {"text": a.text[:100], "due": _date(a.due) if a.due else "–"},
    )
    _section(
        lines,
        _("Åbne sager"),
        open_items["cases"],
        lambda c: _("%(title)s – frist %(due)s") % {"title": c.title, "due": _date(c.sla_due)},
    )
    _section(lines, _("Dine næste møder"), open_items["meetings"], lambda m: f"{m.title}, {meeting_when(m)}")
    _section(lines, _("Ulæste beskeder"), (len(unread), unread[:DIGEST_ITEMS]), lambda n: n.title)
    return ledger.Message(
        title=_("Ugens overblik (uge %(week)s)") % {"week": week}, body="\n".join(lines), url="/", in_app=False
    )  # fmt: skip


DIGEST_PERIOD = datetime.timedelta(days=7)
