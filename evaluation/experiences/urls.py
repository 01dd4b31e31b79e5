"""The experience log (erfaringer); included from evaluation/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("indsatser/<int:pk>/erfaringer/", views.experience_list, name="experience_list"),
    path("indsatser/<int:pk>/erfaringer/ny/", views.experience_create, name="experience_create"),
    path("erfaringer/<int:pk>/", views.experience_detail, name="experience_detail"),
    path("erfaringer/<int:pk>/rediger/", views.experience_edit, name="experience_edit"),
]
