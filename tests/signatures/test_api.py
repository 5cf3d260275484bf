"""The JSON API of the signing steps and verification results, and the verification page."""

import base64
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import DocumentFile
from signatures.external_signer import sign_digest
from signatures.models import ExternalSigningSession, SigningKey
from signatures.services import signing_key_register
from tests.factories import make_org, make_user
from tests.signatures.conftest import LEADER_PIN, SEAL_PIN

pytestmark = pytest.mark.django_db


def _post(client, name: str, file_id, data: dict | None = None):
    return client.post(reverse(f"signatures:{name}", args=[file_id]), data or {}, content_type="application/json")


def test_login_required_and_documents_of_others_stay_hidden(client, cast, outgoing):
    for name in ("api-file-sign", "api-file-seal", "api-file-verification", "api-external-prepare"):
        assert _post(client, name, outgoing.pk, {"pin": LEADER_PIN}).status_code == 403
    page = client.get(reverse("signatures:file-verification", args=[outgoing.pk]))
    assert page.status_code == 302 and "/dang-nhap/" in page["Location"]

    stranger = make_user(make_org(), ["leader"])
    client.force_login(stranger)
    assert _post(client, "api-file-sign", outgoing.pk, {"pin": LEADER_PIN}).status_code == 404
    assert client.get(reverse("signatures:api-file-verification", args=[outgoing.pk])).status_code == 404
    assert client.get(reverse("signatures:file-verification", args=[outgoing.pk])).status_code == 404


def test_sign_seal_and_read_the_results(client, cast, outgoing):
    client.force_login(cast.leader)
    response = _post(client, "api-file-sign", outgoing.pk, {"pin": LEADER_PIN})
    assert response.status_code == 201, response.json()
    signed = response.json()
    assert signed["file"]["replaces"] == outgoing.pk and signed["signature"]["signer"] == "Nguyễn Văn A"
    assert signed["signature"]["kind"] == "leader" and signed["signature"]["level"] == "B-T"

    client.force_login(cast.clerk)
    response = _post(client, "api-file-seal", signed["file"]["id"], {"pin": SEAL_PIN})
    assert response.status_code == 201, response.json()
    sealed_id = response.json()["file"]["id"]

    url = reverse("signatures:api-file-verification", args=[sealed_id])
    assert client.get(url).json()["verification"] is None
    checked = client.post(url).json()["verification"]
    assert checked["valid"] and not checked["invalid_signature"]
    assert [s["signer"] for s in checked["signatures"]] == ["Nguyễn Văn A", "Bộ Thông tin và Truyền thông"]
    assert client.get(url).json()["verification"]["checked_at"] == checked["checked_at"]

    client.force_login(cast.specialist)  # the drafter sees their document and its results
    page = client.get(reverse("signatures:file-verification", args=[sealed_id])).content.decode()
    assert "Cả 2 chữ ký số đều hợp lệ." in page and "Chữ ký số của cơ quan, tổ chức" in page


def test_errors_come_back_in_vietnamese(client, cast, outgoing):
    client.force_login(cast.leader)
    response = _post(client, "api-file-sign", outgoing.pk, {"pin": "000000"})
    assert response.status_code == 400 and response.json() == {"detail": "Mã PIN không đúng.", "code": "WrongPinError"}
    response = _post(client, "api-file-seal", outgoing.pk, {"pin": SEAL_PIN})
    assert response.status_code == 403
    assert response.json()["detail"] == "Chỉ văn thư của cơ quan mới được ký số của cơ quan, tổ chức."
    client.force_login(cast.clerk)
    response = _post(client, "api-file-seal", outgoing.pk, {"pin": SEAL_PIN})
    assert response.status_code == 400 and response.json()["code"] == "LeaderSignatureRequiredError"
    assert not DocumentFile.objects.filter(replaces=outgoing).exists()


