"""PAdES B-LTA (signatures.pdf.longterm) on real pyHanko signatures made with the demo CA and TSA:
validation data and archive timestamps, renewal, and verification years ahead."""

import io
from datetime import timedelta

import pytest
from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.dss import DocumentSecurityStore

from signatures.clock import now_utc
from signatures.errors import (
    CertificateNotUsableError,
    RevocationInfoUnavailableError,
    TimestampUnavailableError,
)
from signatures.pdf import longterm, pades, verify
from signatures.pki import issuing as pki
from signatures.pki import keys, tsa
from signatures.pki.revinfo import FetchLimits, GuardedFetch
from tests.signatures.conftest import needs_poppler, pdfsig

UNREACHABLE_TSA = "http://127.0.0.1:9/tsa"
YEARS_AHEAD = timedelta(days=4 * 365)  # the signer's certificate (2 years) and the signing TSA's have expired


@pytest.fixture(scope="session")
def archive_tsa(demo):
    """An archive timestamp authority with a long-lived certificate (about 8 years)."""
    return tsa.TimestampAuthority(pki.issue_tsa(demo.issuing, demo.urls, valid_days=3000)).timestamper()


@pytest.fixture(scope="session")
def renewed_tsa(demo):
    """The archive TSA after its certificate was renewed: it expires later still."""
    return tsa.TimestampAuthority(pki.issue_tsa(demo.issuing, demo.urls, valid_days=3400)).timestamper()


@pytest.fixture(scope="session")
def archived(demo, leader_signed, archive_tsa) -> longterm.LongTermPdf:
    return longterm.add_long_term_proof(
        leader_signed.data, trust_roots=demo.trust_roots, timestamper=archive_tsa, fetch=demo.fetch
    )


def _reader(data: bytes) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(data), strict=False)


def test_b_lta_appends_validation_data_and_a_document_timestamp(demo, leader_signed, archived, archive_tsa):
    assert archived.data.startswith(leader_signed.data)  # an incremental update: the signed bytes untouched
    reader = _reader(archived.data)
    (stamp,) = reader.embedded_timestamp_signatures
    assert stamp.field_name == archived.field_name == "archive-timestamp-1"
    dss = DocumentSecurityStore.read_dss(reader)
    assert dss.crls and dss.ocsps and len(list(dss.load_certs())) >= 3
    (signature,) = reader.embedded_regular_signatures
    vri_key = DocumentSecurityStore.sig_content_identifier(signature.pkcs7_content.hex().encode("ascii"))
    assert vri_key in dss.vri_entries  # the signature's own VRI entry, as pyHanko writes it
    assert archived.signatures == 1
    assert archived.tsa_valid_until > now_utc() + timedelta(days=7 * 365)  # the archive TSA's, not the signing TSA's
    assert longterm.archive_timestamp_expiry(archived.data) == archived.tsa_valid_until
    (report,) = verify.verify_pdf(archived.data, trust_roots=demo.trust_roots)
    assert report.valid, report.summary
    assert report.archive is not None and report.archive.valid


def test_every_signature_of_a_sealed_file_gets_its_validation_data(demo, sealed, archive_tsa):
    result = longterm.add_long_term_proof(
        sealed.data, trust_roots=demo.trust_roots, timestamper=archive_tsa, fetch=demo.fetch
    )
    assert result.signatures == 2 and result.data.startswith(sealed.data)
    reader = _reader(result.data)
    dss = DocumentSecurityStore.read_dss(reader)
    for signature in reader.embedded_regular_signatures:
        assert DocumentSecurityStore.sig_content_identifier(signature.pkcs7_content.hex().encode()) in dss.vri_entries
    reports = verify.verify_pdf(result.data, trust_roots=demo.trust_roots, now=now_utc() + YEARS_AHEAD)
    assert [r.valid for r in reports] == [True, True], [r.summary for r in reports]


def test_renewal_adds_a_second_document_timestamp_and_moves_the_expiry(demo, archived, renewed_tsa):
    renewed = longterm.renew_long_term_proof(
        archived.data, trust_roots=demo.trust_roots, timestamper=renewed_tsa, fetch=demo.fetch
    )
    assert renewed.data.startswith(archived.data)
    status = longterm.long_term_status(renewed.data)
    assert [s.field_name for s in status.archive_timestamps] == ["archive-timestamp-1", "archive-timestamp-2"]
    assert status.valid_until == renewed.tsa_valid_until > archived.tsa_valid_until
    # Beyond the first archive TSA's expiry, the chain still holds through the second timestamp.
    later = archived.tsa_valid_until + timedelta(days=30)
    (report,) = verify.verify_pdf(renewed.data, trust_roots=demo.trust_roots, now=later)
    assert report.valid, report.summary
    (unrenewed,) = verify.verify_pdf(archived.data, trust_roots=demo.trust_roots, now=later)
    assert not unrenewed.valid and "not_provable" in unrenewed.problems


def test_years_ahead_the_archived_file_is_valid_and_the_plain_b_t_one_is_not_provable(
    demo, leader_signed, archived
):
    at = now_utc() + YEARS_AHEAD
    signer = x509.load_der_x509_certificate(_reader(leader_signed.data).embedded_regular_signatures[0].signer_cert.dump())
    assert signer.not_valid_after_utc < at  # the signer's certificate has long expired by then
    (report,) = verify.verify_pdf(archived.data, trust_roots=demo.trust_roots, now=at)
    assert report.valid and not report.expired, report.summary
    (plain,) = verify.verify_pdf(leader_signed.data, trust_roots=demo.trust_roots, now=at)
    assert not plain.valid and "not_provable" in plain.problems
    assert "không còn chứng minh được" in plain.summary


