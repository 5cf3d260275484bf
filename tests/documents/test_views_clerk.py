"""The clerk's screens: paper entry, issuer autocomplete, register (with the duplicate
confirmation), reject, present, answer a recall request; refusals shown in Vietnamese."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Document
from documents.services.incoming.handling import Holder, incoming_instruct
from documents.services.incoming.recall import incoming_recall_request
from qlvb.models import Organization

from .test_views_setup import PDF, html, make_office, paper, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return make_office()


def entry(office, **overrides):
    data = {"org": office.org.pk, "document_type": office.cv.pk, "symbol": "814/UBND-VXNV",
            "issued_on": "2021-02-04", "issuer_name": "Văn phòng Chính phủ (000.00.00.G22)",
            "subject": "V/v tăng cường gửi, nhận văn bản điện tử", "urgency": "1", "secrecy": "0",
            "scan": SimpleUploadedFile("814.pdf", PDF, content_type="application/pdf")}
    data.update(overrides)
    return data


def test_paper_entry_form_is_keyboard_first(client, office):
    client.force_login(office.clerk)
    page = html(client.get(reverse("documents:paper-create")))
    assert "Nhập văn bản đến (bản giấy)" in page and "data-enter-submits" in page
    assert 'list="issuer-options"' in page and "autofocus" in page
    assert reverse("documents:issuer-options") in page


def test_paper_entry_creates_the_document_with_its_scan_and_issuer(client, office):
    client.force_login(office.clerk)
    response = client.post(reverse("documents:paper-create"), entry(office))
    doc = Document.objects.get(symbol="814/UBND-VXNV")
    assert response.status_code == 302 and response["Location"] == reverse("documents:detail", args=[doc.pk])
    assert doc.state == "arrived" and doc.issuer == office.sender and doc.urgency == 1
    assert doc.files.get().name == "814.pdf"
    assert "Đã nhập văn bản 814/UBND-VXNV" in html(client.get(response["Location"]))


def test_paper_entry_errors_are_in_vietnamese(client, office):
    client.force_login(office.clerk)
    bad_scan = SimpleUploadedFile("814.pdf", b"MZ not a pdf", content_type="application/pdf")
    page = html(client.post(reverse("documents:paper-create"),
                            entry(office, symbol="", subject="", issued_on="31/31/2021", scan=bad_scan)))
    assert "Vui lòng nhập thông tin này." in page and "Ngày không hợp lệ." in page
    assert "Tệp không phải bản quét đọc được: hãy gửi tệp PDF, JPEG, PNG hoặc TIFF." in page and "is-invalid" in page
    assert not Document.objects.filter(symbol="814/UBND-VXNV").exists()


def test_an_issuer_outside_the_directory_is_kept_as_a_name(client, office):
    client.force_login(office.clerk)
    client.post(reverse("documents:paper-create"), entry(office, issuer_name="Công ty Điện lực Bắc Kạn"))
    doc = Document.objects.get(symbol="814/UBND-VXNV")
    assert doc.issuer is None and doc.issuer_name == "Công ty Điện lực Bắc Kạn"


def test_only_clerks_enter_paper_documents(client, office):
    client.force_login(office.specialist)
    response = client.get(reverse("documents:paper-create"), follow=True)
    assert "Chỉ văn thư mới nhập được văn bản đến." in html(response)


def test_issuer_autocomplete_searches_the_whole_directory(client, office):
    Organization.objects.create(organ_id="000.00.00.G14", name="Bộ Thông tin và Truyền thông", short_name="BTTTT",
                                hosted=False)
    client.force_login(office.clerk)
    options = html(client.get(reverse("documents:issuer-options"), {"issuer_name": "thông tin"}))
    assert '<option value="Bộ Thông tin và Truyền thông (000.00.00.G14)">Ngoài hệ thống' in options
    by_code = html(client.get(reverse("documents:issuer-options"), {"issuer_name": "000.00.00.G2"}))
    assert "Văn phòng Chính phủ (000.00.00.G22)" in by_code
    assert html(client.get(reverse("documents:issuer-options"), {"issuer_name": "x"})).strip() == ""


def test_register_gives_the_next_number(client, office):
    doc = paper(office)
    client.force_login(office.clerk)
    response = client.post(reverse("documents:register", args=[doc.pk]), follow=True)
    doc.refresh_from_db()
    assert doc.state == "registered" and doc.register_number == 1
    assert "Đã vào sổ văn bản đến." in html(response)


def test_a_duplicate_needs_the_explicit_confirmation(client, office):
    registered(office)
    again = paper(office)
    client.force_login(office.clerk)
    page = html(client.post(reverse("documents:register", args=[again.pk]), follow=True))
    assert "Văn bản có thể trùng với văn bản đến số 1" in page
    assert Document.objects.get(pk=again.pk).state == "arrived"
    client.post(reverse("documents:register", args=[again.pk]), {"allow_duplicate": "on"})
    assert Document.objects.get(pk=again.pk).register_number == 2


def test_a_specialist_cannot_register_even_a_document_they_see(client, office):
    doc = paper(office)
    Document.objects.filter(pk=doc.pk).update(created_by=office.specialist)
    client.force_login(office.specialist)
    page = html(client.post(reverse("documents:register", args=[doc.pk]), follow=True))
    assert "Chỉ văn thư của cơ quan mới được thực hiện thao tác này." in page
    assert Document.objects.get(pk=doc.pk).state == "arrived"
    assert "Vào sổ</button>" not in page


def test_register_over_htmx_returns_the_document_body(client, office):
    doc = paper(office)
    client.force_login(office.clerk)
    response = client.post(reverse("documents:register", args=[doc.pk]), HTTP_HX_REQUEST="true")
    page = html(response)
    assert response.status_code == 200 and "<html" not in page
    assert "Đã vào sổ văn bản đến." in page and "Số đến 1" in page and "Trình lãnh đạo" in page


def test_reject_needs_a_reason_then_rejects(client, office):
    doc = paper(office)
    client.force_login(office.clerk)
    page = html(client.post(reverse("documents:reject", args=[doc.pk]), {"reason": ""}))
    assert "Cần nêu lý do từ chối." in page and Document.objects.get(pk=doc.pk).state == "arrived"
    client.post(reverse("documents:reject", args=[doc.pk]), {"reason": "Gửi nhầm cơ quan"})
    doc.refresh_from_db()
    assert doc.state == "rejected" and doc.rejection_reason == "Gửi nhầm cơ quan"


def test_present_offers_only_the_organizations_leaders(client, office):
    doc = registered(office)
    client.force_login(office.clerk)
    page = html(client.get(reverse("documents:detail", args=[doc.pk])))
    assert "Đàm Duy Hưng" in page and "Người cơ quan khác" not in page
    bad = html(client.post(reverse("documents:present", args=[doc.pk]), {"leader": office.outsider.pk}))
    assert "Người được chọn không phải lãnh đạo." in bad
    client.post(reverse("documents:present", args=[doc.pk]), {"leader": office.leader.pk, "note": "Kính trình"})
    doc.refresh_from_db()
    assert doc.state == "presented" and doc.presentations.get().presented_to == office.leader


def test_recall_answer_agree_freezes_and_refuse_clears(client, office):
    agreed, refused = registered(office), registered(office, symbol="808/VPCP-KSTT")
    for d in (agreed, refused):
        incoming_recall_request(document=d, reason="Ban hành nhầm")
    client.force_login(office.clerk)
    assert "Chọn đồng ý hoặc từ chối." in html(client.post(reverse("documents:recall-answer", args=[agreed.pk]), {}))
    client.post(reverse("documents:recall-answer", args=[agreed.pk]), {"decision": "agree"})
    client.post(reverse("documents:recall-answer", args=[refused.pk]), {"decision": "refuse", "note": "Đã xử lý"})
    agreed.refresh_from_db(), refused.refresh_from_db()
    assert agreed.is_frozen and agreed.state == "recalled"
    assert refused.recall_requested_at is None and not refused.is_frozen
    page = html(client.get(reverse("documents:detail", args=[agreed.pk])))
    assert "Văn bản đã được thu hồi và khóa." in page and "Xử lý văn bản" not in page


def test_a_frozen_document_refuses_actions_with_a_message(client, office):
    doc = registered(office)
    incoming_instruct(actor=office.leader, document=doc, text="Giao VXNV", lead=Holder(unit=office.vx))
    Document.objects.filter(pk=doc.pk).update(is_frozen=True)
    client.force_login(office.head)
    lead = doc.assignments.get()
    page = html(client.post(reverse("documents:redistribute", args=[lead.pk]),
                            {f"r{lead.pk}-users": [office.specialist.pk]}, follow=True))
    assert "Văn bản đã bị thu hồi và khóa, không thể thay đổi." in page
    assert not lead.children.exists()