def test_signature_placed_where_the_leader_chooses(client, cast, outgoing):
    from signatures.pdf.verify import verify_pdf

    client.force_login(cast.leader)
    placement = {"page": 1, "x": 100, "y": 120, "width": 150, "height": 60}
    response = _post(client, "api-file-sign", outgoing.pk, {"pin": LEADER_PIN, "placement": placement})
    assert response.status_code == 201
    with DocumentFile.objects.get(pk=response.json()["file"]["id"]).file.open("rb") as handle:
        (report,) = verify_pdf(handle.read(), trust_roots=[])
    widget = report.widget
    assert (widget.page, round(widget.x), round(widget.y), round(widget.width), round(widget.height)) == (0, 100, 120, 150, 60)


def test_external_signer_two_phases(client, cast, outgoing, leader_credential):
    signing_key_register(actor=cast.admin, custody=SigningKey.Custody.EXTERNAL,
                         certificate=cast.leader_key.certificate, user=cast.leader)
    client.force_login(cast.leader)
    prepared = _post(client, "api-external-prepare", outgoing.pk)
    assert prepared.status_code == 201, prepared.json()
    session = prepared.json()
    assert ExternalSigningSession.objects.get(pk=session["session_id"]).source_file == outgoing

    # The agent on the leader's computer signs the digest with the key the server never sees.
    signature = base64.b64encode(sign_digest(leader_credential, base64.b64decode(session["digest"]))).decode()
    complete = reverse("signatures:api-external-complete", args=[session["session_id"]])

    client.force_login(cast.deputy)  # a session belongs to the one who prepared it
    assert client.post(complete, {"signature": signature}, content_type="application/json").status_code == 403

    client.force_login(cast.leader)
    bad = base64.b64encode(bytes(256)).decode()
    response = client.post(complete, {"signature": bad}, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"] == "Chữ ký nhận từ thiết bị ký số không hợp lệ."
    response = client.post(complete, {"signature": signature}, content_type="application/json")
    assert response.status_code == 201, response.json()
    new_id = response.json()["file"]["id"]
    assert response.json()["file"]["replaces"] == outgoing.pk

    verification = client.post(reverse("signatures:api-file-verification", args=[new_id])).json()["verification"]
    assert verification["valid"] and verification["signatures"][0]["signer"] == "Nguyễn Văn A"
    again = client.post(complete, {"signature": signature}, content_type="application/json")
    assert again.status_code == 400 and again.json()["detail"] == "Phiên ký số này đã hoàn tất."


def test_external_session_expires(client, cast, outgoing, leader_credential):
    from signatures.services import external_session_purge

    signing_key_register(actor=cast.admin, custody=SigningKey.Custody.EXTERNAL,
                         certificate=cast.leader_key.certificate, user=cast.leader)
    client.force_login(cast.leader)
    session = _post(client, "api-external-prepare", outgoing.pk).json()
    ExternalSigningSession.objects.filter(pk=session["session_id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    signature = base64.b64encode(sign_digest(leader_credential, base64.b64decode(session["digest"]))).decode()
    response = client.post(reverse("signatures:api-external-complete", args=[session["session_id"]]),
                           {"signature": signature}, content_type="application/json")
    assert response.status_code == 400 and "đã hết hạn" in response.json()["detail"]
    assert external_session_purge() == 1 and not ExternalSigningSession.objects.exists()


def test_the_schema_of_the_signing_api_generates_without_warnings_or_errors():
    from django.urls import include, path
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    from documents.api.urls import signing_patterns

    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=[path("chu-ky/", include((signing_patterns, "signatures")))]).get_schema(public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS, {"warnings": dict(GENERATOR_STATS._warn_cache),
                                 "errors": dict(GENERATOR_STATS._error_cache)}
    assert set(schema["paths"]) == {
        "/chu-ky/api/tep/{file_id}/ky/", "/chu-ky/api/tep/{file_id}/ky-so-co-quan/",
        "/chu-ky/api/tep/{file_id}/ky-tep-kem-theo/", "/chu-ky/api/tep/{file_id}/ky-ngoai/",
        "/chu-ky/api/phien-ky/{session_id}/hoan-tat/", "/chu-ky/api/tep/{file_id}/kiem-tra/",
    }
    sign = schema["paths"]["/chu-ky/api/tep/{file_id}/ky/"]["post"]
    assert set(sign["responses"]) == {"201", "400", "403", "404", "503"}
