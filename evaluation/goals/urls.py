"""The goal tree, indicators, targets and measurements (included from evaluation.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("indsatser/<int:pk>/maal/", views.goal_tree, name="goal_tree"),
    path("indsatser/<int:pk>/maal/nyt/", views.goal_create, name="goal_create"),
    path("indsatser/<int:pk>/maalinger/import/", views.measurement_import, name="measurement_import"),
    path("maal/<int:pk>/", views.goal_detail, name="goal_detail"),
    path("maal/<int:pk>/rediger/", views.goal_edit, name="goal_edit"),
    path("maal/<int:pk>/slet/", views.goal_delete, name="goal_delete"),
    path("maal/<int:pk>/flyt/", views.goal_move, name="goal_move"),
    path("maal/<int:pk>/koblinger/ny/", views.goallink_add, name="goallink_add"),
    path("koblinger/<int:pk>/slet/", views.goallink_delete, name="goallink_delete"),
    path("maal/<int:pk>/indikatorer/ny/", views.indicator_create, name="indicator_create"),
    path("indikatorer/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indikatorer/<int:pk>/rediger/", views.indicator_edit, name="indicator_edit"),
    path("indikatorer/<int:pk>/slet/", views.indicator_delete, name="indicator_delete"),
    path("indikatorer/<int:pk>/maalvaerdier/ny/", views.target_add, name="target_add"),
    path("maalvaerdier/<int:pk>/slet/", views.target_delete, name="target_delete"),
    path("indikatorer/<int:pk>/maalinger/ny/", views.measurement_add, name="measurement_add"),
    path("maalinger/<int:pk>/rediger/", views.measurement_edit, name="measurement_edit"),
    path("maalinger/<int:pk>/slet/", views.measurement_delete, name="measurement_delete"),
]
