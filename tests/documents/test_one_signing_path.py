"""One signing path (issue 13, point 1): with the demo cast and its keys, the leader's signature,
the organization's seal and its stamps go on a document only through the outgoing workflow
(/api/outgoing/<pk>/sign/, external/…, seal/), which checks the state, the route's second factor,
the number, who signs and holds the signing lock. The file-level endpoints that signed any file
with only the PIN (/chu-ky/api/tep/<id>/ky/, ky-so-co-quan/, ky-tep-kem-theo/, ky-ngoai/) are gone.

Each test is what an attacker with a leader's or a clerk's PIN would try, and what they would see:
the status, the error code, and that no file version and no signature record appeared."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from documents.models import Document, DocumentFile
from documents.selectors.documents import document_main_file
from documents.services.outgoing.review import route_for
from qlvb.demo.story import VPCP_807
from signatures.models import ExternalSigningSession, SignatureRecord
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import draft_ready_to_sign, file_bytes, pdf_text

pytestmark = [pytest.mark.django_db]
demo_cast, story_pki = fx.demo_cast, fx.story_pki  # fixtures

LEADER, CLERK, VPCP = "vpcp.lanhdao", "vpcp.vanthu", "000.00.00.G22"
API = "/api/outgoing/"


def api(cast, username) -> APIClient:
    client = APIClient()
    client.force_authenticate(cast.user(username))
    return client


def _snapshot(document: Document) -> tuple:
    document.refresh_from_db()
    return (DocumentFile.objects.filter(document=document).count(), document.state, document.register_number,
            document.symbol, document.signed_at, document.sealed_at)


def _nothing_signed(document: Document, before: tuple) -> None:
    assert _snapshot(document) == before
    assert not SignatureRecord.objects.filter(document=document).exists()
    assert not ExternalSigningSession.objects.filter(source_file__document=document).exists()


def _draft(cast) -> Document:
    """A draft its author never submitted."""
    from documents.models import DocumentType
    from documents.services.outgoing.drafting import outgoing_draft_create

    return outgoing_draft_create(
        actor=cast.user(VPCP_807.drafter), organization=cast.org(VPCP),
        document_type=DocumentType.objects.get(code="cong-van"), subject=VPCP_807.subject,
        content=("807.pdf", VPCP_807.pdf()), appendices=[], recipients=[cast.org(o) for o in VPCP_807.recipients],
        paper_recipients=[], urgency=VPCP_807.urgency, secrecy=0,
    )


def test_a_leader_cannot_sign_a_never_submitted_draft(demo_cast):
    document = _draft(demo_cast)
    main, before = document_main_file(document), _snapshot(document)
    leader = api(demo_cast, LEADER)
    pin = demo_cast.pin(LEADER)

    assert leader.post(f"/chu-ky/api/tep/{main.pk}/ky/", {"pin": pin}, format="json").status_code == 404
    assert leader.post(f"/chu-ky/api/tep/{main.pk}/ky-ngoai/", {}, format="json").status_code == 404
    for action, body in (("sign/", {"pin": pin}), ("external/prepare/", {})):
        refused = leader.post(f"{API}{document.pk}/{action}", body, format="json")
        assert refused.status_code == 400 and refused.json()["code"] == "not_approved", (action, refused.json())
    _nothing_signed(document, before)
    assert before[1] == "draft" and before[2] is None


def test_the_routes_second_factor_is_asked_on_every_signing_path(demo_cast):
    route = route_for(demo_cast.org(VPCP))
    route.require_second_factor = True
    route.save()
    document = draft_ready_to_sign(demo_cast)
    main, before = document_main_file(document), _snapshot(document)
    leader = api(demo_cast, LEADER)
    pin = demo_cast.pin(LEADER)

    assert leader.post(f"/chu-ky/api/tep/{main.pk}/ky/", {"pin": pin}, format="json").status_code == 404
    for action, body in (("sign/", {"pin": pin}), ("external/prepare/", {})):
        refused = leader.post(f"{API}{document.pk}/{action}", body, format="json")
        assert refused.status_code == 400, (action, refused.json())
        assert refused.json()["code"] in {"no_authenticator", "wrong_authenticator_code"}, refused.json()
    _nothing_signed(document, before)  # not even a number was taken


def test_no_signature_covers_a_document_before_its_number(demo_cast):
    document = draft_ready_to_sign(demo_cast)
    main, before = document_main_file(document), _snapshot(document)
    leader = api(demo_cast, LEADER)

    assert leader.post(f"/chu-ky/api/tep/{main.pk}/ky/", {"pin": demo_cast.pin(LEADER)},
                       format="json").status_code == 404
    wrong_role = api(demo_cast, CLERK).post(f"{API}{document.pk}/sign/", {"pin": demo_cast.pin(VPCP)}, format="json")
    assert wrong_role.status_code == 403 and wrong_role.json()["code"] == "leader_only", wrong_role.json()
    _nothing_signed(document, before)

    signed = leader.post(f"{API}{document.pk}/sign/", {"pin": demo_cast.pin(LEADER)}, format="json")
    assert signed.status_code == 200, signed.json()
    (record,) = SignatureRecord.objects.filter(document=document)
    # What the leader's signature covers is the version with the number and date written in.
    assert record.source_file.replaces == main
    assert "01/VPCP-KSTT" in " ".join(pdf_text(file_bytes(record.source_file)).split())
    assert "01/VPCP-KSTT" not in " ".join(pdf_text(file_bytes(main)).split())


def test_the_clerk_seals_and_stamps_only_a_signed_document_of_the_organization(demo_cast):
    document = draft_ready_to_sign(demo_cast, appendices=[("phu-luc.pdf", VPCP_807.pdf())])
    main, before = document_main_file(document), _snapshot(document)
    clerk = api(demo_cast, CLERK)
    pin = demo_cast.pin(VPCP)
    appendix = DocumentFile.objects.get(document=document, role="appendix")

    assert clerk.post(f"/chu-ky/api/tep/{main.pk}/ky-so-co-quan/", {"pin": pin}, format="json").status_code == 404
    assert clerk.post(f"/chu-ky/api/tep/{appendix.pk}/ky-tep-kem-theo/", {"pin": pin, "stamp_text": "Đã duyệt"},
                      format="json").status_code == 404
    refused = clerk.post(f"{API}{document.pk}/seal/", {"pin": pin}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "not_signed_for_seal", refused.json()
    wrong_role = api(demo_cast, VPCP_807.drafter).post(f"{API}{document.pk}/seal/", {"pin": pin}, format="json")
    assert wrong_role.status_code == 403 and wrong_role.json()["code"] == "not_a_clerk"
    other_clerk = api(demo_cast, "btttt.vanthu").post(f"{API}{document.pk}/seal/",
                                                      {"pin": demo_cast.pin("000.00.00.G14")}, format="json")
    assert other_clerk.status_code == 404
    _nothing_signed(document, before)


def test_a_device_signing_session_is_its_leaders_and_expires(demo_cast):
    """Signing with a key on the leader's device goes through the workflow too (external/prepare,
    external/complete): the session is the preparing leader's, and an expired one signs nothing."""
    from django.utils import timezone

    from signatures.services import external_session_purge
    from tests.e2e.story_fixtures import agent_signature, external_key_for

    credential = external_key_for(demo_cast, LEADER)
    document = draft_ready_to_sign(demo_cast)
    leader = api(demo_cast, LEADER)
    session = leader.post(f"{API}{document.pk}/external/prepare/", {}, format="json").json()
    signature = agent_signature(credential, session["digest"])
    before = _snapshot(document)  # numbered at prepare, waiting for the device

    for username in (CLERK, VPCP_807.drafter):
        taken = api(demo_cast, username).post(f"{API}{document.pk}/external/complete/",
                                              {"session": session["session"], "signature": signature}, format="json")
        assert taken.status_code == 403, (username, taken.json())
    stranger = api(demo_cast, "btttt.lanhdao").post(f"{API}{document.pk}/external/complete/",
                                                    {"session": session["session"], "signature": signature},
                                                    format="json")
    assert stranger.status_code == 404

    ExternalSigningSession.objects.filter(pk=session["session"]).update(expires_at=timezone.now())
    expired = leader.post(f"{API}{document.pk}/external/complete/",
                          {"session": session["session"], "signature": signature}, format="json")
    assert expired.status_code == 400 and expired.json()["code"] == "session_expired", expired.json()
    assert _snapshot(document) == before and not SignatureRecord.objects.filter(document=document).exists()
    assert external_session_purge() == 1

    again = leader.post(f"{API}{document.pk}/external/prepare/", {}, format="json").json()
    assert again["symbol"] == session["symbol"]  # the number waited; no second one
    done = leader.post(f"{API}{document.pk}/external/complete/",
                       {"session": again["session"], "signature": agent_signature(credential, again["digest"])},
                       format="json")
    assert done.status_code == 200 and done.json()["state"] == "signed", done.json()
    replay = leader.post(f"{API}{document.pk}/external/complete/",
                         {"session": again["session"], "signature": signature}, format="json")
    assert replay.status_code == 400 and replay.json()["code"] == "not_awaiting_external_signature"
    assert SignatureRecord.objects.filter(document=document).count() == 1
