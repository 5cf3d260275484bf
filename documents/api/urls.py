"""URLs of the documents API, under /api/ (schema at /api/schema/, interactive docs at /api/docs/):
``documents-api:`` for documents, the incoming workflow, registers and saved searches, and
``outgoing-api:`` at /api/outgoing/ for drafting, review, signing, the organization's signature,
dispatch, recall and deliveries.

``signing_patterns`` is the read-only API of a document file's verification results:
documents/urls.py mounts it at /chu-ky/api/ (``signatures:`` names), beside the file verification
page. Files are signed, sealed and stamped only through the outgoing workflow (``outgoing-api:``
sign, external, seal), never a file at a time."""

from django.urls import include, path

from documents.api.views import documents, incoming, metadata, outgoing, registers, searches, signing

document_patterns = [
    path("documents/", documents.DocumentListApi.as_view(), name="document-list"),
    path("documents/search/", documents.DocumentSearchApi.as_view(), name="document-search"),
    path("documents/<int:pk>/", documents.DocumentDetailApi.as_view(), name="document-detail"),
    path("documents/<int:pk>/metadata/", metadata.DocumentMetadataApi.as_view(), name="document-metadata"),
    path("documents/<int:pk>/register/", incoming.DocumentRegisterApi.as_view(), name="document-register"),
    path("documents/<int:pk>/reject/", incoming.DocumentRejectApi.as_view(), name="document-reject"),
    path("documents/<int:pk>/present/", incoming.DocumentPresentApi.as_view(), name="document-present"),
    path("documents/<int:pk>/instruct/", incoming.DocumentInstructApi.as_view(), name="document-instruct"),
    path("documents/<int:pk>/recall-answer/", incoming.DocumentRecallAnswerApi.as_view(),
         name="document-recall-answer"),
    path("assignments/<int:pk>/progress/", incoming.AssignmentProgressApi.as_view(), name="assignment-progress"),
    path("assignments/<int:pk>/complete/", incoming.AssignmentCompleteApi.as_view(), name="assignment-complete"),
    path("registers/<str:kind>/", registers.RegisterApi.as_view(), name="register-rows"),
    path("registers/<str:kind>/xlsx/", registers.RegisterXlsxApi.as_view(), name="register-xlsx"),
    path("registers/<str:kind>/pdf/", registers.RegisterPdfApi.as_view(), name="register-pdf"),
    path("saved-searches/", searches.SavedSearchListApi.as_view(), name="saved-search-list"),
    path("saved-searches/<int:pk>/", searches.SavedSearchDetailApi.as_view(), name="saved-search-detail"),
]

outgoing_patterns = [
    path("", outgoing.OutgoingListApi.as_view(), name="list"),
    path("<int:pk>/", outgoing.OutgoingDetailApi.as_view(), name="detail"),
    path("<int:pk>/submit/", outgoing.SubmitApi.as_view(), name="submit"),
    path("<int:pk>/review/", outgoing.ReviewApi.as_view(), name="review"),
    path("<int:pk>/sign/", outgoing.SignApi.as_view(), name="sign"),
    path("<int:pk>/external/prepare/", outgoing.ExternalPrepareApi.as_view(), name="external-prepare"),
    path("<int:pk>/external/complete/", outgoing.ExternalCompleteApi.as_view(), name="external-complete"),
    path("<int:pk>/seal/", outgoing.SealApi.as_view(), name="seal"),
    path("<int:pk>/dispatch/", outgoing.DispatchApi.as_view(), name="dispatch"),
    path("<int:pk>/recall/", outgoing.RecallApi.as_view(), name="recall"),
    path("<int:pk>/deliveries/", outgoing.DeliveriesApi.as_view(), name="deliveries"),
]

signing_patterns = [
    path("api/tep/<int:file_id>/kiem-tra/", signing.FileVerificationApi.as_view(), name="api-file-verification"),
]

urlpatterns = [
    path("outgoing/", include((outgoing_patterns, "outgoing-api"))),
    path("", include((document_patterns, "documents-api"))),
]