def _person_signed(demo, policy, document, name):
    person = pki.issue_person(demo.issuing, demo.urls, full_name=name, organization="Bộ Y tế")
    signed = pades.sign_pdf(document, keys.signer_from_credential(person), policy=policy)
    return person, signed


def test_a_certificate_revoked_after_signing_stays_valid_years_ahead(demo, policy, document, archive_tsa, renewed_tsa):
    person, signed = _person_signed(demo, policy, document, "Lê Văn Thu Hồi Sau")
    archived = longterm.add_long_term_proof(
        signed.data, trust_roots=demo.trust_roots, timestamper=archive_tsa, fetch=demo.fetch
    )
    demo.revoke(person.cert, at=signed.signing_time + timedelta(minutes=5), reason=x509.ReasonFlags.key_compromise)
    # The renewal's fresh validation data now says "revoked (after the signing time)".
    renewed = longterm.renew_long_term_proof(
        archived.data, trust_roots=demo.trust_roots, timestamper=renewed_tsa, fetch=demo.fetch
    )
    for data in (archived.data, renewed.data):
        (report,) = verify.verify_pdf(data, trust_roots=demo.trust_roots, now=now_utc() + YEARS_AHEAD)
        assert report.valid and not report.revoked, report.summary
    (fetched,) = verify.verify_pdf(renewed.data, trust_roots=demo.trust_roots, fetch=demo.fetch)
    assert fetched.valid, fetched.summary


def test_a_certificate_revoked_before_signing_is_refused(demo, policy, document, archive_tsa):
    person, signed = _person_signed(demo, policy, document, "Lê Văn Thu Hồi Trước")
    demo.revoke(person.cert, at=signed.signing_time - timedelta(hours=1), reason=x509.ReasonFlags.key_compromise)
    with pytest.raises(CertificateNotUsableError) as caught:  # nothing valid to preserve
        longterm.add_long_term_proof(signed.data, trust_roots=demo.trust_roots, timestamper=archive_tsa,
                                     fetch=demo.fetch)
    assert caught.value.code.value == "certificate_revoked"


def test_tsa_down_returns_nothing(demo, leader_signed):
    with pytest.raises(TimestampUnavailableError):
        longterm.add_long_term_proof(
            leader_signed.data, trust_roots=demo.trust_roots,
            timestamper=tsa.http_timestamper(UNREACHABLE_TSA, timeout=2), fetch=demo.fetch,
        )


def test_revocation_unreachable_returns_nothing(demo, leader_signed, archive_tsa):
    def offline(url, body=None):
        raise OSError("network down")

    with pytest.raises(RevocationInfoUnavailableError):
        longterm.add_long_term_proof(
            leader_signed.data, trust_roots=demo.trust_roots, timestamper=archive_tsa, fetch=offline
        )


def test_pre_fetched_revocation_data_is_enough(demo, leader_signed, archive_tsa):
    from signatures.pki.revinfo import RevocationData

    data = RevocationData(crls=[demo.crl("root"), demo.crl("issuing")])
    result = longterm.add_long_term_proof(
        leader_signed.data, trust_roots=demo.trust_roots, timestamper=archive_tsa, revocation=data
    )
    (report,) = verify.verify_pdf(result.data, trust_roots=demo.trust_roots, now=now_utc() + YEARS_AHEAD)
    assert report.valid, report.summary


def test_an_untrusted_chain_is_refused_before_any_fetch(demo, document, policy, archive_tsa):
    stranger = pki.create_untrusted_person(full_name="Người Lạ", organization="Không rõ")
    signed = pades.sign_pdf(document, keys.signer_from_credential(stranger), policy=policy)
    guard = GuardedFetch(lambda url, body, timeout: demo.fetch(url, body),
                         FetchLimits(allowed_hosts=frozenset({("127.0.0.1", None)})))
    with pytest.raises(CertificateNotUsableError) as caught:
        longterm.add_long_term_proof(signed.data, trust_roots=demo.trust_roots, timestamper=archive_tsa, fetch=guard)
    assert caught.value.code.value == "certificate_untrusted"
    assert guard.attempts == []


def test_an_unsigned_pdf_has_nothing_to_preserve(demo, document, archive_tsa):
    with pytest.raises(longterm.NothingToPreserveError):
        longterm.add_long_term_proof(document, trust_roots=demo.trust_roots, timestamper=archive_tsa)
    with pytest.raises(longterm.NothingToPreserveError):
        longterm.renew_long_term_proof(document, trust_roots=demo.trust_roots, timestamper=archive_tsa)
    assert longterm.archive_timestamp_expiry(document) is None


@needs_poppler
def test_other_software_still_validates_the_signature_and_lists_the_archive_timestamp(archived, tmp_path):
    output = pdfsig(archived.data, tmp_path)
    assert "Signature Field Name: leader-1" in output and "Signature is Valid." in output
    assert "Signature Field Name: archive-timestamp-1" in output
