from django.urls import path

from . import views

urlpatterns = [
    path("indsatser/<int:pk>/samarbejde/", views.survey_list, name="survey_list"),
    path("indsatser/<int:pk>/samarbejde/ny/", views.survey_create, name="survey_create"),
    path("samarbejde/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("samarbejde/<int:pk>/svar/", views.survey_answer, name="survey_answer"),
]
