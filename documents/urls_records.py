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
    # — the archive (nộp lưu, tiếp nhận, đọc hồ sơ lưu trữ), under luu-tru/ —
    # — retention, keeping back, handover and disposal —
]
