"""URLs of records management, namespace ``records:`` at ``/ho-so/`` (login required): the yearly
catalogue (danh mục hồ sơ), work files (hồ sơ công việc), the organization's archive (lưu trữ cơ
quan) with reading requests, and disposal."""

from django.urls import path  # noqa: F401

from documents.views.records import disposal as care

records_patterns = [
    # — the catalogue (danh mục hồ sơ), under danh-muc/ —
    # — work files (hồ sơ công việc) —
    # — the archive (nộp lưu, tiếp nhận, đọc hồ sơ lưu trữ), under luu-tru/ —
    # — retention, keeping back, handover and disposal —
    path("bao-quan/", care.care_index, name="care-index"),
    path("<int:pk>/bao-quan/", care.record_care, name="care"),
    path("<int:pk>/giu-lai/", care.keep_back_new, name="keep-back-new"),
    path("giu-lai/", care.keep_back_list, name="keep-back-list"),
    path("giu-lai/danh-muc.<str:file_format>", care.keep_back_export, name="keep-back-export"),
    path("giu-lai/<int:pk>/", care.keep_back_detail, name="keep-back-detail"),
    path("ban-giao/", care.handover, name="handover"),
    path("ban-giao/<int:org_id>/<int:user_id>/", care.handover_person, name="handover-person"),
    path("ban-giao/bien-ban/<int:pk>/", care.handover_detail, name="handover-detail"),
    path("ban-giao/bien-ban/<int:pk>.pdf", care.handover_pdf, name="handover-pdf"),
    path("het-han/", care.disposal_review, name="disposal-review"),
    path("huy/", care.disposal_list, name="disposal-list"),
    path("huy/<int:pk>/", care.disposal_detail, name="disposal-detail"),
    path("huy/<int:pk>.pdf", care.disposal_pdf, name="disposal-pdf"),
]
