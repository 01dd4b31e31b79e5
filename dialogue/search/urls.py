"""Search across meetings, agenda items and outcomes (included from dialogue/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("soeg/", views.search_view, name="search"),
]
