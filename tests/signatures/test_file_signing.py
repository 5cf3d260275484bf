"""Signing document files through the services: new immutable versions, records, audit, permissions."""

import hashlib
import re
import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from documents.models import DocumentFile
from documents.services.signing import file_seal, file_sign_as_leader, file_stamp_attachment
from qlvb.models import AuditEvent
from qlvb.services.delegation import delegation_create
from signatures.errors import (
    CertificateNotUsableError,
    KeyLockedError,
    LeaderSignatureRequiredError,
    SignatureServiceError,
    TimestampUnavailableError,
    WrongPinError,
)
from signatures.models import SignatureRecord
from signatures.pdf import signing
from signatures.pdf.samples import SampleDocument, nd30_document
from signatures.pki import issuing as pki
from signatures.pki import keys
from signatures.services import server_key_store, signing_key_unlock
from tests.signatures.conftest import (
    DEPUTY,
    DEPUTY_PIN,
    LEADER_PIN,
    SEAL_PIN,
    needs_poppler,
    pdfsig,
    read_file,
    store_file,
)

pytestmark = pytest.mark.django_db


def _signatures_in(pdfsig_output: str) -> list[str]:
    return re.findall(r"Signature Field Name: (\S+)", pdfsig_output)


@needs_poppler
def test_leader_signature_makes_a_new_version_checked_by_poppler(cast, outgoing, tmp_path):
    original = read_file(outgoing)
    record = file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin=LEADER_PIN)

    signed = record.signed_file
    data = read_file(signed)
    assert signed.pk != outgoing.pk and signed.replaces_id == outgoing.pk
    assert signed.document_id == outgoing.document_id and signed.role == outgoing.role
    assert signed.sha256 == hashlib.sha256(data).hexdigest() and signed.size == len(data)
    assert data.startswith(original)  # an incremental update: the drafted bytes are untouched...
    assert read_file(outgoing) == original  # ...and so is the old version
    assert record.kind == SignatureRecord.Kind.LEADER and record.level == "B-T"
    assert record.signer == cast.leader and record.certificate == cast.leader_key.certificate

    out = pdfsig(data, tmp_path)
    assert _signatures_in(out) == ["leader-1"]
    assert "Signer Certificate Common Name: Nguyễn Văn A" in out
    assert "Signature Validation: Signature is Valid." in out and "Total document signed" in out

    event = AuditEvent.objects.get(action="document_file.sign_leader")
    assert event.actor == cast.leader and event.object_id == str(signed.pk)
    assert event.data["sha256"] == signed.sha256
    assert LEADER_PIN not in str(event.data)


@needs_poppler
def test_clerk_seals_the_leader_signed_version(cast, outgoing, tmp_path):
    leader = file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin=LEADER_PIN)
    seal = file_seal(actor=cast.clerk, document_file=leader.signed_file, pin=SEAL_PIN)

    assert seal.signed_file.replaces == leader.signed_file and seal.kind == SignatureRecord.Kind.SEAL
    out = pdfsig(read_file(seal.signed_file), tmp_path)
    assert _signatures_in(out) == ["leader-1", "organization-1"]
    assert out.count("Signature Validation: Signature is Valid.") == 2
    assert "Signer Certificate Common Name: Bộ Thông tin và Truyền thông" in out


def test_only_leaders_sign_and_only_clerks_seal(cast, outgoing):
    for person in (cast.clerk, cast.specialist, cast.admin):
        with pytest.raises(PermissionDenied):
            file_sign_as_leader(actor=person, document_file=outgoing, pin=LEADER_PIN)
    record = file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin=LEADER_PIN)
    for person in (cast.leader, cast.specialist):
        with pytest.raises(PermissionDenied):
            file_seal(actor=person, document_file=record.signed_file, pin=SEAL_PIN)
    assert DocumentFile.objects.filter(document=outgoing.document).count() == 2


def test_seal_refused_without_a_valid_leader_signature(cast, outgoing, demo, tsa_url, signature_image):
    with pytest.raises(LeaderSignatureRequiredError) as caught:
        file_seal(actor=cast.clerk, document_file=outgoing, pin=SEAL_PIN)
    assert "chưa có chữ ký số hợp lệ của người có thẩm quyền" in caught.value.user_message

    # Signed with a certificate from a CA the trust store does not know.
    stranger = pki.create_untrusted_person(full_name="Nguyễn Văn A", organization="Bộ Thông tin và Truyền thông")
    from signatures.pdf import pades
    from signatures.pki import tsa

    foreign = signing.sign_as_leader(
        read_file(outgoing), keys.signer_from_credential(stranger), signature_image=signature_image,
        policy=pades.SigningPolicy(timestamper=tsa.http_timestamper(tsa_url)),
    )
    received = store_file(outgoing.document, foreign.data, name="da-ky-ngoai.pdf")
    with pytest.raises(LeaderSignatureRequiredError) as caught:
        file_seal(actor=cast.clerk, document_file=received, pin=SEAL_PIN)
    assert "không do tổ chức chứng thực tin cậy cấp" in caught.value.user_message
    assert not SignatureRecord.objects.exists()


