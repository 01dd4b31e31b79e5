"""The site's URLs plus the benchmark's ceiling view; ROOT_URLCONF when BENCH_CEILING is on (bench/pages.py)."""

from django.urls import path

from . import views
from .urls import handler403, handler404, handler500
from .urls import urlpatterns as site

urlpatterns = [path("_ceiling/", views.ceiling, name="bench_ceiling"), *site]
__all__ = ["urlpatterns", "handler403", "handler404", "handler500"]
