"""The e-only catalogue's page (Danh mục văn bản điện tử), the addressee form and the API that set
paper addressees, and the reason carried to the paper Recipient at dispatch."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from documents.models import Addressee, Document, DocumentType, ElectronicOnlyEntry
from documents.services.outgoing.issuing import outgoing_dispatch, outgoing_seal, outgoing_sign
from interchange.models import Recipient
from qlvb.audit_actions import AuditAction
from qlvb.demo.story import VPCP_807
from qlvb.models import AuditEvent
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import DEVNULL, DemoCast, draft_ready_to_sign
from tests.factories import login_verified, make_user

pytestmark = [pytest.mark.django_db]
demo_cast, story_pki = fx.demo_cast, fx.story_pki  # fixtures
VPCP, BTTTT, BACKAN, STC = "000.00.00.G22", "000.00.00.G14", "000.00.00.H05", "000.00.11.H05"
CATALOGUE = reverse("electronic-only:catalogue")
REASON_MISSING = "“Công văn” thuộc danh mục văn bản gửi điện tử và Sở Tài chính tỉnh Bắc Kạn nhận được văn bản điện tử"


@pytest.fixture
def cast(settings, tmp_path) -> DemoCast:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    return DemoCast(tmp_path)


def cong_van() -> DocumentType:
    return DocumentType.objects.get(code="cong-van")


def update_url(dtype: DocumentType) -> str:
    return reverse("electronic-only:update", args=[dtype.pk])


def test_the_organizations_admin_reviews_a_type_and_the_page_says_who_and_when(client, cast):
    login_verified(client, cast.user("admin"))
    page = client.get(CATALOGUE).content.decode()
    assert "Danh mục văn bản điện tử" in page and "Ủy ban nhân dân tỉnh Bắc Kạn" in page
    assert "6 loại chỉ gửi điện tử" in page and "6 loại cần rà soát" in page
    cv = cong_van()
    saved = client.post(update_url(cv), {"org": cast.org(BACKAN).pk, f"t{cv.pk}-electronic_only": "on",
                                         f"t{cv.pk}-reviewed": "on", f"t{cv.pk}-note": "Đã đối chiếu 775"})
    assert saved.status_code == 302
    page = client.get(saved.url).content.decode()
    assert "5 loại cần rà soát" in page and "Đã đối chiếu 775" in page and "Quản trị hệ thống" in page
    entry = ElectronicOnlyEntry.objects.get()
    assert (entry.organization, entry.electronic_only, entry.needs_review) == (cast.org(BACKAN), True, False)
    assert AuditEvent.objects.filter(action=AuditAction.ELECTRONIC_ONLY_CHANGE, actor=cast.user("admin")).count() == 1


def test_a_clerk_gets_403_and_changes_nothing(client, cast):
    client.force_login(cast.user("backan.vanthu"))
    assert client.get(CATALOGUE).status_code == 403
    cv = cong_van()
    refused = client.post(update_url(cv), {"org": cast.org(BACKAN).pk, f"t{cv.pk}-reviewed": "on"})
    assert refused.status_code == 403
    assert not ElectronicOnlyEntry.objects.exists()


def test_an_admin_of_another_organization_cannot_see_or_edit_this_one(client, cast):
    login_verified(client, make_user(cast.org(VPCP), ["admin"]))
    assert client.get(CATALOGUE, {"org": cast.org(BACKAN).pk}).status_code == 404
    cv = cong_van()
    refused = client.post(update_url(cv), {"org": cast.org(BACKAN).pk, f"t{cv.pk}-reviewed": "on"})
    assert refused.status_code == 404
    assert not ElectronicOnlyEntry.objects.exists()
    assert "Văn phòng Chính phủ" in client.get(CATALOGUE).content.decode()  # its own catalogue


def test_a_note_too_long_is_a_clear_error_and_nothing_is_saved(client, cast):
    login_verified(client, cast.user("admin"))
    cv = cong_van()
    bad = client.post(update_url(cv), {"org": cast.org(BACKAN).pk, f"t{cv.pk}-reviewed": "on",
                                       f"t{cv.pk}-note": "x" * 501})
    assert bad.status_code == 400 and "Ghi chú dài quá 500 ký tự." in bad.content.decode()
    assert not ElectronicOnlyEntry.objects.exists()


def _draft_post(cast, **extra) -> dict:
    return {"org": cast.org(BACKAN).pk, "document_type": cong_van().pk, "subject": "Về việc gửi báo cáo tài chính",
            "urgency": 0, "secrecy": 0, "content": SimpleUploadedFile("cv.pdf", VPCP_807.pdf()), **extra}


def test_the_addressee_form_offers_no_plain_paper_for_an_e_only_type(client, cast):
    client.force_login(cast.user("backan.vanthu"))
    stc = cast.org(STC)
    form = client.get(reverse("outgoing:create")).content.decode()
    assert "Sở Tài chính tỉnh Bắc Kạn" in form
    # For công văn the plain paper choice is drawn hidden and disabled (for when the type changes).
    assert "vẫn gửi bản giấy?" in form and "data-paper-plain hidden" in form and "data-paper-anyway hidden" not in form
    assert f'value="{stc.pk}" id="paper-for-{stc.pk}" disabled' in form
    params = {"org": cast.org(BACKAN).pk, "chon": stc.pk}
    chip = client.get(reverse("outgoing:recipient-options"), {**params, "document_type": cong_van().pk})
    assert f"Lý do gửi bản giấy đến {stc.name} (bắt buộc)" in chip.content.decode()
    assert "data-paper-plain hidden" in chip.content.decode()
    other = client.get(reverse("outgoing:recipient-options"),
                       {**params, "document_type": DocumentType.objects.get(code="quyet-dinh").pk})
    assert "data-paper-anyway hidden" in other.content.decode()
    assert "data-paper-plain hidden" not in other.content.decode()


def test_paper_without_a_reason_is_refused_in_vietnamese_and_nothing_is_saved(client, cast):
    client.force_login(cast.user("backan.vanthu"))
    stc = cast.org(STC)
    refused = client.post(reverse("outgoing:create"), _draft_post(cast, recipients=[stc.pk], paper_for=[stc.pk]))
    assert refused.status_code == 200 and REASON_MISSING in refused.content.decode()
    assert not Document.objects.filter(direction="out").exists() and not Addressee.objects.exists()

    saved = client.post(reverse("outgoing:create"), _draft_post(
        cast, recipients=[stc.pk], paper_for=[stc.pk], **{f"paper_reason_{stc.pk}": "Sở đề nghị bản giấy có dấu"}))
    assert saved.status_code == 302
    addressee = Addressee.objects.get()
    assert (addressee.organization, addressee.channel, addressee.paper_reason) == (
        stc, "paper", "Sở đề nghị bản giấy có dấu")
    page = client.get(saved.url).content.decode()
    assert "lý do gửi bản giấy: Sở đề nghị bản giấy có dấu" in page


def test_the_api_applies_the_same_rule_in_english(cast):
    api = APIClient()
    api.force_authenticate(cast.user("backan.vanthu"))
    body = {"organization": cast.org(BACKAN).pk, "document_type": "cong-van", "subject": "Về việc thử",
            "paper_organizations": [STC]}
    refused = api.post("/api/outgoing/", {**body, "content": SimpleUploadedFile("a.pdf", VPCP_807.pdf())},
                       format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "paper_reason_required"
    assert refused.json()["detail"] == ("“Công văn” is on the e-only catalogue and Sở Tài chính tỉnh Bắc Kạn can "
                                        "receive it electronically: give the reason for sending it on paper.")
    assert not Document.objects.filter(direction="out").exists()
    created = api.post("/api/outgoing/", {**body, "paper_reason": "Hồ sơ thanh toán cần bản gốc",
                                          "content": SimpleUploadedFile("a.pdf", VPCP_807.pdf())}, format="multipart")
    assert created.status_code == 201, created.json()
    assert created.json()["addressees"] == [{"name": "Sở Tài chính tỉnh Bắc Kạn", "organ_id": STC, "channel": "paper",
                                             "paper_reason": "Hồ sơ thanh toán cần bản gốc"}]


def test_the_reason_travels_to_the_paper_recipient_at_dispatch(demo_cast, client):
    document = draft_ready_to_sign(demo_cast, recipients=[BTTTT], paper=["Tập đoàn VNPT"])
    # As the drafting service leaves it when BTTTT is chosen on paper with a reason (tested above).
    document.addressees.filter(organization__organ_id=BTTTT).update(channel="paper",
                                                                    paper_reason="Bộ đề nghị bản giấy")
    outgoing_sign(actor=demo_cast.user("vpcp.lanhdao"), document=document, pin=demo_cast.pin("vpcp.lanhdao"))
    outgoing_seal(actor=demo_cast.user("vpcp.vanthu"), document=document, pin=demo_cast.pin(VPCP))
    outgoing_dispatch(actor=demo_cast.user("vpcp.vanthu"), document=document)
    rows = {r.name: (r.channel, r.organ_id, r.paper_reason) for r in Recipient.objects.filter(document=document)}
    assert rows == {"Bộ Thông tin và Truyền thông": ("paper", BTTTT, "Bộ đề nghị bản giấy"),
                    "Tập đoàn VNPT": ("paper", "", "")}
    assert not Document.objects.filter(organization__organ_id=BTTTT, direction="in").exists()  # nothing electronic
    client.force_login(demo_cast.user("vpcp.vanthu"))
    tracking = client.get(reverse("outgoing:tracking", args=[document.pk])).content.decode()
    assert "Lý do gửi bản giấy (văn bản thuộc danh mục gửi điện tử): Bộ đề nghị bản giấy" in tracking
