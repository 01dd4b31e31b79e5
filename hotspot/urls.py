from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views
from .health import HealthView

health = login_not_required(HealthView.as_view())

urlpatterns = [
    path("", views.home, name="home"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    path("health/", health, name="health"),
    path("konto/", include("django.contrib.auth.urls")),
    # Open without login so the language can be switched on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("actors.urls")),
    path("", include("dialogue.urls")),
    path("evaluering/", include("evaluation.urls")),
    path("beskeder/", include("hotspot.notifications.urls")),
    path("", include("hotspot.app_urls")),
]

handler404 = "hotspot.views.page_not_found"
handler403 = "hotspot.views.permission_denied"
handler500 = "hotspot.views.server_error"
