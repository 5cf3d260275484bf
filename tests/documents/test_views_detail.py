"""The document page: metadata, the PDF's pages to those who may see it, the duplicate
warning, the recall banner, the related links and the timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from documents.models import Document, DocumentType
from documents.services.incoming.handling import Holder, incoming_instruct, incoming_present
from documents.services.incoming.recall import incoming_recall_request
from documents.services.incoming.registration import incoming_register, internal_deliver

from .test_views_setup import PDF, html, make_office, paper, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return make_office()


def detail(client, doc, **kw):
    return client.get(reverse("documents:detail", args=[doc.pk]), **kw)


def test_detail_shows_the_metadata_and_offers_the_pdf(client, office):
    doc = paper(office, urgency=2, subject="V/v phòng, chống dịch COVID-19")
    client.force_login(office.clerk)
    page = html(detail(client, doc))
    for text in ("Công văn 807/VPCP-KSTT", "V/v phòng, chống dịch COVID-19", "Văn phòng Chính phủ", "000.00.00.G22",
                 "Thượng khẩn", "Chưa vào sổ", "Văn bản giấy", "807.pdf", "Tải về"):
        assert text in page, text
    file_url = reverse("documents:file", args=[doc.pk, doc.files.get().pk])
    assert f'href="{file_url}?tai-ve=1"' in page
    assert "<iframe" not in page  # a received PDF is never shown by the browser's plugin (see test_file_serving)


def test_the_pdf_downloads_sandboxed(client, office):
    doc = paper(office)
    client.force_login(office.clerk)
    url = reverse("documents:file", args=[doc.pk, doc.files.get().pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment") and "807.pdf" in response["Content-Disposition"]
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Frame-Options"] == "DENY"
    assert b"".join(response.streaming_content) == PDF


def test_a_file_of_another_document_is_404(client, office):
    doc, other = paper(office), paper(office, symbol="808/VPCP-KSTT")
    client.force_login(office.clerk)
    assert client.get(reverse("documents:file", args=[doc.pk, other.files.get().pk])).status_code == 404


def test_duplicate_warning_shows_the_earlier_document(client, office):
    earlier = registered(office)
    again = paper(office)
    client.force_login(office.clerk)
    page = html(detail(client, again))
    assert "Có thể trùng với văn bản đã đến trước" in page
    assert reverse("documents:detail", args=[earlier.pk]) in page and "số đến 1" in page
    assert "Vẫn vào sổ" in page and "vẫn vào sổ" in page


def test_recall_banner_and_answer_buttons(client, office):
    doc = registered(office)
    incoming_recall_request(document=doc, reason="Văn bản ban hành nhầm")
    client.force_login(office.clerk)
    page = html(detail(client, doc))
    assert "Bên gửi đề nghị lấy lại văn bản" in page and "Văn bản ban hành nhầm" in page
    assert "Đồng ý cho lấy lại" in page and "Từ chối" in page
    client.force_login(office.leader)
    assert "Đồng ý cho lấy lại" not in html(detail(client, doc))


def test_timeline_tells_the_story(client, office):
    doc = registered(office)
    incoming_present(actor=office.clerk, document=doc, leader=office.leader, note="Kính trình")
    incoming_instruct(actor=office.leader, document=doc, text="Giao Phòng VXNV chủ trì.", lead=Holder(unit=office.vx),
                      inform=[Holder(user=office.deputy)], deadline_days=5)
    client.force_login(office.clerk)
    page = html(detail(client, doc))
    order = ["Văn bản đến", "Vào sổ văn bản đến", "Trình Đàm Duy Hưng", "Ý kiến chỉ đạo"]
    positions = [page.index(t) for t in order]
    assert positions == sorted(positions)
    assert "Giao Phòng VXNV chủ trì." in page and "Chủ trì: Phòng Văn xã - Nội vụ" in page
    assert "Nhận để biết: Phó Chủ tịch Lê Văn Phó" in page


def test_statuses_sent_to_a_sender_in_this_deployment_are_in_the_timeline(client, office):
    sender_doc = Document.objects.create(
        organization=office.sender, direction="out", document_type=DocumentType.objects.get(code="cong-van"),
        symbol="15/VPCP-KSTT", subject="Về việc thử nghiệm", state="issued", issued_on=dt.date(2021, 2, 1))
    [incoming] = internal_deliver(actor=None, document=sender_doc, recipients=[office.org])
    incoming_register(actor=office.clerk, document=incoming)
    client.force_login(office.clerk)
    page = html(detail(client, incoming))
    assert "Gửi trạng thái 01 “Đã đến”" in page and "Gửi trạng thái 03 “Đã tiếp nhận”" in page


def test_related_documents_are_linked(client, office):
    original = registered(office)
    update = paper(office, symbol="807b/VPCP-KSTT")
    Document.objects.filter(pk=update.pk).update(related_to=original, relation="update")
    client.force_login(office.clerk)
    page = html(detail(client, original))
    assert "Có văn bản cập nhật" in page and reverse("documents:detail", args=[update.pk]) in page
    page = html(detail(client, update))
    assert "Cập nhật cho văn bản" in page and reverse("documents:detail", args=[original.pk]) in page
