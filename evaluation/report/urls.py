from django.urls import path

from . import views

urlpatterns = [
    path("indsatser/<int:pk>/rapport/", views.report, name="report"),
    path("indsatser/<int:pk>/rapport.<str:fmt>", views.report_export, name="report_export"),
]
