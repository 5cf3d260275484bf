"""What our outgoing packages carry and how strictly they are checked (issue 14, findings 14 and 15).

- every package built for dispatch is validated before it leaves: one that breaks QCVN 102 is
  refused with a clear error, and nothing is sent, stored or delivered;
- PageAmount is the page count of the signed PDF (it was always 0);
- a reply (Bắc Kạn's 814 answering VPCP's 807) carries ResponseFor, and VPCP, on receipt, links
  the arriving 814 to its own 807 and says so on the incoming page.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from rest_framework.test import APIClient

from documents.models import Document, DocumentType
from documents.selectors.documents import document_main_file
from documents.services.incoming.receive import answered_document_link
from documents.services.outgoing.drafting import outgoing_draft_create
from documents.services.outgoing.issuing import outgoing_dispatch, outgoing_seal, outgoing_sign
from documents.services.outgoing.review import outgoing_submit, review_decide
from interchange import edxml
from interchange.models import AxisConnection, Outbound, Package, Recipient
from interchange.services.inbox import inbox_poll
from interchange.services.outbox import outbound_send
from qlvb.demo.story import BACKAN_814
from qlvb.errors import Refused
from qlvb.models import Organization
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import axis_connect, draft_ready_to_sign

pytestmark = [pytest.mark.django_db]
demo_cast, story_pki, local_axis = fx.demo_cast, fx.story_pki, fx.local_axis  # fixtures

VPCP, BTTTT, BACKAN = "000.00.00.G22", "000.00.00.G14", "000.00.00.H05"
VPCP_CLERK, VPCP_LEADER = "vpcp.vanthu", "vpcp.lanhdao"


@pytest.fixture
def axis(local_axis, settings):
    settings.QLVB_INBOX_FAN_OUT = False  # the test takes what the axis holds in this process
    axis_connect(local_axis.endpoint)
    return local_axis


def issue(cast, document, *, leader=VPCP_LEADER, clerk=VPCP_CLERK, organ_id=VPCP) -> Document:
    outgoing_sign(actor=cast.user(leader), document=document, pin=cast.pin(leader))
    return outgoing_seal(actor=cast.user(clerk), document=document, pin=cast.pin(organ_id))


def pages_of(path) -> int:
    """The page count as poppler's pdfinfo sees it (not our own code)."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def package_of(outbound: Outbound) -> bytes:
    return outbound.package.read()


def test_a_dispatched_package_meets_the_standard_and_carries_the_page_count_of_the_signed_pdf(demo_cast, axis):
    document = issue(demo_cast, draft_ready_to_sign(demo_cast))

    outgoing_dispatch(actor=demo_cast.user(VPCP_CLERK), document=document)

    data = package_of(Outbound.objects.get(document=document))
    assert edxml.validate(data) == []
    message = edxml.parse(data)
    expected = pages_of(document_main_file(document).file.path)
    assert expected >= 1
    assert message.other_info.page_amount == expected  # was always 0
    assert b"<edXML:PageAmount>%d</edXML:PageAmount>" % expected in data


def test_a_package_that_breaks_the_standard_is_refused_and_nothing_is_sent_or_half_written(demo_cast, axis,
                                                                                             client):
    # The directory holds a malformed address for Bắc Kạn: its package would carry To/Email "vanthu@backan".
    Organization.objects.filter(organ_id=BACKAN).update(email="vanthu@backan")
    document = issue(demo_cast, draft_ready_to_sign(demo_cast))  # Bắc Kạn (axis), BTTTT (here), VNPT (paper)
    packages_before = Package.objects.count()

    with pytest.raises(Refused) as refused:
        outgoing_dispatch(actor=demo_cast.user(VPCP_CLERK), document=document)

    assert refused.value.code == "package_invalid"
    text = refused.value.text()
    assert "không đạt quy chuẩn QCVN 102:2016 nên chưa gửi đi" in text
    assert "01/VPCP-KSTT" in text
    assert "MessageHeader/To[1]/Email: 'vanthu@backan' is not an e-mail address" in text
    document.refresh_from_db()
    assert (document.state, document.dispatched_at) == (Document.State.ISSUED, None)
    assert not Outbound.objects.exists() and not Recipient.objects.filter(document=document).exists()
    assert Package.objects.count() == packages_before
    assert not Document.objects.filter(organization__organ_id=BTTTT, direction="in").exists()  # nor delivered here

    # The clerk, in the browser: the error on the page, the document still waiting to be dispatched.
    client.force_login(demo_cast.user(VPCP_CLERK))
    answer = client.post(f"/van-ban/di/{document.pk}/phat-hanh/gui/", {"xac_nhan": "1"}, follow=True)
    assert answer.status_code == 200
    assert "không đạt quy chuẩn QCVN 102:2016" in answer.content.decode()
    assert "vanthu@backan" in answer.content.decode()
    # The API: 400, the English message and its code.
    api = APIClient()
    api.force_authenticate(demo_cast.user(VPCP_CLERK))
    answer = api.post(f"/api/outgoing/{document.pk}/dispatch/")
    assert answer.status_code == 400
    assert answer.json()["code"] == "package_invalid"
    assert "breaks the rules of QCVN 102:2016, so nothing was sent" in answer.json()["detail"]
    document.refresh_from_db()
    assert document.dispatched_at is None and not Outbound.objects.exists()

    # Once the directory is corrected, the same document goes.
    Organization.objects.filter(organ_id=BACKAN).update(email="vanthu@backan.gov.vn")
    outgoing_dispatch(actor=demo_cast.user(VPCP_CLERK), document=document)
    assert edxml.validate(package_of(Outbound.objects.get(document=document))) == []


