from django.urls import path

from . import views

urlpatterns = [
    path("overblik/", views.overview, name="overview"),
    path("overblik/indsatser.<str:fmt>", views.overview_export, name="overview_export"),
    path("indsatser/<int:pk>/overblik/", views.initiative_dashboard, name="initiative_dashboard"),
    path(
        "indsatser/<int:pk>/overblik/<str:table>.<str:fmt>",
        views.initiative_dashboard_export,
        name="initiative_dashboard_export",
    ),
    path("forvaltninger/<int:pk>/overblik/", views.department, name="department"),
    path("forvaltninger/<int:pk>/overblik.<str:fmt>", views.department_export, name="department_export"),
    path("indsatser/<int:pk>/netvaerk/", views.network, name="network"),
    path("indsatser/<int:pk>/netvaerk/<str:table>.<str:fmt>", views.network_export, name="network_export"),
]
