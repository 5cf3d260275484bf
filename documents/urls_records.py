"""URLs of records management, namespace ``records:`` at ``/ho-so/`` (login required): the yearly
catalogue (danh mục hồ sơ), work files (hồ sơ công việc), the organization's archive (lưu trữ cơ
quan) with reading requests, and disposal."""

from django.urls import path  # noqa: F401

from documents.views.records import packages as records_packages

records_patterns = [
    # — the catalogue (danh mục hồ sơ), under danh-muc/ —
    # — work files (hồ sơ công việc) —
    # — the archive (nộp lưu, tiếp nhận, đọc hồ sơ lưu trữ), under luu-tru/ —
    # — retention, keeping back, handover and disposal —
    # — export packages (gói hồ sơ, docs/RECORDS-PACKAGE.md) —
    path("<int:pk>/goi-xuat.zip", records_packages.package_download, name="package-download"),
]
