"""Issued and received files are named after the document's số, ký hiệu, not the drafter's file
(finding 9): a clerk downloading 01/VPCP-KSTT gets "01-VPCP-KSTT.pdf", never "du-thao-….pdf" — at the
sender once it is numbered, and at each organization that receives it, directly or over the axis."""

from __future__ import annotations

import pytest

from documents.models import Document, DocumentFile
from documents.rendering.layout import DocumentLayout, render_document
from documents.selectors.documents import document_current_files
from documents.services.files import issued_file_name
from documents.services.outgoing.issuing import outgoing_dispatch, outgoing_seal, outgoing_sign
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import axis_connect, draft_ready_to_sign

demo_cast, story_pki, local_axis = fx.demo_cast, fx.story_pki, fx.local_axis  # fixtures

LEADER, CLERK, VPCP, BTTTT, BACKAN = "vpcp.lanhdao", "vpcp.vanthu", "000.00.00.G22", "000.00.00.G14", "000.00.00.H05"


def test_the_name_comes_from_the_symbol():
    assert issued_file_name(symbol="814/UBND-VXNV", original="du-thao-tra-loi-807.pdf") == "814-UBND-VXNV.pdf"
    assert issued_file_name(symbol="12/QĐ-UBND", original="Dự thảo quyết định.PDF") == "12-QD-UBND.pdf"
    assert issued_file_name(symbol="814/UBND-VXNV", original="du-thao-phu-luc.docx", appendix=2) == (
        "814-UBND-VXNV-phu-luc-2.docx")
    assert issued_file_name(symbol="814/UBND-VXNV", original="Danh mục.xlsx", appendix=1) == "Danh mục.xlsx"
    assert issued_file_name(symbol="", original="du-thao.pdf") == "du-thao.pdf"  # not numbered: nothing to name it by


def _names(document: Document) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for f in document_current_files(document):
        names.setdefault(f.role, []).append(f.name)
    return names


@pytest.mark.django_db
def test_issued_and_received_files_carry_the_number_not_the_draft_name(demo_cast, local_axis, settings):
    from interchange.models import AxisConnection, Outbound
    from interchange.services.inbox import inbox_poll
    from interchange.services.outbox import outbound_send

    settings.QLVB_INBOX_FAN_OUT = False
    axis_connect(local_axis.endpoint)
    appendix = render_document(DocumentLayout(organization="Văn phòng Chính phủ", symbol="", place="Hà Nội",
                                              date=None, subject="Danh mục", body=["Phụ lục."]))
    document = draft_ready_to_sign(demo_cast, appendices=[("du-thao-phu-luc.pdf", appendix)])
    DocumentFile.objects.filter(document=document, role=DocumentFile.Role.MAIN).update(name="du-thao-cong-van-807.pdf")
    assert "du-thao-cong-van-807.pdf" in _names(document)[DocumentFile.Role.MAIN]

    outgoing_sign(actor=demo_cast.user(LEADER), document=document, pin=demo_cast.pin(LEADER))
    outgoing_seal(actor=demo_cast.user(CLERK), document=document, pin=demo_cast.pin(VPCP))
    document.refresh_from_db()
    assert document.symbol == "01/VPCP-KSTT"
    assert _names(document)[DocumentFile.Role.MAIN] == ["01-VPCP-KSTT.pdf"]

    outgoing_dispatch(actor=demo_cast.user(CLERK), document=document)
    direct = Document.objects.get(organization__organ_id=BTTTT, direction="in")  # hosted here: delivered directly
    assert _names(direct) == {DocumentFile.Role.MAIN: ["01-VPCP-KSTT.pdf"],
                              DocumentFile.Role.APPENDIX: ["01-VPCP-KSTT-phu-luc-1.pdf"]}

    assert outbound_send(outbound_id=Outbound.objects.get(document=document).pk) == "sent"
    assert inbox_poll(connection=AxisConnection.objects.get(system_id="qlvb.h05")).accepted == 1
    over_the_axis = Document.objects.get(organization__organ_id=BACKAN, direction="in")
    names = _names(over_the_axis)
    assert names[DocumentFile.Role.MAIN] == ["01-VPCP-KSTT.pdf"]
    assert not any(n.startswith("du-thao") for group in names.values() for n in group), names
