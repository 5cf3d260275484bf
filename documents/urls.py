"""URLs of the document screens, under /van-ban/ (login required)."""

from django.urls import path

from .views import clerk, detail, handling, incoming

app_name = "documents"

urlpatterns = [
    path("den/", incoming.incoming_document_list, name="incoming-list"),
    path("den/nhap-van-ban-giay/", clerk.paper_create, name="paper-create"),
    path("co-quan-ban-hanh/", clerk.issuer_options, name="issuer-options"),
    path("<int:pk>/", detail.document_detail, name="detail"),
    path("<int:pk>/tep/<int:file_id>/", detail.document_file, name="file"),
    path("<int:pk>/vao-so/", clerk.register, name="register"),
    path("<int:pk>/tu-choi/", clerk.reject, name="reject"),
    path("<int:pk>/trinh/", clerk.present, name="present"),
    path("<int:pk>/tra-loi-lay-lai/", clerk.recall_answer, name="recall-answer"),
    path("<int:pk>/chi-dao/", handling.instruct, name="instruct"),
    path("<int:pk>/don-doc/", handling.remind, name="remind"),
    path("phan-cong/<int:assignment_pk>/phan-cong-lai/", handling.redistribute, name="redistribute"),
    path("phan-cong/<int:assignment_pk>/tien-do/", handling.progress, name="progress"),
    path("phan-cong/<int:assignment_pk>/hoan-thanh/", handling.complete, name="complete"),
    # Registers (sổ), search and saved searches are another screen set: the lead wires their URLs here.
]
