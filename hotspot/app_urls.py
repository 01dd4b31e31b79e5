"""The top layer's own pages (namespace "hotspot"): each feature package has its urls module, included here."""

from django.urls import include, path

app_name = "hotspot"

urlpatterns = [
    path("", include("hotspot.handover.urls")),
    path("", include("hotspot.dashboards.urls")),
]
