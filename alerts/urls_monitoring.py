"""`/health/` and `/metrics`, mounted at the site root: path("", include("alerts.urls_monitoring"))."""

from django.urls import path

from .views import monitoring

urlpatterns = [
    path("health/", monitoring.health, name="health"),
    path("metrics", monitoring.metrics, name="metrics"),
]
