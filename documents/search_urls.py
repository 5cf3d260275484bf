"""URLs of search (tra cứu) and saved searches, under /tra-cuu/."""

from django.urls import path

from . import views_search as views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("da-luu/", views.saved_search_create, name="saved-create"),
    path("da-luu/<int:pk>/", views.saved_search_run, name="saved-run"),
    path("da-luu/<int:pk>/xoa/", views.saved_search_remove, name="saved-delete"),
]
