"""URLs of the signatures app under /chu-ky/ (login required): signing steps and verification."""

from django.urls import path

from signatures import api, views

app_name = "signatures"

urlpatterns = [
    path("tep/<int:file_id>/", views.file_verification, name="file-verification"),
    path("tep/<int:file_id>/kiem-tra/", views.file_verify_now, name="file-verify"),
    path("api/tep/<int:file_id>/ky/", api.FileSignApi.as_view(), name="api-file-sign"),
    path("api/tep/<int:file_id>/ky-so-co-quan/", api.FileSealApi.as_view(), name="api-file-seal"),
    path("api/tep/<int:file_id>/ky-tep-kem-theo/", api.FileStampAttachmentApi.as_view(), name="api-file-stamp"),
    path("api/tep/<int:file_id>/ky-ngoai/", api.ExternalPrepareApi.as_view(), name="api-external-prepare"),
    path(
        "api/phien-ky/<uuid:session_id>/hoan-tat/", api.ExternalCompleteApi.as_view(), name="api-external-complete"
    ),
    path("api/tep/<int:file_id>/kiem-tra/", api.FileVerificationApi.as_view(), name="api-file-verification"),
]
