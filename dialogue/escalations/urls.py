"""Escalations: raise, triage, work, answer; attachments and the ladder (included from dialogue/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("eskaleringer/", views.escalation_list, name="escalation_list"),
    path("eskaleringer/ny/", views.escalation_create, name="escalation_create"),
    path("eskaleringer/indbakke/", views.escalation_inbox, name="escalation_inbox"),
    path("eskaleringer/koe/", views.escalation_queue, name="escalation_queue"),
    path("eskaleringer/<int:pk>/", views.escalation_detail, name="escalation_detail"),
    path("eskaleringer/<int:pk>/kommentar/", views.escalation_comment, name="escalation_comment"),
    path("eskaleringer/<int:pk>/<slug:action>/", views.escalation_action, name="escalation_action"),
    path("bilag/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("indsatser/<int:pk>/eskaleringstrappe/", views.ladder_edit, name="ladder_edit"),
]
