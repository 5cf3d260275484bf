"""URLs of the documents API, under /api/ (schema at /api/schema/, interactive docs at /api/docs/)."""

from django.urls import path

from .views import documents, incoming, registers, searches

app_name = "documents-api"

urlpatterns = [
    path("documents/", documents.DocumentListApi.as_view(), name="document-list"),
    path("documents/search/", documents.DocumentSearchApi.as_view(), name="document-search"),
    path("documents/<int:pk>/", documents.DocumentDetailApi.as_view(), name="document-detail"),
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
