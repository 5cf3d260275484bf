"""Ready-made valid messages for tests; override any field with keyword arguments."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from interchange.edxml import (
    Attachment,
    Business,
    Code,
    DocumentType,
    EdocMessage,
    Organization,
    OtherInfo,
    PromulgationInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusMessage,
    TraceHeader,
)

SENDER = Organization(
    organ_id="000.00.00.G22",
    organ_name="Văn phòng Chính phủ",
    organization_in_charge="Văn phòng Chính phủ",
    organ_add="Số 1 Hoàng Hoa Thám, Ba Đình, Hà Nội",
    email="vpcp@chinhphu.vn",
    telephone="024 3804 3100",
)
NGHE_AN = Organization(organ_id="000.00.00.H41", organ_name="UBND tỉnh Nghệ An")
BAC_KAN = Organization(organ_id="000.00.00.H05", organ_name="UBND tỉnh Bắc Kạn")
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 4 + b"\n%%EOF\n"


def edoc(**changes: object) -> EdocMessage:
    message = EdocMessage(
        sender=SENDER,
        recipients=(NGHE_AN, BAC_KAN),
        code=Code(number="807", notation="VPCP-KSTT"),
        document_id="000.00.00.G22,2021/02/01,807/VPCP-KSTT",
        promulgation=PromulgationInfo(date=date(2021, 2, 1), place="Hà Nội"),
        document_type=DocumentType(type_code=1, type_name="Công văn", type_detail=0),
        subject="V/v triển khai liên thông văn bản điện tử",
        content="Đề nghị các đơn vị triển khai kết nối trục liên thông.",
        signer=SignerInfo(
            competence="KT. BỘ TRƯỞNG, CHỦ NHIỆM", position="PHÓ CHỦ NHIỆM", full_name="Nguyễn Văn A"
        ),
        due_date=date(2021, 3, 1),
        to_places=("Như trên", "Lưu: VT, KSTT"),
        other_info=OtherInfo(
            priority=1,
            sphere_of_promulgation="Liên thông văn bản quốc gia",
            typer_notation="TVC",
            promulgation_amount=2,
            page_amount=3,
            direction=False,
            appendixes=("Phụ lục I",),
        ),
        response_for=(
            ResponseFor(
                organ_id="000.00.00.H41",
                code="45/UBND-VX",
                promulgation_date=date(2021, 1, 15),
                document_id="000.00.00.H41,2021/01/15,45/UBND-VX",
            ),
        ),
        steering_type=1,
        trace_headers=(TraceHeader(organ_id="000.00.00.G22", timestamp=datetime(2021, 2, 1, 14, 32, 5)),),
        business=Business.standard(
            0,
            staff_info=StaffInfo(
                department="Văn thư", staff="Trần Thị B", mobile="0912000001", email="vt@chinhphu.vn"
            ),
        ),
        attachments=(
            Attachment(name="807-VPCP-KSTT.pdf", data=PDF, content_id="vb-807", description="Văn bản ký số"),
        ),
    )
    return replace(message, **changes)


def status(**changes: object) -> StatusMessage:
    message = StatusMessage(
        sender=NGHE_AN,
        response_for=ResponseFor(
            organ_id="000.00.00.G22",
            code="807/VPCP-KSTT",
            promulgation_date=date(2021, 2, 1),
            document_id="000.00.00.G22,2021/02/01,807/VPCP-KSTT",
        ),
        status_code="03",
        description="Đã tiếp nhận, vào sổ văn bản đến",
        timestamp=datetime(2021, 2, 1, 15, 0, 0),
        staff_info=StaffInfo(department="Văn phòng", staff="Lê Thị C", email="c@nghean.gov.vn"),
    )
    return replace(message, **changes)
