"""URLs of records management, namespace ``records:`` at ``/ho-so/`` (login required): the yearly
catalogue (danh mục hồ sơ), work files (hồ sơ công việc), the organization's archive (lưu trữ cơ
quan) with reading requests, and disposal."""

from django.urls import path  # noqa: F401

from documents.views.records import archive, catalogue, workfiles
from documents.views.records import disposal as care
from documents.views.records import packages as records_packages

records_patterns = [
    # — the catalogue (danh mục hồ sơ), under danh-muc/ —
    path("danh-muc/", catalogue.catalogue_list_page, name="catalogue-list"),
    path("danh-muc/lap/", catalogue.catalogue_create, name="catalogue-create"),
    path("danh-muc/<int:pk>/", catalogue.catalogue_detail, name="catalogue-detail"),
    path("danh-muc/<int:pk>/tai-ve.xlsx", catalogue.catalogue_download, {"file_format": "xlsx"},
         name="catalogue-xlsx"),
    path("danh-muc/<int:pk>/in.pdf", catalogue.catalogue_download, {"file_format": "pdf"}, name="catalogue-pdf"),
    path("danh-muc/<int:pk>/sao-nam-truoc/", catalogue.catalogue_copy_previous, name="catalogue-copy-previous"),
    path("danh-muc/<int:pk>/nhap-excel/", catalogue.catalogue_import, name="catalogue-import"),
    path("danh-muc/<int:pk>/phe-duyet/", catalogue.catalogue_approve, name="catalogue-approve"),
    path("danh-muc/<int:pk>/mo-lai/", catalogue.catalogue_reopen, name="catalogue-reopen"),
    path("danh-muc/<int:pk>/them-dong/", catalogue.entry_add, name="catalogue-entry-add"),
    path("danh-muc/<int:pk>/dong/<int:entry_pk>/", catalogue.entry_edit, name="catalogue-entry-edit"),
    path("danh-muc/<int:pk>/dong/<int:entry_pk>/xoa/", catalogue.entry_remove, name="catalogue-entry-remove"),
    path("danh-muc/<int:pk>/dong/<int:entry_pk>/len/", catalogue.entry_move, {"direction": "len"},
         name="catalogue-entry-up"),
    path("danh-muc/<int:pk>/dong/<int:entry_pk>/xuong/", catalogue.entry_move, {"direction": "xuong"},
         name="catalogue-entry-down"),
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
    path("<int:pk>/khoa/", workfiles.freeze_change, name="freeze"),
    # — the archive (nộp lưu, tiếp nhận, đọc hồ sơ lưu trữ), under luu-tru/ —
    path("<int:pk>/nop-luu/", archive.submit, name="submit"),
    path("luu-tru/", archive.queue, name="archive-queue"),
    path("luu-tru/den-han/", archive.due, name="archive-due"),
    path("luu-tru/lan/<int:pk>/", archive.transfer_page, name="archive-transfer"),
    path("luu-tru/lan/<int:pk>/tiep-nhan/", archive.accept, name="archive-accept"),
    path("luu-tru/lan/<int:pk>/muc-luc.pdf", archive.transfer_catalogue, name="archive-transfer-catalogue"),
    path("luu-tru/lan/<int:pk>/bien-ban.pdf", archive.transfer_minutes, name="archive-transfer-minutes"),
    path("luu-tru/ho-so/<int:pk>/", archive.record_page, name="archive-record"),
    path("luu-tru/ho-so/<int:pk>/tra-lai/", archive.return_record, name="archive-return"),
    path("luu-tru/muc-luc/", archive.catalogue, name="archive-catalogue"),
    path("luu-tru/muc-luc/<int:pk>/de-nghi-doc/", archive.reading_request, name="archive-reading-request"),
    path("luu-tru/de-nghi-doc/", archive.readings, name="archive-readings"),
    path("luu-tru/de-nghi-doc/<int:pk>/quyet-dinh/", archive.reading_decide, name="archive-reading-decide"),
    # — retention, keeping back, handover and disposal —
    # — export packages (gói hồ sơ, docs/RECORDS-PACKAGE.md) —
    path("<int:pk>/goi-xuat.zip", records_packages.package_download, name="package-download"),
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
