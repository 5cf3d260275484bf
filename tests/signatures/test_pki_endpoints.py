"""The hosted CA's public URLs (/pki/, no login): CA certificates, the CRL and the OCSP responder,
answering from the revocations in the trust store."""

import base64
import urllib.parse

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509 import ocsp

from signatures.pki import issuing as pki
from signatures.pki.revocation import build_ocsp_request
from signatures.services import certificate_revoke

pytestmark = pytest.mark.django_db


def _ocsp_status(client, cert: x509.Certificate, issuer: x509.Certificate) -> ocsp.OCSPResponse:
    response = client.post("/pki/ocsp/", build_ocsp_request(cert, issuer), content_type="application/ocsp-request")
    assert response.status_code == 200 and response["Content-Type"] == "application/ocsp-response"
    return ocsp.load_der_ocsp_response(response.content)


def test_ca_certificates_are_published(client, app_pki):
    for slug, credential in (("root", app_pki.root), ("issuing", app_pki.issuing)):
        response = client.get(f"/pki/ca/{slug}.cer")
        assert response.status_code == 200 and response["Content-Type"] == "application/pkix-cert"
        assert response.content == credential.cert.public_bytes(serialization.Encoding.DER)
    assert client.get("/pki/ca/other.cer").status_code == 404


def test_crl_and_ocsp_follow_revocation_in_the_trust_store(client, cast, app_pki):
    leader = cast.leader_key.certificate
    cert = x509.load_der_x509_certificate(bytes(leader.der))
    issuing = app_pki.issuing.cert

    response = client.get("/pki/crl/issuing.crl")
    assert response.status_code == 200 and response["Content-Type"] == "application/pkix-crl"
    crl = x509.load_der_x509_crl(response.content)
    assert crl.issuer == issuing.subject and crl.is_signature_valid(issuing.public_key())
    assert crl.get_revoked_certificate_by_serial_number(cert.serial_number) is None
    assert _ocsp_status(client, cert, issuing).certificate_status is ocsp.OCSPCertStatus.GOOD

    certificate_revoke(actor=cast.admin, certificate=leader, reason="key_compromise")

    crl = x509.load_der_x509_crl(client.get("/pki/crl/issuing.crl").content)
    entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    assert entry is not None
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason is x509.ReasonFlags.key_compromise
    answer = _ocsp_status(client, cert, issuing)
    assert answer.certificate_status is ocsp.OCSPCertStatus.REVOKED
    assert answer.revocation_reason is x509.ReasonFlags.key_compromise

    # RFC 6960 GET form: the request base64- then URL-encoded in the path.
    encoded = urllib.parse.quote(base64.b64encode(build_ocsp_request(cert, issuing)).decode(), safe="")
    response = client.get(f"/pki/ocsp/{encoded}")
    assert ocsp.load_der_ocsp_response(response.content).certificate_status is ocsp.OCSPCertStatus.REVOKED


def test_ocsp_says_unknown_for_what_the_ca_never_registered(client, app_pki):
    unregistered = pki.issue_person(app_pki.issuing, app_pki.urls, full_name="Không Đăng Ký", organization="Bộ X")
    answer = _ocsp_status(client, unregistered.cert, app_pki.issuing.cert)
    assert answer.certificate_status is ocsp.OCSPCertStatus.UNKNOWN
    garbage = client.post("/pki/ocsp/", b"\x30\x03\x02\x01\x00", content_type="application/ocsp-request")
    assert ocsp.load_der_ocsp_response(garbage.content).response_status is ocsp.OCSPResponseStatus.MALFORMED_REQUEST


def test_without_a_ca_the_urls_answer_not_found(client, db, settings, tmp_path):
    settings.QLVB_PKI_DIR = str(tmp_path / "none")
    assert client.get("/pki/crl/issuing.crl").status_code == 404
    assert client.post("/pki/ocsp/", b"\x30\x00", content_type="application/ocsp-request").status_code == 404
