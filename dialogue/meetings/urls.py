"""Meetings, agenda, attendance, minutes, outcomes, series, action lists and calendars (included from dialogue/urls.py)."""

from django.urls import path

from . import calendar_views, views

urlpatterns = [
    path("moeder/", views.meeting_list, name="meeting_list"),
    path("moeder/nyt/", views.meeting_create, name="meeting_create"),
    path("moeder/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("moeder/<int:pk>/rediger/", views.meeting_edit, name="meeting_edit"),
    path("moeder/<int:pk>/slet/", views.meeting_delete, name="meeting_delete"),
    path("moeder/<int:pk>/udskriv/", views.meeting_print, name="meeting_print"),
    path("moeder/<int:pk>/inviter/", views.invitation_add, name="invitation_add"),
    path("invitationer/<int:pk>/fjern/", views.invitation_remove, name="invitation_remove"),
    path("moeder/<int:pk>/fremmoede/", views.attendance, name="attendance"),
    path("moeder/<int:pk>/punkter/nyt/", views.agenda_item_add, name="agenda_item_add"),
    path("punkter/<int:pk>/rediger/", views.agenda_item_edit, name="agenda_item_edit"),
    path("punkter/<int:pk>/flyt/", views.agenda_item_move, name="agenda_item_move"),
    path("punkter/<int:pk>/slet/", views.agenda_item_delete, name="agenda_item_delete"),
    path("punkter/<int:pk>/udfald/nyt/", views.outcome_add, name="outcome_add"),
    path("udfald/<int:pk>/rediger/", views.outcome_edit, name="outcome_edit"),
    path("udfald/<int:pk>/slet/", views.outcome_delete, name="outcome_delete"),
    path("moeder/<int:pk>/dagsorden/send/", views.agenda_send, name="agenda_send"),
    path("moeder/<int:pk>/referat/gem/", views.minutes_save, name="minutes_save"),
    path("moeder/<int:pk>/referat/udsend/", views.minutes_circulate, name="minutes_circulate"),
    path("moeder/<int:pk>/referat/godkend/", views.minutes_publish, name="minutes_publish"),
    path("moeder/<int:pk>/referat/ny-version/", views.minutes_new_version, name="minutes_new_version"),
    path("moeder/<int:pk>/referat/kommentar/", views.minutes_comment, name="minutes_comment"),
    path("moeder/<int:pk>/referat/v<int:number>/", views.minutes_version, name="minutes_version"),
    path("moeder/<int:pk>/overfoer/", views.carry_over, name="carry_over"),
    # A case put on a meeting's agenda: a meeting-side step, posted from the case page.
    path("eskaleringer/<int:pk>/dagsorden/", views.escalation_put_on_agenda, name="escalation_put_on_agenda"),
    path("serier/", views.series_list, name="series_list"),
    path("serier/ny/", views.series_create, name="series_create"),
    path("serier/<int:pk>/", views.series_detail, name="series_detail"),
    path("serier/<int:pk>/rediger/", views.series_edit, name="series_edit"),
    path("serier/<int:pk>/naeste/", views.series_next, name="series_next"),
    path("handlinger/", views.action_list, name="action_list"),
    path("handlinger/<int:pk>/status/", views.action_status, name="action_status"),
    path("moeder/<int:pk>/kalender.ics", calendar_views.meeting_ics, name="meeting_ics"),
    path("kalender/", calendar_views.calendar_settings, name="calendar"),
    path("kalender/forny/", calendar_views.calendar_renew, name="calendar_renew"),
    path("kalender/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
]
