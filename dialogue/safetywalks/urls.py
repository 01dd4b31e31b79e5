"""Safety walks (tryghedsvandringer) and their findings (included from dialogue/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("tryghedsvandringer/", views.safetywalk_list, name="safetywalk_list"),
    path("tryghedsvandringer/ny/", views.safetywalk_create, name="safetywalk_create"),
    path("tryghedsvandringer/<int:pk>/", views.safetywalk_detail, name="safetywalk_detail"),
    path("tryghedsvandringer/<int:pk>/fund/nyt/", views.finding_add, name="finding_add"),
    path("tryghedsvandringer/<int:pk>/opfoelgning/", views.safetywalk_followup, name="safetywalk_followup"),
]
