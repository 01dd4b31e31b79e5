"""The evaluation URLs. Each feature has its own urls module, included here."""

from django.urls import include, path

app_name = "evaluation"

urlpatterns = [
    path("", include("evaluation.urls_surveys")),
    path("", include("evaluation.urls_experiences")),
    path("", include("evaluation.urls_goals")),
    path("", include("evaluation.urls_report")),
]
