"""The experience log (erfaringer); included from evaluation/urls.py."""

from django.urls import path

from . import experience_views

urlpatterns = [
    path("indsatser/<int:pk>/erfaringer/", experience_views.experience_list, name="experience_list"),
    path("indsatser/<int:pk>/erfaringer/ny/", experience_views.experience_create, name="experience_create"),
    path("erfaringer/<int:pk>/", experience_views.experience_detail, name="experience_detail"),
    path("erfaringer/<int:pk>/rediger/", experience_views.experience_edit, name="experience_edit"),
]
