"""The demo CA issues what each party needs, and answers revocation questions."""

from datetime import timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID, NameOID

from signatures.clock import now_utc
from signatures.pki import issuing as pki
from signatures.pki import revocation


def test_person_certificate_names_the_person_organization_and_title(demo):
    cert = demo.credential("nguyen-van-a").cert
    assert pki.subject_field(cert, NameOID.COMMON_NAME) == "Nguyễn Văn A"
    assert pki.subject_field(cert, NameOID.ORGANIZATION_NAME) == "Bộ Thông tin và Truyền thông"
    assert pki.subject_field(cert, NameOID.TITLE) == "Thứ trưởng"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.content_commitment and usage.value.digital_signature


def test_root_looks_like_the_government_ca(demo):
    subject = demo.root.cert.subject
    assert "Cục Chứng thực số và Bảo mật thông tin" in pki.subject_field(demo.root.cert, NameOID.COMMON_NAME)
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Ban Cơ yếu Chính phủ"
    assert demo.root.cert.issuer == subject


def test_certificates_point_at_the_configured_crl_and_ocsp_urls(demo):
    cert = demo.credential("btttt").cert
    points = cert.extensions.get_extension_for_oid(ExtensionOID.CRL_DISTRIBUTION_POINTS).value
    assert [p.full_name[0].value for p in points] == ["http://127.0.0.1:8000/pki/crl/issuing.crl"]
    access = cert.extensions.get_extension_for_oid(ExtensionOID.AUTHORITY_INFORMATION_ACCESS).value
    assert "http://127.0.0.1:8000/pki/ocsp/" in [a.access_location.value for a in access]


def test_tsa_certificate_is_for_timestamping_only(demo):
    eku = demo.tsa.cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical
    assert list(eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]


def test_ocsp_responder_is_delegated_and_not_itself_checked(demo):
    cert = demo.ocsp.cert
    assert cert.issuer == demo.issuing.cert.subject
    assert (
        ExtendedKeyUsageOID.OCSP_SIGNING
        in cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    )
    cert.extensions.get_extension_for_class(x509.OCSPNoCheck)


def test_crl_lists_exactly_the_revoked_serials(demo):
    victim = pki.issue_person(demo.issuing, demo.urls, full_name="Hoàng Văn E", organization="Bộ Tài chính")
    bystander = pki.issue_person(demo.issuing, demo.urls, full_name="Đỗ Thị F", organization="Bộ Tài chính")
    entry = revocation.revoke(victim.cert, reason=x509.ReasonFlags.key_compromise)
    crl = x509.load_der_x509_crl(revocation.build_crl(demo.issuing, [entry]))
    assert crl.is_signature_valid(demo.issuing.key.public_key())
    assert crl.get_revoked_certificate_by_serial_number(victim.serial) is not None
    assert crl.get_revoked_certificate_by_serial_number(bystander.serial) is None


def _ocsp_answer(demo, cert, revoked) -> ocsp.OCSPResponse:
    request = revocation.build_ocsp_request(cert, demo.issuing.cert)
    return ocsp.load_der_ocsp_response(
        revocation.answer_ocsp(request, issuer=demo.issuing, responder=demo.ocsp, revoked=revoked)
    )


def test_ocsp_answers_good_and_revoked(demo):
    good = pki.issue_person(demo.issuing, demo.urls, full_name="Vũ Văn G", organization="Bộ Tư pháp")
    bad = pki.issue_person(demo.issuing, demo.urls, full_name="Vũ Văn H", organization="Bộ Tư pháp")
    revoked_at = now_utc() - timedelta(hours=2)
    entries = [revocation.revoke(bad.cert, at=revoked_at)]
    assert _ocsp_answer(demo, good.cert, entries).certificate_status is ocsp.OCSPCertStatus.GOOD
    answer = _ocsp_answer(demo, bad.cert, entries)
    assert answer.certificate_status is ocsp.OCSPCertStatus.REVOKED
    assert answer.revocation_time_utc == revoked_at
    demo.ocsp.cert.public_key().verify(
        answer.signature, answer.tbs_response_bytes, padding.PKCS1v15(), hashes.SHA256()
    )


def test_ocsp_refuses_questions_about_another_ca(demo):
    stranger = pki.create_untrusted_person(full_name="Người Lạ", organization="Không rõ")
    request = revocation.build_ocsp_request(stranger.cert, stranger.chain[0])
    answer = ocsp.load_der_ocsp_response(
        revocation.answer_ocsp(request, issuer=demo.issuing, responder=demo.ocsp, revoked=[])
    )
    assert answer.response_status is ocsp.OCSPResponseStatus.UNAUTHORIZED
    garbage = ocsp.load_der_ocsp_response(
        revocation.answer_ocsp(b"not a request", issuer=demo.issuing, responder=demo.ocsp, revoked=[])
    )
    assert garbage.response_status is ocsp.OCSPResponseStatus.MALFORMED_REQUEST


def test_expired_and_untrusted_helpers(demo):
    expired = pki.issue_expired_person(
        demo.issuing, demo.urls, full_name="Trần Văn B", organization="Bộ Y tế"
    )
    assert expired.cert.not_valid_after_utc < now_utc()
    untrusted = pki.create_untrusted_person(full_name="Phạm Văn D", organization="Lạ")
    assert untrusted.chain[0] != demo.root.cert
    assert untrusted.chain[0].issuer == untrusted.chain[0].subject


@pytest.mark.parametrize("slug", ["root", "issuing"])
def test_demo_serves_ca_certificates_and_crls(demo, slug):
    der = demo.fetch(demo.urls.ca_certificate(slug))
    assert der == demo.ca(slug).cert.public_bytes(serialization.Encoding.DER)
    crl = x509.load_der_x509_crl(demo.fetch(demo.urls.crl(slug)))
    assert crl.issuer == demo.ca(slug).cert.subject
