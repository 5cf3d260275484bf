"""/uy-quyen/…: delegations (qlvb.delegation_views)."""

from django.urls import path

from qlvb import delegation_views as views

app_name = "delegations"

urlpatterns = [
    path("", views.delegation_index, name="index"),
    path("<int:pk>/thu-hoi/", views.delegation_revoke_view, name="revoke"),
]
