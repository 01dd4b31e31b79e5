from django.urls import path

from . import survey_views

urlpatterns = [
    path("indsatser/<int:pk>/samarbejde/", survey_views.survey_list, name="survey_list"),
    path("indsatser/<int:pk>/samarbejde/ny/", survey_views.survey_create, name="survey_create"),
    path("samarbejde/<int:pk>/", survey_views.survey_detail, name="survey_detail"),
    path("samarbejde/<int:pk>/svar/", survey_views.survey_answer, name="survey_answer"),
]
