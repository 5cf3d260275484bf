"""The seed story as data: 807/VPCP-KSTT from Văn phòng Chính phủ and the answer of UBND tỉnh
Bắc Kạn, 814/UBND-VXNV (the seed letters 000 and 001), for `manage.py seed_story` and the e2e test.

The bodies summarise the two letters in our own words. The drafts leave the number and date blank
("Số:      /VPCP-KSTT"); the system writes them when the leader signs. The demo registers start
the year just below the letters' real numbers so that they get them again: 807 and 814.
"""

from __future__ import annotations

from dataclasses import dataclass

from documents.rendering.layout import DocumentLayout, render_document

SUBJECT = ("tăng cường gửi, nhận văn bản điện tử giữa các cơ quan hành chính nhà nước nhằm phòng, "
           "chống dịch COVID-19")


@dataclass(frozen=True)
class StoryLetter:
    organ_id: str  # the issuing organization
    drafter: str  # usernames of the demo cast (qlvb.demo.cast.PEOPLE)
    unit_head: str
    clerk: str
    leader: str
    number: int  # the number the letter has in the seed
    layout: DocumentLayout
    recipients: tuple[str, ...] = ()  # organ ids, electronic
    paper_recipients: tuple[str, ...] = ()
    urgency: int = 1  # Khẩn
    replies_to: str = ""  # "807": the incoming copy of that letter

    @property
    def subject(self) -> str:
        return f"V/v {SUBJECT}"

    def pdf(self) -> bytes:
        return render_document(self.layout)


VPCP_807 = StoryLetter(
    organ_id="000.00.00.G22", drafter="vpcp.chuyenvien", unit_head="vpcp.kstt.truongphong", clerk="vpcp.vanthu",
    leader="vpcp.lanhdao", number=807,
    recipients=("000.00.00.H05", "000.00.00.G14"), paper_recipients=("Tập đoàn VNPT (để phối hợp)",),
    layout=DocumentLayout(
        organization="Văn phòng Chính phủ", symbol="      /VPCP-KSTT", place="Hà Nội", date=None, subject=SUBJECT,
        recipients_to=["Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ;",
                       "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương."],
        body=[
            "Hai năm thực hiện Quyết định số 28/2018/QĐ-TTg về gửi, nhận văn bản điện tử giữa các cơ quan hành "
            "chính nhà nước, các bộ, ngành, địa phương đã phối hợp tốt với Văn phòng Chính phủ. Trước diễn biến "
            "phức tạp của dịch COVID-19, Văn phòng Chính phủ đề nghị các cơ quan:",
            "1. Nghiêm túc thực hiện các chỉ đạo đã có về xử lý văn bản, hồ sơ công việc trên môi trường mạng và "
            "về gửi, nhận văn bản điện tử.",
            "2. Gửi, nhận văn bản điện tử không kèm bản giấy theo danh mục đã ban hành, giảm tối đa việc trao đổi "
            "văn bản giấy để hạn chế nguy cơ lây nhiễm.",
            "3. Thường xuyên giám sát hạ tầng, ứng dụng, mạng và máy chủ bảo mật của hệ thống quản lý văn bản và "
            "điều hành để việc gửi, nhận không bị gián đoạn.",
            "4. Hệ thống của đơn vị gửi phải cảnh báo kịp thời văn bản gửi lỗi, văn bản không đến được nơi nhận "
            "và nơi nhận chưa nhận được văn bản, để có phương án xử lý.",
            "5. Tuân thủ thời gian gửi, nhận; văn bản gửi đúng thể thức, đúng thẩm quyền, có chữ ký số và đầy đủ "
            "thông tin, tệp đính kèm; không gửi trùng lặp; văn thư, chuyên viên rà soát kỹ trước khi gửi qua Trục "
            "liên thông văn bản quốc gia.",
            "6. Theo dõi báo cáo hằng ngày của hệ thống cảnh báo trên Trục, bảo đảm không có văn bản gửi lỗi, "
            "nhận lỗi, tồn đọng hoặc chưa phản hồi trạng thái.",
            "7. Phối hợp chặt chẽ với Văn phòng Chính phủ và các đơn vị liên quan để công tác này được thực hiện "
            "ổn định, liên tục./.",
        ],
        places=["Như trên;", "Thủ tướng, các Phó Thủ tướng (để báo cáo);", "Ban Cơ yếu Chính phủ (để phối hợp);",
                "Tập đoàn VNPT (để phối hợp);", "Lưu: VT, KSTT."],
        signer_title="BỘ TRƯỞNG, CHỦ NHIỆM", signer_name="Mai Tiến Dũng",
    ),
)

BACKAN_814 = StoryLetter(
    organ_id="000.00.00.H05", drafter="backan.chuyenvien", unit_head="backan.vxnv.truongphong",
    clerk="backan.vanthu", leader="backan.lanhdao", number=814, replies_to="807",
    recipients=("000.00.01.H05", "000.00.13.H05", "000.00.11.H05", "000.00.31.H05"),
    layout=DocumentLayout(
        # Two lines, as the letter has it: a one-line name overflows the heading column.
        parent_organization="Ủy ban nhân dân", organization="Tỉnh Bắc Kạn", symbol="      /UBND-VXNV",
        place="Bắc Kạn", date=None,
        subject=SUBJECT,
        recipients_to=["Các sở, ban, ngành, đoàn thể tỉnh;", "Ủy ban nhân dân các huyện, thành phố."],
        body=[
            "Thực hiện Công văn số 807/VPCP-KSTT của Văn phòng Chính phủ về tăng cường gửi, nhận văn bản điện "
            "tử nhằm phòng, chống dịch COVID-19, Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị, địa phương:",
            "1. Xử lý văn bản, hồ sơ công việc trên môi trường mạng, hạn chế trao đổi văn bản giấy; theo dõi để "
            "không có văn bản gửi lỗi, nhận lỗi, tồn đọng hoặc chưa phản hồi trạng thái trên Trục liên thông.",
            "2. Sở Thông tin và Truyền thông giám sát thường xuyên hạ tầng, ứng dụng, mạng và máy chủ bảo mật của "
            "hệ thống quản lý văn bản và điều hành, bảo đảm hoạt động ổn định, an toàn.",
            "3. Theo dõi sát văn bản đã gửi qua Trục, nhất là văn bản chỉ đạo phòng, chống dịch, để xử lý kịp "
            "thời văn bản gửi lỗi hoặc không đến được nơi nhận.",
            "4. Gửi văn bản đúng thời gian, đúng thể thức và thẩm quyền, có chữ ký số, đầy đủ thông tin và tệp "
            "đính kèm, không gửi trùng; văn thư, chuyên viên kiểm tra kỹ trước khi gửi.",
            "Các cơ quan, đơn vị, địa phương triển khai thực hiện./.",
        ],
        places=["Như trên (thực hiện);", "Chủ tịch, các Phó Chủ tịch UBND tỉnh;", "Chánh Văn phòng;",
                "Lưu: VT, VXNV."],
        competence="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH", signer_name="Đàm Duy Hưng",
    ),
)

# Bắc Kạn's leader gives this instruction on the incoming 807; the unit that drafts the answer leads.
INSTRUCTION = "Giao Phòng Văn xã - Nội vụ tham mưu văn bản triển khai trong toàn tỉnh, trình ký trong tuần."
INSTRUCTION_UNIT = "VXNV"
COMPLETION = "Đã tham mưu UBND tỉnh ban hành Công văn 814/UBND-VXNV triển khai đến các sở, ngành, địa phương."
