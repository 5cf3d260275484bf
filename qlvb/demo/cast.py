"""The demo cast: the organizations and people of the seed letters (807/VPCP-KSTT, 814/UBND-VXNV).

Organ ids of VPCP, BTTTT and UBND tỉnh Bắc Kạn are the published ones (Bắc Kạn's inferred);
those of the Bắc Kạn departments and district are made up for the demo.
"""

DEMO_PASSWORD = "QlvbDemo@2026"

ORGANIZATIONS = [
    # organ_id, name, short name, place, parent organ_id, units [(abbr, name)]
    ("000.00.00.G22", "Văn phòng Chính phủ", "VPCP", "Hà Nội", None,
     [("KSTT", "Cục Kiểm soát thủ tục hành chính"), ("HC", "Vụ Hành chính"), ("VT", "Văn thư")]),
    ("000.00.00.G14", "Bộ Thông tin và Truyền thông", "BTTTT", "Hà Nội", None,
     [("TTTT", "Trung tâm Thông tin"), ("VP", "Văn phòng Bộ")]),
    ("000.00.00.H05", "Ủy ban nhân dân tỉnh Bắc Kạn", "UBND", "Bắc Kạn", None,
     [("VXNV", "Phòng Văn xã - Nội vụ"), ("KT", "Phòng Kinh tế")]),
    ("000.00.01.H05", "Văn phòng Ủy ban nhân dân tỉnh Bắc Kạn", "VPUBND", "Bắc Kạn", "000.00.00.H05",
     [("HCTC", "Phòng Hành chính - Tổ chức")]),
    ("000.00.13.H05", "Sở Thông tin và Truyền thông tỉnh Bắc Kạn", "STTTT", "Bắc Kạn", "000.00.00.H05",
     [("BCVT", "Phòng Bưu chính, Viễn thông và Công nghệ thông tin")]),
    ("000.00.11.H05", "Sở Tài chính tỉnh Bắc Kạn", "STC", "Bắc Kạn", "000.00.00.H05",
     [("NS", "Phòng Quản lý ngân sách")]),
    ("000.00.31.H05", "Ủy ban nhân dân thành phố Bắc Kạn", "UBND", "Bắc Kạn", "000.00.00.H05",
     [("VP", "Văn phòng HĐND và UBND thành phố")]),
]

# username, full name, organ_id, unit abbreviation, position title, roles
PEOPLE = [
    ("vpcp.vanthu", "Trần Thị Lan", "000.00.00.G22", "VT", "Văn thư", ["clerk"]),
    ("vpcp.lanhdao", "Mai Tiến Dũng", "000.00.00.G22", None, "Bộ trưởng, Chủ nhiệm", ["leader"]),
    ("vpcp.kstt.truongphong", "Lê Văn Minh", "000.00.00.G22", "KSTT", "Cục trưởng", ["unit_head"]),
    ("vpcp.chuyenvien", "Nguyễn Thu Hà", "000.00.00.G22", "KSTT", "Chuyên viên", ["specialist"]),
    ("btttt.vanthu", "Phạm Thị Hoa", "000.00.00.G14", "VP", "Văn thư", ["clerk"]),
    ("btttt.lanhdao", "Nguyễn Mạnh Hùng", "000.00.00.G14", None, "Bộ trưởng", ["leader"]),
    ("btttt.chuyenvien", "Đỗ Quang Huy", "000.00.00.G14", "TTTT", "Chuyên viên", ["specialist"]),
    ("backan.vanthu", "Hoàng Thị Nhung", "000.00.00.H05", None, "Văn thư", ["clerk"]),
    ("backan.lanhdao", "Đàm Duy Hưng", "000.00.00.H05", None, "Phó Chủ tịch", ["leader"]),
    ("backan.vxnv.truongphong", "Lý Văn Thắng", "000.00.00.H05", "VXNV", "Trưởng phòng", ["unit_head"]),
    ("backan.chuyenvien", "Nông Thị Mai", "000.00.00.H05", "VXNV", "Chuyên viên", ["specialist"]),
    ("backan.luutru", "Lâm Thị Thu", "000.00.00.H05", None, "Lưu trữ viên", ["archivist"]),
    ("vpubnd.vanthu", "Triệu Thị Hằng", "000.00.01.H05", "HCTC", "Văn thư", ["clerk"]),
    ("vpubnd.lanhdao", "Hà Văn Sơn", "000.00.01.H05", None, "Chánh Văn phòng", ["leader"]),
    ("vpubnd.chuyenvien", "Ma Thị Thu", "000.00.01.H05", "HCTC", "Chuyên viên", ["specialist"]),
    ("stttt.vanthu", "Lục Thị Phương", "000.00.13.H05", "BCVT", "Văn thư", ["clerk"]),
    ("stttt.lanhdao", "Dương Văn Tuấn", "000.00.13.H05", None, "Giám đốc", ["leader"]),
    ("stttt.chuyenvien", "Bế Văn Khánh", "000.00.13.H05", "BCVT", "Chuyên viên", ["specialist"]),
    ("stc.vanthu", "Lường Thị Vân", "000.00.11.H05", "NS", "Văn thư", ["clerk"]),
    ("stc.lanhdao", "Hoàng Văn Bình", "000.00.11.H05", None, "Giám đốc", ["leader"]),
    ("stc.chuyenvien", "Chu Thị Yến", "000.00.11.H05", "NS", "Chuyên viên", ["specialist"]),
    ("tpbackan.vanthu", "Đinh Thị Huệ", "000.00.31.H05", "VP", "Văn thư", ["clerk"]),
    ("tpbackan.lanhdao", "Nguyễn Đức Toàn", "000.00.31.H05", None, "Chủ tịch", ["leader"]),
    ("tpbackan.chuyenvien", "Vi Văn Long", "000.00.31.H05", "VP", "Chuyên viên", ["specialist"]),
    ("admin", "Quản trị hệ thống", "000.00.00.H05", None, "Quản trị hệ thống", ["admin"]),
]
