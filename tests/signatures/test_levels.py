"""PAdES levels: B-T carries a timestamp, B-LT also the revocation data; TSA outages are handled."""

import io

import pytest
from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.dss import DocumentSecurityStore

from signatures.errors import (
    CertificateNotUsableError,
    RevocationInfoUnavailableError,
    TimestampUnavailableError,
)
from signatures.pdf import pades, signing, verify
from signatures.pki import issuing as pki
from signatures.pki import keys, tsa

UNREACHABLE_TSA = "http://127.0.0.1:9/tsa"


def test_b_t_signature_has_a_valid_timestamp(demo, leader_signed):
    assert leader_signed.level is pades.Level.B_T
    (report,) = verify.verify_pdf(leader_signed.data, trust_roots=demo.trust_roots)
    assert report.timestamp is not None and report.timestamp.valid
    assert report.signing_time == report.timestamp.time


def test_b_lt_embeds_revocation_data_and_verifies_offline(
    demo, document, leader_signer, signature_image, policy
):
    lt_policy = pades.SigningPolicy(
        level=pades.Level.B_LT,
        timestamper=policy.timestamper,
        trust_roots=(demo.root.cert,),
        fetch=demo.fetch,
    )
    signed = signing.sign_as_leader(
        document, leader_signer, signature_image=signature_image, policy=lt_policy
    )
    dss = DocumentSecurityStore.read_dss(PdfFileReader(io.BytesIO(signed.data)))
    assert dss.ocsps and dss.crls
    (report,) = verify.verify_pdf(signed.data, trust_roots=demo.trust_roots)  # no fetching
    assert report.valid and report.revocation_checked, report.summary
    assert report.covers_whole_file  # revocation data went in with the signature, one revision


def test_b_lt_needs_reachable_revocation_services(demo, document, leader_signer, policy):
    def offline(url, body=None):
        raise OSError("network down")

    lt_policy = pades.SigningPolicy(
        level=pades.Level.B_LT, timestamper=policy.timestamper, trust_roots=(demo.root.cert,), fetch=offline
    )
    with pytest.raises(RevocationInfoUnavailableError) as caught:
        pades.sign_pdf(document, leader_signer, policy=lt_policy)
    assert "CRL/OCSP" in caught.value.user_message


def test_b_lt_refuses_a_revoked_certificate(demo, document, policy):
    person = pki.issue_person(demo.issuing, demo.urls, full_name="Lê Văn C", organization="Bộ Y tế")
    demo.revoke(person.cert, reason=x509.ReasonFlags.key_compromise)
    lt_policy = pades.SigningPolicy(
        level=pades.Level.B_LT,
        timestamper=policy.timestamper,
        trust_roots=(demo.root.cert,),
        fetch=demo.fetch,
    )
    with pytest.raises(CertificateNotUsableError) as caught:
        pades.sign_pdf(document, keys.signer_from_credential(person), policy=lt_policy)
    assert caught.value.user_message == "Chứng thư số đã bị thu hồi."


def test_expired_certificate_cannot_sign(demo, document, policy):
    expired = pki.issue_expired_person(
        demo.issuing, demo.urls, full_name="Trần Văn B", organization="Bộ Y tế"
    )
    with pytest.raises(CertificateNotUsableError) as caught:
        pades.sign_pdf(document, keys.signer_from_credential(expired), policy=policy)
    assert "hết hạn" in caught.value.user_message


def test_unreachable_tsa_stops_signing_with_a_clear_message(document, leader_signer):
    policy = pades.SigningPolicy(timestamper=tsa.http_timestamper(UNREACHABLE_TSA, timeout=2))
    with pytest.raises(TimestampUnavailableError) as caught:
        pades.sign_pdf(document, leader_signer, policy=policy)
    assert "dấu thời gian" in caught.value.user_message
    assert "timestamp" in str(caught.value)


def test_policy_may_accept_b_b_when_the_tsa_is_down(demo, document, leader_signer):
    policy = pades.SigningPolicy(
        timestamper=tsa.http_timestamper(UNREACHABLE_TSA, timeout=2), allow_without_timestamp=True
    )
    signed = pades.sign_pdf(document, leader_signer, policy=policy)
    assert signed.level is pades.Level.B_B
    (report,) = verify.verify_pdf(signed.data, trust_roots=demo.trust_roots, fetch=demo.fetch)
    assert report.timestamp is None and report.valid
