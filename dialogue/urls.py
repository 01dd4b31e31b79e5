"""The dialogue URLs. Each feature package has its own urls module, included here."""

from django.urls import include, path

app_name = "dialogue"

urlpatterns = [
    path("", include("dialogue.search.urls")),
    path("", include("dialogue.meetings.urls")),
    path("", include("dialogue.escalations.urls")),
    path("", include("dialogue.safetywalks.urls")),
]