def _reply_ready_to_sign(cast, answered: Document) -> Document:
    """Bắc Kạn's 814, drafted as the answer to the 807 it received, addressed to VPCP over the axis."""
    drafter = cast.user(BACKAN_814.drafter)
    document = outgoing_draft_create(
        actor=drafter, organization=cast.org(BACKAN), document_type=DocumentType.objects.get(code="cong-van"),
        subject=BACKAN_814.subject, content=("814.pdf", BACKAN_814.pdf()), recipients=[cast.org(VPCP)],
        urgency=BACKAN_814.urgency, reply_to=answered,
    )
    outgoing_submit(actor=drafter, document=document)
    review_decide(actor=cast.user(BACKAN_814.unit_head), document=document, approve=True)
    review_decide(actor=cast.user(BACKAN_814.clerk), document=document, approve=True)
    document.refresh_from_db()
    assert document.state == Document.State.APPROVED
    return document


def test_a_reply_carries_response_for_and_the_sender_of_the_answered_document_links_it(demo_cast, axis, client):
    # VPCP sends 807 to Bắc Kạn over the axis.
    original = issue(demo_cast, draft_ready_to_sign(demo_cast, recipients=[BACKAN], paper=[]))
    outgoing_dispatch(actor=demo_cast.user(VPCP_CLERK), document=original)
    assert outbound_send(outbound_id=Outbound.objects.get(document=original).pk) == "sent"
    backan_side = AxisConnection.objects.get(system_id="qlvb.h05")
    inbox_poll(connection=backan_side)
    received = Document.objects.get(organization__organ_id=BACKAN, direction="in", symbol=original.symbol)

    # Bắc Kạn answers it with 814 and dispatches it to VPCP.
    reply = issue(demo_cast, _reply_ready_to_sign(demo_cast, received), leader=BACKAN_814.leader,
                  clerk=BACKAN_814.clerk, organ_id=BACKAN)
    outgoing_dispatch(actor=demo_cast.user(BACKAN_814.clerk), document=reply)
    outbound = Outbound.objects.get(document=reply)

    data = package_of(outbound)
    assert edxml.validate(data) == []
    [answers] = edxml.parse(data).response_for
    assert answers == edxml.ResponseFor(organ_id=VPCP, code=original.symbol, promulgation_date=original.issued_on,
                                        document_id=received.external_id)
    assert answers.document_id == f"{VPCP},{original.issued_on:%Y/%m/%d},{original.symbol}"

    # VPCP receives 814: it is linked to VPCP's own 807.
    assert outbound_send(outbound_id=outbound.pk) == "sent"
    inbox_poll(connection=AxisConnection.objects.get(system_id="qlvb.trunguong"))
    arrived = Document.objects.get(organization__organ_id=VPCP, direction="in", symbol=reply.symbol)
    assert arrived.reply_to == original
    assert (arrived.reply_to_code, arrived.reply_to_organ) == (original.symbol, "Văn phòng Chính phủ")

    client.force_login(demo_cast.user(VPCP_CLERK))
    page = client.get(f"/van-ban/{arrived.pk}/").content.decode()
    line = re.search(r"<li data-answers>(.*?)</li>", page, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s+", " ", line).split() == (
        f"Trả lời văn bản số {original.symbol} của Văn phòng Chính phủ".split())
    assert f'href="/van-ban/{original.pk}/"' in line or f'href="/van-ban/di/{original.pk}/"' in line
    api = APIClient()
    api.force_authenticate(demo_cast.user(VPCP_CLERK))
    shown = api.get(f"/api/documents/{arrived.pk}/").json()
    assert (shown["reply_to"], shown["reply_to_code"], shown["reply_to_organ"]) == (
        original.pk, original.symbol, "Văn phòng Chính phủ")


def test_a_reply_to_someone_elses_document_is_named_without_a_link(demo_cast):
    vpcp = demo_cast.org(VPCP)
    incoming = Document.objects.create(
        organization=vpcp, direction="in", source=Document.Source.AXIS, state=Document.State.ARRIVED,
        document_type=DocumentType.objects.get(code="cong-van"), symbol="12/STTTT-BCVT", subject="Trả lời",
        issuer_name="Sở TT&TT Bắc Kạn")
    answered = answered_document_link(document=incoming, response_for=(edxml.ResponseFor(
        organ_id=BTTTT, code="45/BTTTT-THH", document_id=f"{BTTTT},2021/01/15,45/BTTTT-THH"),))

    assert answered is None
    incoming.refresh_from_db()
    assert (incoming.reply_to, incoming.reply_to_code, incoming.reply_to_organ) == (
        None, "45/BTTTT-THH", "Bộ Thông tin và Truyền thông")
