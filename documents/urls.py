"""Every URL of the document screens (login required), in one place, one namespace per screen set:

- ``my-work`` at ``/`` — "Việc của tôi", what waits for me;
- ``documents:`` at ``/van-ban/`` — incoming documents (văn bản đến): the list, paper entry, the
  clerk's steps (vào sổ, từ chối, trình), instructions and assignments;
- ``outgoing:`` at ``/van-ban/di/`` — outgoing documents (văn bản đi): drafting, review, signing,
  issuing, dispatch and tracking;
- ``registers:`` at ``/so-van-ban/`` — the registers (sổ văn bản) and their exports;
- ``search:`` at ``/tra-cuu/`` — search and saved searches;
- ``records:`` at ``/ho-so/`` — hồ sơ, the catalogue and the archive (``documents/urls_records.py``);
- ``signatures:`` at ``/chu-ky/`` — the signatures of a document's file: its verification page, and
  the JSON API of signing it (``documents.api.urls.signing_patterns``, at ``/chu-ky/api/``). The
  names keep the signatures namespace they were made with; the views are documents' because they
  work on documents' files (the signatures app does not import documents).

The REST API has its own ``documents/api/urls.py``.
"""

from django.urls import include, path

from documents.api.urls import signing_patterns as signing_api_patterns
from documents.urls_records import records_patterns
from documents.views import access_log, copies, electronic_only, my_work, registers, search, verification
from documents.views import files as document_files
from documents.views.incoming import clerk, detail, handling, scan
from documents.views.incoming import lists as incoming_lists
from documents.views.outgoing import drafting, files, handsigned, issuing, review, signing, tracking
from documents.views.outgoing import lists as outgoing_lists
from documents.views.records import metadata as records_metadata

incoming_patterns = [
    path("den/", incoming_lists.incoming_document_list, name="incoming-list"),
    path("den/nhap-van-ban-giay/", clerk.paper_create, name="paper-create"),
    path("co-quan-ban-hanh/", clerk.issuer_options, name="issuer-options"),
    path("den/doc-ban-quet/", scan.paper_scan_upload, name="paper-scan"),
    path("den/doc-ban-quet/<int:pk>/", scan.scan_reading_status, name="scan-reading-status"),
    path("<int:pk>/", detail.document_detail, name="detail"),
    path("<int:pk>/tep/<int:file_id>/", document_files.document_file, name="file"),
    path("<int:pk>/tep/<int:file_id>/trang-<int:page>.png", document_files.page_image, name="page-image"),
    path("<int:pk>/tep/<int:file_id>/in/", document_files.document_print, name="file-print"),
    path("<int:pk>/lich-su-truy-cap/", access_log.access_history, name="access-history"),
    path("thong-ke-truy-cap/", access_log.access_report_page, name="access-report"),
    path("thong-ke-truy-cap/tai-ve.xlsx", access_log.access_report_export, name="access-report-xlsx"),
    path("<int:pk>/vao-so/", clerk.register, name="register"),
    path("<int:pk>/tu-choi/", clerk.reject, name="reject"),
    path("<int:pk>/trinh/", clerk.present, name="present"),
    path("<int:pk>/tra-loi-lay-lai/", clerk.recall_answer, name="recall-answer"),
    path("<int:pk>/sua-thong-tin/", records_metadata.metadata_edit, name="metadata-edit"),
    path("<int:pk>/chi-dao/", handling.instruct, name="instruct"),
    path("<int:pk>/don-doc/", handling.remind, name="remind"),
    path("phan-cong/<int:assignment_pk>/phan-cong-lai/", handling.redistribute, name="redistribute"),
    path("phan-cong/<int:assignment_pk>/tien-do/", handling.progress, name="progress"),
    path("phan-cong/<int:assignment_pk>/hoan-thanh/", handling.complete, name="complete"),
]

