from django.urls import path

from . import views

app_name = "actors"

urlpatterns = [
    path("aktoerer/", views.directory, name="directory"),
    path("aktoerer/ny/", views.organisation_create, name="organisation_create"),
    path("aktoerer/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("aktoerer/<int:pk>/rediger/", views.organisation_edit, name="organisation_edit"),
    path("aktoerer/<int:pk>/slet/", views.organisation_delete, name="organisation_delete"),
    path("omraader/", views.area_list, name="area_list"),
    path("omraader/nyt/", views.area_create, name="area_create"),
    path("omraader/<int:pk>/", views.area_detail, name="area_detail"),
    path("omraader/<int:pk>/rediger/", views.area_edit, name="area_edit"),
    path("omraader/<int:pk>/slet/", views.area_delete, name="area_delete"),
    path("organer/", views.governance_chart, name="governance_chart"),
    path("organer/nyt/", views.body_create, name="body_create"),
    path("organer/<int:pk>/", views.body_detail, name="body_detail"),
    path("organer/<int:pk>/rediger/", views.body_edit, name="body_edit"),
    path("organer/<int:pk>/slet/", views.body_delete, name="body_delete"),
    path("organer/<int:body_pk>/pladser/ny/", views.seat_create, name="seat_create"),
    path("pladser/<int:pk>/rediger/", views.seat_edit, name="seat_edit"),
    path("pladser/<int:pk>/slet/", views.seat_delete, name="seat_delete"),
    path("personer/", views.person_list, name="person_list"),
    path("personer/ny/", views.person_create, name="person_create"),
    path("personer/<int:pk>/", views.person_detail, name="person_detail"),
    path("personer/<int:pk>/rediger/", views.person_edit, name="person_edit"),
    path("personer/<int:pk>/slet/", views.person_delete, name="person_delete"),
    path("indsatser/", views.initiative_list, name="initiative_list"),
    path("indsatser/ny/", views.initiative_create, name="initiative_create"),
    path("indsatser/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("indsatser/<int:pk>/rediger/", views.initiative_edit, name="initiative_edit"),
    path("indsatser/<int:initiative_pk>/engagementer/nyt/", views.engagement_create, name="engagement_create"),
    path("engagementer/<int:pk>/rediger/", views.engagement_edit, name="engagement_edit"),
    path("engagementer/<int:pk>/slet/", views.engagement_delete, name="engagement_delete"),
    path("indsatser/<int:initiative_pk>/organer/nyt/", views.bodylink_create, name="bodylink_create"),
    path("organkoblinger/<int:pk>/slet/", views.bodylink_delete, name="bodylink_delete"),
    path("brugere/", views.user_list, name="user_list"),
    path("brugere/ny/", views.user_create, name="user_create"),
    path("roller/ny/", views.role_create, name="role_create"),
    path("roller/<int:pk>/slet/", views.role_delete, name="role_delete"),
]
