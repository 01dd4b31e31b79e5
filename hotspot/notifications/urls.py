from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/aabn/", views.notification_open, name="open"),
    path("alle-laest/", views.inbox_mark_all_read, name="mark_all_read"),
    path("indstillinger/", views.preferences, name="preferences"),
    path("afsendelser/", views.delivery_log, name="delivery_log"),
    path("afsendelser/<int:pk>/send-igen/", views.delivery_retry, name="delivery_retry"),
    path("afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