outgoing_patterns = [
    path("", outgoing_lists.outgoing_document_list, name="list"),
    path("soan-thao/", drafting.draft_create, name="create"),
    path("noi-nhan/", drafting.recipient_options, name="recipient-options"),
    path("<int:pk>/", drafting.document_page, name="detail"),
    path("<int:pk>/phien-ban/", drafting.version_add, name="version-add"),
    path("<int:pk>/gop-y/", drafting.comment_add, name="comment-add"),
    path("<int:pk>/trinh/", drafting.submit, name="submit"),
    path("<int:pk>/rut-lai/", drafting.withdraw, name="withdraw"),
    path("<int:pk>/chuyen-doi/", drafting.conversion_progress, name="conversion"),
    path("<int:pk>/tep/<int:file_id>/trang-<int:page>.png", files.page_image, name="page-image"),
    path("<int:pk>/kiem-tra/", review.review, name="review"),
    path("<int:pk>/ky/", signing.sign, name="sign"),
    path("<int:pk>/ky/tra-lai/", signing.send_back, name="send-back"),
    path("<int:pk>/ky-thiet-bi/", signing.external_prepare, name="external-prepare"),
    path("<int:pk>/ky-thiet-bi/<uuid:session_id>/", signing.external_complete, name="external"),
    path("<int:pk>/phat-hanh/", issuing.issue, name="issue"),
    path("<int:pk>/phat-hanh/ky-so-co-quan/", issuing.seal, name="seal"),
    path("<int:pk>/phat-hanh/gui/", issuing.dispatch, name="dispatch"),
    path("<int:pk>/theo-doi/", tracking.tracking, name="tracking"),
    path("<int:pk>/theo-doi/gui-lai/<int:outbound_id>/", tracking.retry, name="retry"),
    path("<int:pk>/thu-hoi/", tracking.recall, name="recall"),
    path("ky-tay/", handsigned.handsigned_create, name="handsigned-create"),
    path("<int:pk>/ky-tay/", handsigned.handsigned_page, name="handsigned"),
    path("<int:pk>/ky-tay/ky-so-ban-so-hoa/", handsigned.handsigned_seal_view, name="handsigned-seal"),
    path("<int:pk>/ky-tay/phat-hanh/", handsigned.handsigned_dispatch_view, name="handsigned-dispatch"),
]

register_patterns = [
    path("", registers.register_index, name="index"),
    path("gui-buu-dien/", handsigned.post_register_page, name="post"),
    path("gui-buu-dien/tai-ve.xlsx", handsigned.post_register_export, {"file_format": "xlsx"}, name="post-xlsx"),
    path("gui-buu-dien/tai-ve.pdf", handsigned.post_register_export, {"file_format": "pdf"}, name="post-pdf"),
    path("<slug:slug>/", registers.register_page, name="register"),
    path("<slug:slug>/tai-ve.xlsx", registers.register_export, {"file_format": "xlsx"}, name="export-xlsx"),
    path("<slug:slug>/tai-ve.pdf", registers.register_export, {"file_format": "pdf"}, name="export-pdf"),
]

copy_patterns = [
    path("so/", copies.copy_register, name="register"),
    path("so/tai-ve.xlsx", copies.copy_register_export, name="register-xlsx"),
    path("tao/van-ban-<int:pk>/", copies.copy_create, name="create"),
    path("<int:pk>/", copies.copy_detail, name="detail"),
    path("<int:pk>/ky/", copies.copy_sign_view, name="sign"),
    path("<int:pk>/ky-so-co-quan/", copies.copy_seal_view, name="seal"),
    path("<int:pk>/in/", copies.copy_print_view, name="print"),
    path("<int:pk>/tep/<int:file_id>/", copies.copy_file, name="file"),
]

search_patterns = [
    path("", search.search_page, name="search"),
    path("tai-ve.<str:file_format>", search.search_export, name="export"),
    path("da-luu/", search.saved_search_create, name="saved-create"),
    path("da-luu/<int:pk>/", search.saved_search_run, name="saved-run"),
    path("da-luu/<int:pk>/xoa/", search.saved_search_remove, name="saved-delete"),
]

signature_patterns = [
    path("tep/<int:file_id>/", verification.file_verification, name="file-verification"),
    path("tep/<int:file_id>/kiem-tra/", verification.file_verify_now, name="file-verify"),
    *signing_api_patterns,
]

electronic_only_patterns = [
    path("", electronic_only.catalogue, name="catalogue"),
    path("<int:type_pk>/", electronic_only.entry_update, name="update"),
]

urlpatterns = [
    path("", my_work.my_work, name="my-work"),
    path("viec-cua-toi/dem/", my_work.my_work_count, name="my-work-count"),
    path("thong-bao/da-doc/", my_work.notice_read, name="notices-read"),
    path("thong-bao/<int:pk>/da-doc/", my_work.notice_read, name="notice-read"),
    path("van-ban/di/", include((outgoing_patterns, "outgoing"))),
    path("van-ban/", include((incoming_patterns, "documents"))),
    path("tra-cuu/", include((search_patterns, "search"))),
    path("ban-sao/", include((copy_patterns, "copies"))),
    path("so-van-ban/", include((register_patterns, "registers"))),
    path("chu-ky/", include((signature_patterns, "signatures"))),
    path("ho-so/", include((records_patterns, "records"))),
    path("danh-muc-van-ban-dien-tu/", include((electronic_only_patterns, "electronic-only"))),
]
