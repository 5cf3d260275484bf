"""The outgoing REST API: its schema, who gets what, and the whole route from draft to recall."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import include, path
from rest_framework.test import APIClient

from documents.api.urls import outgoing_patterns
from documents.models import Document
from qlvb.demo.story import VPCP_807
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import (
    DEVNULL,
    DemoCast,
    agent_signature,
    draft_ready_to_sign,
    external_key_for,
)

pytestmark = [pytest.mark.django_db]
demo_cast, story_pki = fx.demo_cast, fx.story_pki  # fixtures

VPCP, BTTTT, BACKAN = "000.00.00.G22", "000.00.00.G14", "000.00.00.H05"
API = "/api/outgoing/"


@pytest.fixture
def cast(settings, tmp_path) -> DemoCast:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    return DemoCast(tmp_path)


def api(cast, username) -> APIClient:
    client = APIClient()
    client.force_authenticate(cast.user(username))
    return client


def test_the_schema_describes_every_outgoing_endpoint_without_warnings(client, cast, capsys):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(patterns=[path("api/outgoing/", include((outgoing_patterns, "outgoing-api")))]).get_schema(
        request=None, public=True)
    assert "Warning" not in capsys.readouterr().err
    operations = {op["operationId"]: (p, method) for p, item in schema["paths"].items() for method, op in item.items()}
    assert {"outgoing_list", "outgoing_create", "outgoing_retrieve", "outgoing_submit", "outgoing_review",
            "outgoing_sign", "outgoing_external_prepare", "outgoing_external_complete", "outgoing_seal",
            "outgoing_dispatch", "outgoing_recall", "outgoing_deliveries"} <= set(operations)
    assert operations["outgoing_sign"] == ("/api/outgoing/{id}/sign/", "post")
    create = schema["paths"]["/api/outgoing/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in create
    assert "problems" in schema["components"]["schemas"]["DispatchRefusedOutput"]["properties"]

    client.force_login(cast.user("vpcp.vanthu"))
    served = client.get("/api/schema/", {"format": "json"})
    assert served.status_code == 200 and "/api/outgoing/{id}/dispatch/" in served.json()["paths"]


def test_a_user_of_another_organization_gets_nothing(cast):
    document = draft_ready_to_sign(cast)
    stranger = api(cast, "btttt.vanthu")
    assert stranger.get(API).json()["count"] == 0
    assert stranger.get(API, {"organization": cast.org(VPCP).pk}).json()["count"] == 0
    for action in ("", "deliveries/"):
        assert stranger.get(f"{API}{document.pk}/{action}").status_code == 404
    for action, body in [("submit/", {}), ("review/", {"approve": True}), ("sign/", {"pin": "1"}),
                         ("seal/", {"pin": "1"}), ("dispatch/", {}), ("recall/", {"reason": "x"}),
                         ("external/prepare/", {})]:
        assert stranger.post(f"{API}{document.pk}/{action}", body, format="json").status_code == 404, action
    refused = stranger.post(API, {"organization": cast.org(VPCP).pk, "subject": "Thử",
                                  "content": SimpleUploadedFile("a.pdf", VPCP_807.pdf())}, format="multipart")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only members of the organization may draft for it."
    document.refresh_from_db()
    assert document.state == "approved"


def test_review_refusals_come_in_english_with_the_vietnamese_original(cast):
    specialist = api(cast, "vpcp.chuyenvien")
    created = specialist.post(API, {
        "organization": cast.org(VPCP).pk, "subject": VPCP_807.subject, "content": SimpleUploadedFile(
            "807.pdf", VPCP_807.pdf()), "recipients": [BTTTT], "paper_recipients": ["Tập đoàn VNPT"]},
        format="multipart")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert specialist.post(f"{API}{pk}/submit/").json()["state"] == "in_review"
    wrong_person = specialist.post(f"{API}{pk}/review/", {"approve": True}, format="json")
    assert wrong_person.status_code == 403
    assert wrong_person.json()["detail"] == "You are not the reviewer of the current step."
    no_comment = api(cast, "vpcp.kstt.truongphong").post(f"{API}{pk}/review/", {"approve": False}, format="json")
    assert no_comment.status_code == 400
    assert no_comment.json() == {"detail": "A comment is required to return the draft.",
                                 "detail_vi": "Cần ghi ý kiến khi trả lại dự thảo.", "code": "return_comment_required"}
    bad_file = specialist.post(API, {"organization": cast.org(VPCP).pk, "subject": "Thử", "recipients": [BTTTT],
                                     "content": SimpleUploadedFile("a.txt", b"hello")}, format="multipart")
    assert bad_file.json()["detail"] == "The content must be a PDF or a DOCX file."


def test_the_whole_route_from_draft_to_recall(demo_cast):
    specialist = api(demo_cast, "vpcp.chuyenvien")
    created = specialist.post(API, {
        "organization": demo_cast.org(VPCP).pk, "document_type": "cong-van", "subject": VPCP_807.subject,
        "urgency": 1, "content": SimpleUploadedFile("807.pdf", VPCP_807.pdf()),
        "appendices": [SimpleUploadedFile("phu-luc.pdf", VPCP_807.pdf())], "recipients": [BTTTT, BACKAN],
        "paper_recipients": ["Tập đoàn VNPT"]}, format="multipart")
    assert created.status_code == 201, created.json()
    body = created.json()
    pk = body["id"]
    assert (body["state"], body["symbol"], len(body["files"])) == ("draft", "", 2)
    assert sorted(a["channel"] for a in body["addressees"]) == ["internal", "internal", "paper"]
    specialist.post(f"{API}{pk}/submit/")
    api(demo_cast, "vpcp.kstt.truongphong").post(f"{API}{pk}/review/", {"approve": True}, format="json")
    approved = api(demo_cast, "vpcp.vanthu").post(f"{API}{pk}/review/", {"approve": True}, format="json").json()
    assert approved["state"] == "approved"

    leader = api(demo_cast, "vpcp.lanhdao")
    wrong = leader.post(f"{API}{pk}/sign/", {"pin": "000000"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["detail"] == "Wrong PIN."
    signed = leader.post(f"{API}{pk}/sign/", {"pin": demo_cast.pin("vpcp.lanhdao")}, format="json").json()
    assert (signed["state"], signed["symbol"], signed["signed_by"]) == ("signed", "01/VPCP-KSTT", "Mai Tiến Dũng")

    clerk = api(demo_cast, "vpcp.vanthu")
    early = clerk.post(f"{API}{pk}/dispatch/")
    assert early.status_code == 400
    assert early.json()["problems"] == ["The document has no organization signature (seal)."]
    assert clerk.post(f"{API}{pk}/seal/", {"pin": demo_cast.pin(VPCP)}, format="json").json()["state"] == "issued"
    dispatched = clerk.post(f"{API}{pk}/dispatch/").json()
    assert dispatched["state"] == "dispatched" and dispatched["dispatch_late"] is False
    again = clerk.post(f"{API}{pk}/dispatch/").json()
    assert again["problems"] == ["The document was already dispatched; it is never sent twice."]

    deliveries = clerk.get(f"{API}{pk}/deliveries/").json()
    assert deliveries["summary"] == "0/2 đã tiếp nhận, 2 đã đến, chưa vào sổ, 1 gửi bản giấy"
    assert sorted((d["organ_id"], d["status_code"]) for d in deliveries["deliveries"]) == [
        ("", ""), (BTTTT, "01"), (BACKAN, "01")]
    listed = clerk.get(API, {"organization": demo_cast.org(VPCP).pk, "state": "dispatched"}).json()["results"]
    assert [d["symbol"] for d in listed] == ["01/VPCP-KSTT"]
    assert listed[0]["delivery_summary"].startswith("0/2 đã tiếp nhận")

    blank = clerk.post(f"{API}{pk}/recall/", {"reason": ""}, format="json")
    assert blank.status_code == 400 and blank.json() == {"reason": ["This field may not be blank."]}
    assert clerk.post(f"{API}{pk}/recall/", {"reason": "Sai thể thức"}, format="json").status_code == 200
    assert Document.objects.get(organization__organ_id=BTTTT, direction="in").recall_reason == "Sai thể thức"


def test_signing_with_a_device_through_the_api(demo_cast):
    credential = external_key_for(demo_cast, "vpcp.lanhdao")
    document = draft_ready_to_sign(demo_cast)
    leader = api(demo_cast, "vpcp.lanhdao")
    prepared = leader.post(f"{API}{document.pk}/external/prepare/", {}, format="json")
    assert prepared.status_code == 200, prepared.json()
    session = prepared.json()
    assert session["symbol"] == "01/VPCP-KSTT"
    forged = leader.post(f"{API}{document.pk}/external/complete/",
                         {"session": session["session"], "signature": "AAAA"}, format="json")
    assert forged.status_code == 400 and forged.json()["detail"] == "The signature from the device does not fit the request."
    again = leader.post(f"{API}{document.pk}/external/prepare/", {}, format="json").json()
    assert again["symbol"] == "01/VPCP-KSTT"  # the number waits for the device; no second number
    done = leader.post(f"{API}{document.pk}/external/complete/", {
        "session": again["session"], "signature": agent_signature(credential, again["digest"])}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "signed"
    assert Document.objects.get(pk=document.pk).register.last_number == 1
