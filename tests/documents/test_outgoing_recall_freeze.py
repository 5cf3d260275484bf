"""A recalled outgoing document is frozen (NĐ 30, Phụ lục VI, III.8.a; issue 14, finding 16).

Once VPCP's clerk asks for 807 back, nobody can edit, re-sign, seal, dispatch or re-send it, in
the browser or through the API; the refusal is a clear Vietnamese message on the pages and an
English code in the API. Another organization still gets 404 and the wrong role still gets 403.
Only the revoke itself travels.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from documents.models import Document, DocumentFile
from documents.services.incoming.registration import internal_deliver
from documents.services.outgoing.issuing import (
    outgoing_dispatch,
    outgoing_seal,
    outgoing_sign,
    outgoing_update_recipients,
)
from interchange.models import Outbound, Recipient
from interchange.services.outbox import outbound_document_enqueue
from qlvb.errors import Refused
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import axis_connect, draft_ready_to_sign

pytestmark = [pytest.mark.django_db]
demo_cast, story_pki, local_axis = fx.demo_cast, fx.story_pki, fx.local_axis  # fixtures

VPCP, BTTTT, BACKAN = "000.00.00.G22", "000.00.00.G14", "000.00.00.H05"
CLERK, LEADER, DRAFTER = "vpcp.vanthu", "vpcp.lanhdao", "vpcp.chuyenvien"
LOCKED = "Văn bản đã được thu hồi và bị khóa: không thể sửa, ký, ký số cơ quan hay phát hành lại."


@pytest.fixture
def recalled(demo_cast, local_axis, client) -> Document:
    """807 signed, sealed and dispatched (Bắc Kạn over the axis, BTTTT here, VNPT on paper); the axis
    send to Bắc Kạn failed; then the clerk recalls it on the tracking page."""
    axis_connect(local_axis.endpoint)
    document = draft_ready_to_sign(demo_cast)
    outgoing_sign(actor=demo_cast.user(LEADER), document=document, pin=demo_cast.pin(LEADER))
    outgoing_seal(actor=demo_cast.user(CLERK), document=document, pin=demo_cast.pin(VPCP))
    outgoing_dispatch(actor=demo_cast.user(CLERK), document=document)
    Outbound.objects.filter(document=document).update(state=Outbound.State.FAILED, last_error="axis down")
    Recipient.objects.filter(outbound__document=document).update(state=Recipient.State.FAILED, reason="axis down")
    client.force_login(demo_cast.user(CLERK))
    page = client.post(f"/van-ban/di/{document.pk}/thu-hoi/", {"reason": "Sai thể thức"}, follow=True)
    assert page.status_code == 200
    document.refresh_from_db()
    return document


def page_text(response) -> str:
    return response.content.decode()


def counts(document) -> tuple[int, int, int, int]:
    return (Outbound.objects.filter(document=document).count(), Recipient.objects.filter(document=document).count(),
            DocumentFile.objects.filter(document=document).count(),
            Document.objects.filter(direction="in", symbol=document.symbol).count())


def test_the_recall_freezes_the_document_and_only_the_revoke_travels(recalled):
    assert (recalled.state, recalled.is_frozen, recalled.recall_note) == (
        Document.State.RECALLED, True, "Sai thể thức")
    assert recalled.get_state_display() == "Đã thu hồi"
    revoke = Outbound.objects.get(document=recalled, business_type=1)
    assert revoke.state == Outbound.State.QUEUED and revoke.recipients.get().organ_id == BACKAN


def test_the_clerk_cannot_dispatch_resend_retry_or_recall_it_again_in_the_browser(demo_cast, recalled, client):
    before = counts(recalled)
    original = Outbound.objects.get(document=recalled, business_type=0)
    client.force_login(demo_cast.user(CLERK))

    tracking = page_text(client.get(f"/van-ban/di/{recalled.pk}/theo-doi/"))
    banner = re.sub(r"<[^>]+>|\s+", " ", re.search(r"data-recalled>(.*?)</div>", tracking, re.S).group(1)).strip()
    assert banner == (f"Văn bản đã được thu hồi ngày {timezone.localdate():%d/%m/%Y} và bị khóa: không thể sửa, ký, "
                      "ký số cơ quan hay phát hành lại. Lý do: Sai thể thức")
    assert f"/van-ban/di/{recalled.pk}/thu-hoi/" not in tracking  # no recall form any more
    assert f"/theo-doi/gui-lai/{original.pk}/" not in tracking  # no "Gửi lại" for the failed send

    answer = client.post(f"/van-ban/di/{recalled.pk}/phat-hanh/gui/", {"xac_nhan": "1"}, follow=True)
    assert LOCKED in page_text(answer)
    answer = client.post(f"/van-ban/di/{recalled.pk}/theo-doi/gui-lai/{original.pk}/", follow=True)
    assert "Văn bản 01/VPCP-KSTT đã được thu hồi nên không được gửi lại." in page_text(answer)
    original.refresh_from_db()
    assert original.state == Outbound.State.FAILED
    answer = client.post(f"/van-ban/di/{recalled.pk}/thu-hoi/", {"reason": "Lần nữa"}, follow=True)
    assert "Văn bản đã được thu hồi." in page_text(answer)
    assert Outbound.objects.filter(document=recalled, business_type=1).count() == 1  # one revoke, not two

    assert counts(recalled) == before
    recalled.refresh_from_db()
    assert recalled.state == Document.State.RECALLED


def test_the_leader_cannot_sign_it_again_nor_the_drafter_upload_a_new_version(demo_cast, recalled, client):
    before, signed_at = counts(recalled), recalled.signed_at
    client.force_login(demo_cast.user(LEADER))
    answer = client.post(f"/van-ban/di/{recalled.pk}/ky/", {"pin": demo_cast.pin(LEADER)}, follow=True)
    assert LOCKED in page_text(answer)

    client.force_login(demo_cast.user(DRAFTER))
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    answer = client.post(f"/van-ban/di/{recalled.pk}/phien-ban/",
                         {"content": SimpleUploadedFile("moi.pdf", pdf, "application/pdf"), "note": "sửa"}, follow=True)
    assert answer.status_code in (200, 400)
    assert LOCKED in page_text(answer)
    answer = client.post(f"/van-ban/di/{recalled.pk}/gop-y/", {"text": "Sửa lại đoạn 2"}, follow=True)
    assert LOCKED in page_text(answer)

    recalled.refresh_from_db()
    assert counts(recalled) == before and recalled.signed_at == signed_at


def test_the_api_refuses_with_an_english_code_404_for_another_organization_403_for_the_wrong_role(demo_cast,
                                                                                                 recalled):
    def api(username):
        client = APIClient()
        client.force_authenticate(demo_cast.user(username))
        return client

    before = counts(recalled)
    for username, action, body in [(LEADER, "sign", {"pin": demo_cast.pin(LEADER)}), (CLERK, "seal",
                                   {"pin": demo_cast.pin(VPCP)}), (CLERK, "dispatch", {})]:
        answer = api(username).post(f"/api/outgoing/{recalled.pk}/{action}/", body, format="json")
        assert answer.status_code == 400, (action, answer.content)
        assert answer.json()["code"] == "outgoing_recalled", action
        assert answer.json()["detail"] == ("The document was recalled and is locked: it can no longer be edited, "
                                           "signed, sealed or dispatched.")
    answer = api(CLERK).post(f"/api/outgoing/{recalled.pk}/recall/", {"reason": "Lần nữa"}, format="json")
    assert (answer.status_code, answer.json()["code"]) == (400, "already_recalled")

    # Another organization's clerk and leader do not see it at all.
    for username, action in [("btttt.vanthu", "dispatch"), ("btttt.lanhdao", "sign"), ("btttt.vanthu", "recall")]:
        answer = api(username).post(f"/api/outgoing/{recalled.pk}/{action}/", {"pin": "0", "reason": "x"},
                                    format="json")
        assert answer.status_code == 404, (username, action)
    # The drafter (a specialist) may do none of it: 403, as for any document.
    for action, body in [("dispatch", {}), ("sign", {"pin": "0"}), ("seal", {"pin": "0"})]:
        answer = api(DRAFTER).post(f"/api/outgoing/{recalled.pk}/{action}/", body, format="json")
        assert answer.status_code == 403, (action, answer.content)
    assert counts(recalled) == before


def test_no_service_sends_or_delivers_it_again(demo_cast, recalled):
    """What the alerts' "Gửi lại cho nơi nhận" and recipient updates call."""
    before = counts(recalled)
    with pytest.raises(Refused) as refused:
        outbound_document_enqueue(document=recalled, recipients=[demo_cast.org(BACKAN)])
    assert refused.value.code == "document_recalled"
    with pytest.raises(Refused) as refused:
        internal_deliver(actor=demo_cast.user(CLERK), document=recalled, recipients=[demo_cast.org(BTTTT)])
    assert refused.value.code == "outgoing_recalled"
    with pytest.raises(Refused) as refused:
        outgoing_update_recipients(actor=demo_cast.user(CLERK), document=recalled,
                                   added=[demo_cast.org("000.00.13.H05")], removed=[])
    assert refused.value.code == "outgoing_recalled"
    assert counts(recalled) == before
