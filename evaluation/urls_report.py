from django.urls import path

from . import report_views

urlpatterns = [
    path("indsatser/<int:pk>/rapport/", report_views.report, name="report"),
    path("indsatser/<int:pk>/rapport.<str:fmt>", report_views.report_export, name="report_export"),
]
