"""Escalations: raise, triage, work, answer; attachments and the ladder (included from dialogue/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("eskaleringer/", views.escalation_list, name="escalation_list"),
    path("eskaleringer/ny/", views.escalation_create, name="escalation_create"),
    path("eskaleringer/indbakke/", views.escalation_inbox, name="escalation_inbox"),
    path("eskaleringer/indbakke/samlet/", views.escalation_bulk, name="escalation_bulk"),
    path("eskaleringer/koe/", views.escalation_queue, name="escalation_queue"),
    path("eskaleringer/<int:pk>/", views.escalation_detail, name="escalation_detail"),
    path("eskaleringer/<int:pk>/kommentar/", views.escalation_comment, name="escalation_comment"),
    # One URL per step (putting a case on an agenda is a meeting-side step: dialogue/meetings/urls.py).
    path("eskaleringer/<int:pk>/kvitter/", views.escalation_acknowledge, name="escalation_acknowledge"),
    path("eskaleringer/<int:pk>/tildel/", views.escalation_assign, name="escalation_assign"),
    path("eskaleringer/<int:pk>/sagsbehandler/", views.escalation_assign_handler, name="escalation_assign_handler"),
    path("eskaleringer/<int:pk>/note/", views.escalation_note, name="escalation_note"),
    path("eskaleringer/<int:pk>/afvis/", views.escalation_reject, name="escalation_reject"),
    path("eskaleringer/<int:pk>/saml/", views.escalation_merge, name="escalation_merge"),
    path("eskaleringer/<int:pk>/eskaler/", views.escalation_escalate, name="escalation_escalate"),
    path("eskaleringer/<int:pk>/behandles/", views.escalation_start, name="escalation_start"),
    path("eskaleringer/<int:pk>/svar/", views.escalation_answer, name="escalation_answer"),
    path("eskaleringer/<int:pk>/genaabn/", views.escalation_reopen, name="escalation_reopen"),
    path("eskaleringer/<int:pk>/beslutning/", views.escalation_decision, name="escalation_decision"),
    path("bilag/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("indsatser/<int:pk>/eskaleringstrappe/", views.ladder_edit, name="ladder_edit"),
]
