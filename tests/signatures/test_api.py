"""The JSON API of a file's verification results and the verification page, and the file-level
signing endpoints that are gone: a file is signed, sealed or stamped only through the outgoing
workflow (tests/documents/test_one_signing_path.py holds its attack tests)."""

import hashlib
import uuid

import pytest
from django.urls import reverse

from documents.models import DocumentFile
from signatures.models import FileVerification, SignatureRecord
from tests.factories import make_org, make_user
from tests.signatures.conftest import LEADER_PIN, SEAL_PIN, read_file, sign_and_seal, store_file

pytestmark = pytest.mark.django_db


def _verification(file_id) -> str:
    return reverse("signatures:api-file-verification", args=[file_id])


def test_login_required_and_documents_of_others_stay_hidden(client, cast, outgoing):
    assert client.get(_verification(outgoing.pk)).status_code == 403
    assert client.post(_verification(outgoing.pk)).status_code == 403
    page = client.get(reverse("signatures:file-verification", args=[outgoing.pk]))
    assert page.status_code == 302 and "/dang-nhap/" in page["Location"]

    stranger = make_user(make_org(), ["leader", "clerk"])
    client.force_login(stranger)
    assert client.get(_verification(outgoing.pk)).status_code == 404
    assert client.post(_verification(outgoing.pk)).status_code == 404
    assert client.get(reverse("signatures:file-verification", args=[outgoing.pk])).status_code == 404
    assert not FileVerification.objects.exists()


def test_a_specialist_who_did_not_draft_the_document_gets_nothing(client, cast, outgoing):
    colleague = make_user(cast.organization, ["specialist"], username="chuyenvien2")
    client.force_login(colleague)
    assert client.get(_verification(outgoing.pk)).status_code == 404
    assert client.post(_verification(outgoing.pk)).status_code == 404
    assert not FileVerification.objects.exists()


def test_bad_file_ids_are_not_found(client, cast):
    client.force_login(cast.clerk)
    assert client.get(_verification(999999)).status_code == 404
    assert client.post(_verification(999999)).status_code == 404
    assert client.post("/chu-ky/api/tep/abc/kiem-tra/").status_code == 404
    assert not FileVerification.objects.exists()


def test_read_the_verification_results(client, cast, outgoing):
    sealed = sign_and_seal(cast, outgoing)
    client.force_login(cast.clerk)
    url = _verification(sealed.pk)
    assert client.get(url).json()["verification"] is None
    checked = client.post(url).json()["verification"]
    assert checked["valid"] and not checked["invalid_signature"]
    assert [s["signer"] for s in checked["signatures"]] == ["Nguyễn Văn A", "Bộ Thông tin và Truyền thông"]
    assert client.get(url).json()["verification"]["checked_at"] == checked["checked_at"]

    client.force_login(cast.specialist)  # the drafter sees their document and its results
    page = client.get(reverse("signatures:file-verification", args=[sealed.pk])).content.decode()
    assert "Cả 2 chữ ký số đều hợp lệ." in page and "Chữ ký số của cơ quan, tổ chức" in page


def test_the_file_level_signing_endpoints_are_gone(client, cast, outgoing, sealed):
    """Attack: the leader signs, the clerk seals or stamps any file with only the PIN, outside the
    workflow (a draft, a received document): there is no such endpoint any more."""
    from tests.factories import make_document

    document = outgoing.document
    document.state = "draft"  # never submitted
    document.save(update_fields=["state"])
    received_document = make_document(cast.organization, direction="in", subject="Văn bản đến")
    received = store_file(received_document, sealed.data, name="van-ban-den.pdf")

    attempts = [
        (cast.leader, f"/chu-ky/api/tep/{outgoing.pk}/ky/", {"pin": LEADER_PIN}),
        (cast.leader, f"/chu-ky/api/tep/{outgoing.pk}/ky-ngoai/", {}),
        (cast.clerk, f"/chu-ky/api/tep/{outgoing.pk}/ky-so-co-quan/", {"pin": SEAL_PIN}),
        (cast.clerk, f"/chu-ky/api/tep/{received.pk}/ky-so-co-quan/", {"pin": SEAL_PIN}),
        (cast.clerk, f"/chu-ky/api/tep/{received.pk}/ky-tep-kem-theo/", {"pin": SEAL_PIN, "stamp_text": "Đã xem"}),
        (cast.leader, f"/chu-ky/api/phien-ky/{uuid.uuid4()}/hoan-tat/", {"signature": "AAAA"}),
    ]
    for user, url, body in attempts:
        client.force_login(user)
        assert client.post(url, body, content_type="application/json").status_code == 404, url
    assert DocumentFile.objects.count() == 2 and not SignatureRecord.objects.exists()
    received.refresh_from_db()
    assert read_file(received) == sealed.data and received.sha256 == hashlib.sha256(sealed.data).hexdigest()


def test_the_schema_of_the_file_api_generates_without_warnings_or_errors():
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
    assert set(schema["paths"]) == {"/chu-ky/api/tep/{file_id}/kiem-tra/"}
    assert set(schema["paths"]["/chu-ky/api/tep/{file_id}/kiem-tra/"]) == {"get", "post"}
