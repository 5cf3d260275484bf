"""URLs of the outgoing API, mounted at /api/outgoing/."""

from django.urls import path

from . import views

app_name = "outgoing-api"

urlpatterns = [
    path("", views.OutgoingListApi.as_view(), name="list"),
    path("<int:pk>/", views.OutgoingDetailApi.as_view(), name="detail"),
    path("<int:pk>/submit/", views.SubmitApi.as_view(), name="submit"),
    path("<int:pk>/review/", views.ReviewApi.as_view(), name="review"),
    path("<int:pk>/sign/", views.SignApi.as_view(), name="sign"),
    path("<int:pk>/external/prepare/", views.ExternalPrepareApi.as_view(), name="external-prepare"),
    path("<int:pk>/external/complete/", views.ExternalCompleteApi.as_view(), name="external-complete"),
    path("<int:pk>/seal/", views.SealApi.as_view(), name="seal"),
    path("<int:pk>/dispatch/", views.DispatchApi.as_view(), name="dispatch"),
    path("<int:pk>/recall/", views.RecallApi.as_view(), name="recall"),
    path("<int:pk>/deliveries/", views.DeliveriesApi.as_view(), name="deliveries"),
]
