"""The evaluation URLs. Each feature has its own urls module, included here."""

from django.urls import include, path

app_name = "evaluation"

urlpatterns = [
    path("", include("evaluation.surveys.urls")),
    path("", include("evaluation.experiences.urls")),
    path("", include("evaluation.goals.urls")),
    path("", include("evaluation.report.urls")),
]
