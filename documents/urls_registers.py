"""URLs of the registers (sổ văn bản): /so-van-ban/den/, /so-van-ban/theo-doi/, /so-van-ban/di/."""

from django.urls import path

from . import views_registers as views

app_name = "registers"

urlpatterns = [
    path("", views.register_index, name="index"),
    path("<slug:slug>/", views.register_page, name="register"),
    path("<slug:slug>/tai-ve.xlsx", views.register_export, {"file_format": "xlsx"}, name="export-xlsx"),
    path("<slug:slug>/tai-ve.pdf", views.register_export, {"file_format": "pdf"}, name="export-pdf"),
]