def test_delegate_signs_on_behalf_of_the_leader_only_while_delegated(cast, deputy_credential, signature_image):
    from signatures.models import SignatureImage

    server_key_store(actor=None, credential=deputy_credential, pin=DEPUTY_PIN, user=cast.deputy)
    SignatureImage.objects.create(kind=SignatureImage.Kind.SIGNATURE, user=cast.deputy, png=signature_image)
    cast.deputy.memberships.get().roles.all().delete()  # a deputy without the leader role of their own
    document = outgoing_document(cast, SampleDocument(authority="KT. BỘ TRƯỞNG", title="THỨ TRƯỞNG",
                                                      signer_name=DEPUTY))
    with pytest.raises(PermissionDenied):
        file_sign_as_leader(actor=cast.deputy, document_file=document, pin=DEPUTY_PIN, on_behalf_of=cast.leader)

    now = timezone.now()
    delegation_create(actor=cast.leader, organization=cast.organization, delegator=cast.leader,
                      delegate=cast.deputy, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=2),
                      scope="signing", signing_form="KT", reason="Đi công tác")
    record = file_sign_as_leader(actor=cast.deputy, document_file=document, pin=DEPUTY_PIN, on_behalf_of=cast.leader)
    assert record.signer == cast.deputy and record.on_behalf_of == cast.leader
    assert record.certificate.subject_cn == DEPUTY
    event = AuditEvent.objects.get(action="document_file.sign_leader")
    assert event.actor == cast.deputy and event.on_behalf_of == cast.leader


def outgoing_document(cast, sample: SampleDocument):
    from tests.factories import make_document

    document = make_document(cast.organization, direction="out", created_by=cast.specialist)
    return store_file(document, nd30_document(sample))


def test_a_superseded_version_cannot_be_signed_again(cast, outgoing):
    file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin=LEADER_PIN)
    with pytest.raises(SignatureServiceError) as caught:
        file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin=LEADER_PIN)
    assert "phiên bản mới hơn" in caught.value.user_message
    assert DocumentFile.objects.filter(replaces=outgoing).count() == 1


def test_wrong_pins_lock_the_key_until_an_admin_unlocks_it(cast, outgoing, settings):
    settings.QLVB_SIGNING_MAX_PIN_ATTEMPTS = 2
    for _ in range(2):
        with pytest.raises(WrongPinError) as caught:
            file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin="000000")
        assert caught.value.user_message == "Mã PIN không đúng."
    with pytest.raises(KeyLockedError) as caught:
        file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin=LEADER_PIN)
    assert "nhập sai mã PIN 2 lần" in caught.value.user_message
    assert not DocumentFile.objects.filter(replaces=outgoing).exists()
    attempts = AuditEvent.objects.filter(action="signing_key.wrong_pin").values_list("data", flat=True)
    assert [a["attempts"] for a in attempts] == [1, 2]
    assert all("000000" not in str(a) for a in attempts)

    signing_key_unlock(actor=cast.admin, key=cast.leader_key)
    assert file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin=LEADER_PIN).signed_file


@needs_poppler
def test_attachment_stamp_reads_number_and_signing_time(cast, outgoing):
    appendix = store_file(outgoing.document, nd30_document(), name="phu-luc.pdf", role="appendix")
    record = file_stamp_attachment(actor=cast.clerk, document_file=appendix, pin=SEAL_PIN, stamp_text="")
    data = read_file(record.signed_file)
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=data, capture_output=True,
                          check=True, timeout=60).stdout.decode()
    when = timezone.localtime(record.signing_time).isoformat(timespec="seconds")
    assert f"807/QĐ-BTTTT; {when}" in text and when.endswith("+07:00")
    assert record.kind == SignatureRecord.Kind.ATTACHMENT and record.signed_file.role == "appendix"


def test_unreachable_tsa_stops_signing_unless_policy_allows_b_b(cast, outgoing, settings):
    settings.QLVB_TSA_URL = "http://127.0.0.1:9/"
    settings.QLVB_TSA_TIMEOUT = 2
    with pytest.raises(TimestampUnavailableError) as caught:
        file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin=LEADER_PIN)
    assert caught.value.user_message == "Không kết nối được máy chủ cấp dấu thời gian; chưa ký được văn bản."
    assert not DocumentFile.objects.filter(replaces=outgoing).exists()

    settings.QLVB_SIGNING_POLICY_ALLOW_BB = True
    record = file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin=LEADER_PIN)
    assert record.level == "B-B"


def test_b_lt_level_embeds_revocation_data_from_the_app(cast, outgoing, settings):
    settings.QLVB_SIGNING_LEVEL = "B-LT"
    record = file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin=LEADER_PIN)
    assert record.level == "B-LT"
    assert b"/DSS" in read_file(record.signed_file)


def test_a_revoked_certificate_no_longer_signs(cast, outgoing):
    from signatures.services import certificate_revoke

    certificate_revoke(actor=cast.admin, certificate=cast.leader_key.certificate, reason="key_compromise")
    with pytest.raises(CertificateNotUsableError) as caught:
        file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin=LEADER_PIN)
    assert caught.value.user_message.startswith("Chứng thư số đã bị thu hồi")
    assert not DocumentFile.objects.filter(replaces=outgoing).exists()
