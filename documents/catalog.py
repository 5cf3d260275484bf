"""The document-type catalog: Nghị định 30 Điều 7 and Phụ lục III, copies, legal normative types.

Loaded by a data migration; `ensure_document_types` can be called again at any time (it only
adds or corrects rows), e.g. after tests that empty the database.
"""

ADMINISTRATIVE = [
    ("nghi-quyet", "Nghị quyết (cá biệt)", "NQ"),
    ("quyet-dinh", "Quyết định (cá biệt)", "QĐ"),
    ("chi-thi", "Chỉ thị", "CT"),
    ("quy-che", "Quy chế", "QC"),
    ("quy-dinh", "Quy định", "QyĐ"),
    ("thong-cao", "Thông cáo", "TC"),
    ("thong-bao", "Thông báo", "TB"),
    ("huong-dan", "Hướng dẫn", "HD"),
    ("chuong-trinh", "Chương trình", "CTr"),
    ("ke-hoach", "Kế hoạch", "KH"),
    ("phuong-an", "Phương án", "PA"),
    ("de-an", "Đề án", "ĐA"),
    ("du-an", "Dự án", "DA"),
    ("bao-cao", "Báo cáo", "BC"),
    ("bien-ban", "Biên bản", "BB"),
    ("to-trinh", "Tờ trình", "TTr"),
    ("hop-dong", "Hợp đồng", "HĐ"),
    ("cong-van", "Công văn", ""),
    ("cong-dien", "Công điện", "CĐ"),
    ("ban-ghi-nho", "Bản ghi nhớ", "BGN"),
    ("ban-thoa-thuan", "Bản thỏa thuận", "BTT"),
    ("giay-uy-quyen", "Giấy ủy quyền", "GUQ"),
    ("giay-moi", "Giấy mời", "GM"),
    ("giay-gioi-thieu", "Giấy giới thiệu", "GGT"),
    ("giay-nghi-phep", "Giấy nghỉ phép", "GNP"),
    ("phieu-gui", "Phiếu gửi", "PG"),
    ("phieu-chuyen", "Phiếu chuyển", "PC"),
    ("phieu-bao", "Phiếu báo", "PB"),
    ("thu-cong", "Thư công", ""),
]
COPIES = [
    ("ban-sao-y", "Bản sao y", "SY"),
    ("ban-trich-sao", "Bản trích sao", "TrS"),
    ("ban-sao-luc", "Bản sao lục", "SL"),
]
# The starting set of the e-only catalogue (775/VPCP-KSTT lists 26 types; its exact list is not in
# our references): common administrative types, marked "to review" for each organization's admins,
# who keep the catalogue in the product (Danh mục văn bản điện tử). Applied only when a type row is
# first created, so an administrator's later choice is never overwritten.
ELECTRONIC_ONLY_START = ["cong-van", "thong-bao", "ke-hoach", "bao-cao", "giay-moi", "to-trinh"]
LEGAL = [
    ("luat", "Luật", ""),
    ("phap-lenh", "Pháp lệnh", ""),
    ("nghi-dinh", "Nghị định", "NĐ"),
    ("nghi-quyet-qppl", "Nghị quyết (quy phạm pháp luật)", "NQ"),
    ("quyet-dinh-qppl", "Quyết định (quy phạm pháp luật)", "QĐ"),
    ("thong-tu", "Thông tư", "TT"),
    ("thong-tu-lien-tich", "Thông tư liên tịch", "TTLT"),
    ("chi-thi-qppl", "Chỉ thị (quy phạm pháp luật)", "CT"),
]


def ensure_document_types(DocumentType) -> None:  # noqa: N803 - the model class, real or historical
    for group, series, rows in (
        ("administrative", "administrative", ADMINISTRATIVE),
        ("copy", "copy", COPIES),
        ("legal", "legal", LEGAL),
    ):
        for order, (code, name, abbr) in enumerate(rows, start=1):
            DocumentType.objects.update_or_create(
                code=code,
                defaults={"name": name, "abbreviation": abbr, "group": group, "number_series": series, "order": order},
                create_defaults={"name": name, "abbreviation": abbr, "group": group, "number_series": series,
                                 "order": order, "electronic_only": code in ELECTRONIC_ONLY_START},
            )
