"""URLs of records management, namespace ``records:`` at ``/ho-so/`` (login required): the yearly
catalogue (danh mục hồ sơ), work files (hồ sơ công việc), the organization's archive (lưu trữ cơ
quan) with reading requests, and disposal."""

from django.urls import path  # noqa: F401

from documents.views.records import workfiles

records_patterns = [
    # — the catalogue (danh mục hồ sơ), under danh-muc/ —
    # — work files (hồ sơ công việc) —
    path("", workfiles.record_index, name="index"),
    path("<int:pk>/", workfiles.record_detail, name="detail"),
    path("mo/", workfiles.record_open, name="open"),
    path("<int:pk>/tim-van-ban/", workfiles.document_picker, name="picker"),
    path("<int:pk>/them-van-ban/", workfiles.document_add, name="document-add"),
    path("<int:pk>/them-tep/", workfiles.file_attach, name="file-attach"),
    path("<int:pk>/muc/<int:item_id>/chuyen/", workfiles.item_move, name="item-move"),
    path("<int:pk>/muc/<int:item_id>/bo/", workfiles.item_remove, name="item-remove"),
    path("<int:pk>/ket-thuc/", workfiles.record_close, name="close"),
    path("<int:pk>/sua/", workfiles.record_edit, name="edit"),
    path("<int:pk>/mo-lai/", workfiles.record_reopen, name="reopen"),
    path("<int:pk>/muc-luc.pdf", workfiles.contents_download, name="contents-pdf"),
    path("<int:pk>/bia.pdf", workfiles.cover_download, name="cover-pdf"),
    path("<int:pk>/quyen-xem/", workfiles.access_change, name="access"),
    # — the archive (nộp lưu, tiếp nhận, đọc hồ sơ lưu trữ), under luu-tru/ —
    # — retention, keeping back, handover and disposal —
]
