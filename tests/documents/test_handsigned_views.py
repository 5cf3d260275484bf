"""The screens of hand-signed outgoing documents: the clerk's registration form, the document's page,
dispatch, and the post register with its Excel and PDF files — who may use them, and bad input."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from documents.models import Document, DocumentType, PostRegisterEntry, Register
from interchange.models import Recipient
from qlvb.models import Organization, User
from tests.e2e.story_fixtures import DEVNULL

pytestmark = [pytest.mark.django_db]
BACKAN, STC = "000.00.00.H05", "000.00.11.H05"


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)


def login(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (827, 1169), "white").save(out, "JPEG", dpi=(100, 100))
    return out.getvalue()


def form_data(**change):
    backan = Organization.objects.get(organ_id=BACKAN)
    leader = User.objects.get(username="backan.lanhdao")
    data = {
        "org": backan.pk, "document_type": DocumentType.objects.get(code="cong-van").pk,
        "subject": "V/v kiểm tra công tác văn thư", "signed_by": leader.pk, "signer_name": "",
        "signer_title": "Phó Chủ tịch", "signed_on": f"{timezone.localdate():%d/%m/%Y}", "unit": "",
        "urgency": 0, "secrecy": 0, "paper_recipients": "Báo Bắc Kạn",
        "scan": SimpleUploadedFile("ky-tay.jpg", jpeg(), content_type="image/jpeg"),
    }
    data.update(change)
    return {k: v for k, v in data.items() if v is not None}


def numbers() -> dict:
    return dict(Register.objects.values_list("pk", "last_number"))


def register_via_form(client) -> Document:
    response = login(client, "backan.vanthu").post(reverse("outgoing:handsigned-create"), form_data())
    document = Document.objects.get(source="paper", direction="out")
    assert response.status_code == 302 and response["Location"] == reverse("outgoing:handsigned", args=[document.pk])
    return document


def test_the_clerk_registers_a_letter_and_sees_its_number_on_a_page_that_says_signed_by_hand(client, demo):
    listing = login(client, "backan.vanthu").get(reverse("outgoing:list")).content.decode()
    assert "Vào sổ văn bản ký tay" in listing
    assert "Vào sổ văn bản ký tay" in client.get(reverse("outgoing:handsigned-create")).content.decode()

    document = register_via_form(client)

    assert (document.signed_at, document.signer_name, document.signer_title) == (None, "Đàm Duy Hưng", "Phó Chủ tịch")
    assert document.signed_by.username == "backan.lanhdao" and document.symbol.endswith("/UBND")
    page = client.get(reverse("outgoing:handsigned", args=[document.pk]), follow=True).content.decode()
    assert "Ký tay trên giấy" in page and document.symbol in page and "Đàm Duy Hưng" in page
    assert f"Đã vào sổ văn bản ký tay: số, ký hiệu {document.symbol}" in page
    listing = client.get(reverse("outgoing:list")).content.decode()
    assert document.symbol in listing and "Ký tay trên giấy" in listing and "Đàm Duy Hưng" in listing
    # The outgoing page of the list and the electronic issue page lead to it.
    for name in ("outgoing:detail", "outgoing:issue"):
        assert client.get(reverse(name, args=[document.pk]))["Location"] == reverse("outgoing:handsigned",
                                                                                      args=[document.pk])


@pytest.mark.parametrize("change, message", [
    ({"scan": None}, "Vui lòng đính kèm bản quét văn bản giấy đã ký."),
    ({"scan": SimpleUploadedFile("hong.pdf", b"%PDF-1.4 not really", content_type="application/pdf")},
     "không phải tệp PDF hay ảnh đọc được"),
    ({"scan": SimpleUploadedFile("virus.exe", b"MZ\x90\x00garbage", content_type="application/octet-stream")},
     "không phải tệp PDF hay ảnh đọc được"),
    ({"document_type": "copy"}, "Loại văn bản không hợp lệ."),
    ({"document_type": 999999}, "Loại văn bản không hợp lệ."),
    ({"signed_by": "", "signer_name": ""}, "Chọn lãnh đạo đã ký hoặc ghi họ tên người ký."),
    ({"paper_recipients": ""}, "Cần ít nhất một nơi nhận"),
    ({"signed_by": "", "signer_name": "Nguyễn Văn An", "signer_title": ""}, "Ghi chức vụ người ký."),
    ({"signed_on": "31/02/2026"}, "Ngày không hợp lệ"),
])
def test_bad_input_is_told_in_vietnamese_and_uses_no_number(client, demo, change, message):
    if change.get("document_type") == "copy":
        change["document_type"] = DocumentType.objects.get(code="ban-sao-y").pk
    before = numbers()
    response = login(client, "backan.vanthu").post(reverse("outgoing:handsigned-create"), form_data(**change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.filter(source="paper", direction="out").exists()
    assert numbers() == before


@pytest.mark.parametrize("username", ["backan.lanhdao", "backan.chuyenvien", "backan.luutru"])
def test_only_clerks_register_and_dispatch(client, demo, username):
    document = register_via_form(client)
    before = numbers()
    login(client, username)
    assert client.get(reverse("outgoing:handsigned-create")).status_code == 403
    assert client.post(reverse("outgoing:handsigned-create"), form_data()).status_code == 403
    dispatch = client.post(reverse("outgoing:handsigned-dispatch", args=[document.pk])).status_code
    if username == "backan.lanhdao":  # the leader reads it, and may not dispatch it
        assert dispatch == 403
        assert "Ký tay trên giấy" in client.get(reverse("outgoing:handsigned", args=[document.pk])).content.decode()
    else:  # a specialist who did not write it, the archivist before it is archived: not theirs to read
        assert dispatch == 404
    assert "Vào sổ văn bản ký tay" not in client.get(reverse("outgoing:list")).content.decode()
    document.refresh_from_db()
    assert document.dispatched_at is None and not Recipient.objects.filter(document=document).exists()
    assert Document.objects.filter(source="paper").count() == 1 and numbers() == before


def test_another_organization_sees_nothing_and_changes_nothing(client, demo):
    document = register_via_form(client)
    login(client, "backan.vanthu").post(reverse("outgoing:handsigned-dispatch", args=[document.pk]))
    backan = Organization.objects.get(organ_id=BACKAN)
    login(client, "stc.vanthu")
    for method, name in (("get", "outgoing:handsigned"), ("post", "outgoing:handsigned-dispatch"),
                         ("post", "outgoing:handsigned-seal")):
        assert getattr(client, method)(reverse(name, args=[document.pk])).status_code == 404
    # Another organization's id in ?org= falls back to the user's own: no Bắc Kạn rows, no Bắc Kạn file.
    page = client.get(reverse("registers:post"), {"org": backan.pk}).content.decode()
    assert "Báo Bắc Kạn" not in page and "Sở Tài chính" in page
    sheet = load_workbook(io.BytesIO(client.get(reverse("registers:post-xlsx"), {"org": backan.pk}).content)).active
    assert "Báo Bắc Kạn" not in [c.value for row in sheet.iter_rows() for c in row]
    assert PostRegisterEntry.objects.get().organization == backan


def test_paper_dispatch_fills_the_post_register_on_screen_in_excel_and_pdf(client, demo):
    document = register_via_form(client)
    addressee = document.addressees.get()
    response = client.post(reverse("outgoing:handsigned-dispatch", args=[document.pk]),
                           {f"bi-{addressee.pk}": "3", "ghi_chu": "Thư bảo đảm"}, follow=True)
    assert "Đã phát hành văn bản ký tay đến các nơi nhận." in response.content.decode()
    document.refresh_from_db()
    assert document.state == Document.State.DISPATCHED
    assert Recipient.objects.get(document=document).channel == Recipient.Channel.PAPER

    page = client.get(reverse("registers:post")).content.decode()
    assert "Sổ gửi văn bản đi bưu điện" in page and "Ký nhận và dấu bưu điện" in page
    assert document.symbol in page and "Báo Bắc Kạn" in page and "Thư bảo đảm" in page
    today = timezone.localdate()
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(
        client.get(reverse("registers:post-xlsx")).content)).active.iter_rows()]
    assert [f"{today:%d/%m/%Y}", document.symbol, "Báo Bắc Kạn", "3", None, "Thư bảo đảm"] in rows
    assert ["Ngày chuyển", "Số, ký hiệu văn bản", "Nơi nhận văn bản", "Số lượng bì", "Ký nhận và dấu bưu điện",
            "Ghi chú"] in rows
    pdf = client.get(reverse("registers:post-pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    # Filtered by date: a period before today has no row.
    earlier = client.get(reverse("registers:post"), {"date_from": "01/01/2020", "date_to": "31/12/2020"})
    assert "Báo Bắc Kạn" not in earlier.content.decode()
    # Dispatching again changes nothing.
    client.post(reverse("outgoing:handsigned-dispatch", args=[document.pk]), {f"bi-{addressee.pk}": "1"})
    assert PostRegisterEntry.objects.count() == 1


def test_the_outgoing_register_lists_the_hand_signed_letter(client, demo):
    document = register_via_form(client)
    page = client.get(reverse("registers:register", args=["di"])).content.decode()
    assert document.symbol in page and "Đàm Duy Hưng" in page and "Ký tay trên giấy" in page


def test_a_chosen_leader_gives_the_signer_title_when_none_is_typed(client, demo):
    login(client, "backan.vanthu").post(reverse("outgoing:handsigned-create"), form_data(signer_title=""))
    document = Document.objects.get(source="paper")
    assert (document.signer_name, document.signer_title) == ("Đàm Duy Hưng", "Phó Chủ tịch")


def test_the_post_register_shows_each_person_the_rows_of_the_letters_they_may_read(client, demo):
    document = register_via_form(client)
    client.post(reverse("outgoing:handsigned-dispatch", args=[document.pk]))
    assert "Báo Bắc Kạn" in login(client, "backan.lanhdao").get(reverse("registers:post")).content.decode()
    page = login(client, "backan.chuyenvien").get(reverse("registers:post"))
    assert page.status_code == 200 and "Báo Bắc Kạn" not in page.content.decode()
