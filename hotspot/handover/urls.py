from django.urls import path

from . import views

urlpatterns = [
    path("indsatser/<int:pk>/overdragelse/", views.handover, name="handover"),
    path("indsatser/<int:pk>/overdragelse/<str:kind>/<int:object_id>/", views.handover_decide, name="handover_decide"),
    path("indsatser/<int:pk>/overdragelse/rapport/", views.handover_report, name="handover_report"),
    path("indsatser/<int:pk>/overdragelse/eksport.<str:fmt>", views.handover_export, name="handover_export"),
    path("indsatser/<int:pk>/afslut/", views.initiative_close, name="initiative_close"),
]
