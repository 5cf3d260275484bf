"""/tai-khoan/xac-thuc/…: the second-factor pages (qlvb.second_factor_views)."""

from django.urls import path

from qlvb import second_factor_views as views

app_name = "second-factor"

urlpatterns = [
    path("", views.setup, name="setup"),
    path("ma/", views.verify, name="verify"),
    path("ma-du-phong/", views.recovery_regenerate, name="recovery-regenerate"),
    path("thiet-bi/<int:pk>/go/", views.remove, name="remove"),
]
