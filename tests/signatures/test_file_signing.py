"""Signing document files through the workflow's signing steps (documents.services.signing): new
immutable versions, records, audit, permissions, and what each step refuses on its own."""

import hashlib
import re
import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from documents.errors import DocumentError
from documents.models import DocumentFile
from documents.services.signing import (
    external_prepare,
    file_seal,
    file_sign_as_leader,
    file_stamp_attachment,
)
from qlvb.errors import Refused
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
    mark_signed,
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
    mark_signed(outgoing.document)
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
    mark_signed(outgoing.document)
    for person in (cast.leader, cast.specialist):
        with pytest.raises(PermissionDenied):
            file_seal(actor=person, document_file=record.signed_file, pin=SEAL_PIN)
    assert DocumentFile.objects.filter(document=outgoing.document).count() == 2


def test_seal_refused_without_a_valid_leader_signature(cast, outgoing, demo, tsa_url, signature_image):
    mark_signed(outgoing.document)
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
    # A head of a unit without the leader role of their own, who signs "thừa ủy quyền" (NĐ30 Điều 13.3).
    cast.deputy.memberships.get().roles.all().delete()
    cast.deputy.memberships.get().roles.create(role="unit_head")
    document = outgoing_document(cast, SampleDocument(authority="TUQ. BỘ TRƯỞNG", title="VỤ TRƯỞNG",
                                                      signer_name=DEPUTY))
    with pytest.raises(PermissionDenied):
        file_sign_as_leader(actor=cast.deputy, document_file=document, pin=DEPUTY_PIN, on_behalf_of=cast.leader)

    now = timezone.now()
    delegation_create(actor=cast.leader, organization=cast.organization, delegator=cast.leader,
                      delegate=cast.deputy, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=2),
                      scope="signing", signing_form="TUQ", reason="Đi công tác")
    record = file_sign_as_leader(actor=cast.deputy, document_file=document, pin=DEPUTY_PIN, on_behalf_of=cast.leader)
    assert record.signer == cast.deputy and record.on_behalf_of == cast.leader
    assert record.certificate.subject_cn == DEPUTY
    event = AuditEvent.objects.get(action="document_file.sign_leader")
    assert event.actor == cast.deputy and event.on_behalf_of == cast.leader


def outgoing_document(cast, sample: SampleDocument):
    from tests.factories import make_document

    document = make_document(cast.organization, direction="out", created_by=cast.specialist)
    document.symbol, document.register_number, document.state = "808/QĐ-BTTTT", 808, "approved"
    document.save(update_fields=["symbol", "register_number", "state"])
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
    mark_signed(outgoing.document)
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


def test_the_signature_goes_where_the_leader_chooses(cast, outgoing):
    from signatures.pdf.appearance import Placement
    from signatures.pdf.verify import verify_pdf

    record = file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin=LEADER_PIN,
                                 placement=Placement(0, 100, 120, 150, 60))
    (report,) = verify_pdf(read_file(record.signed_file), trust_roots=[])
    widget = report.widget
    assert (widget.page, round(widget.x), round(widget.y), round(widget.width), round(widget.height)) == (0, 100, 120, 150, 60)


def _nothing_signed(document, files_before: int) -> None:
    assert DocumentFile.objects.filter(document=document).count() == files_before
    assert not SignatureRecord.objects.filter(document=document).exists()
    assert not AuditEvent.objects.filter(action__startswith="document_file.sign").exists()


def test_each_signing_step_refuses_a_document_the_workflow_has_not_brought_to_it(cast, outgoing):
    """Attack: the leader's signature on a never-submitted draft or on a document without its
    number, the clerk's seal or stamp on a document its leader has not signed."""
    document = outgoing.document

    def refused(step, **kwargs) -> str:
        with pytest.raises(Refused) as caught:
            step(document_file=outgoing, **kwargs)
        _nothing_signed(document, 1)
        return caught.value.code

    document.state = "draft"
    document.save(update_fields=["state"])
    assert refused(file_sign_as_leader, actor=cast.leader, pin=LEADER_PIN) == DocumentError.NOT_APPROVED
    assert refused(external_prepare, actor=cast.leader) == DocumentError.NOT_APPROVED

    document.state, document.register_number, document.symbol = "approved", None, ""
    document.save(update_fields=["state", "register_number", "symbol"])
    assert refused(file_sign_as_leader, actor=cast.leader, pin=LEADER_PIN) == DocumentError.NOT_NUMBERED
    assert refused(external_prepare, actor=cast.leader) == DocumentError.NOT_NUMBERED

    document.register_number, document.symbol = 807, "807/QĐ-BTTTT"
    document.save(update_fields=["register_number", "symbol"])
    assert refused(file_seal, actor=cast.clerk, pin=SEAL_PIN) == DocumentError.NOT_SIGNED_FOR_SEAL
    assert refused(file_stamp_attachment, actor=cast.clerk, pin=SEAL_PIN, stamp_text="807/QĐ-BTTTT") == (
        DocumentError.NOT_SIGNED_FOR_SEAL)


def test_a_received_documents_files_are_never_signed_nor_stamped(cast, sealed):
    """Attack: the clerk stamps any text on a received file (or seals or signs it): refused, and
    the received bytes stay as they arrived; stamping a received document is making a copy."""
    from tests.factories import make_document

    received_document = make_document(cast.organization, direction="in", subject="Văn bản đến")
    received_document.state = "registered"
    received_document.save(update_fields=["state"])
    received = store_file(received_document, sealed.data, name="van-ban-den.pdf")
    before = (read_file(received), received.sha256, received.size)

    attempts = [
        (file_stamp_attachment, {"actor": cast.clerk, "pin": SEAL_PIN, "stamp_text": "SAO Y; Bộ Thông tin và Truyền thông"}),
        (file_seal, {"actor": cast.clerk, "pin": SEAL_PIN}),
        (file_sign_as_leader, {"actor": cast.leader, "pin": LEADER_PIN}),
    ]
    for step, kwargs in attempts:
        with pytest.raises(Refused) as caught:
            step(document_file=received, **kwargs)
        assert caught.value.code == DocumentError.RECEIVED_FILES_READ_ONLY
    received.refresh_from_db()
    assert (read_file(received), received.sha256, received.size) == before == (sealed.data, hashlib.sha256(
        sealed.data).hexdigest(), len(sealed.data))
    _nothing_signed(received_document, 1)
    assert not DocumentFile.objects.filter(replaces=received).exists()


def _signed_outside_the_workflow(credential, pdf: bytes, tsa_url: str, image: bytes) -> bytes:
    """A trusted leader's signature made with the pure library, as another system would."""
    from signatures.pdf import pades
    from signatures.pdf.appearance import Placement
    from signatures.pki import tsa

    return signing.sign_as_leader(
        pdf, keys.signer_from_credential(credential), signature_image=image,
        policy=pades.SigningPolicy(timestamper=tsa.http_timestamper(tsa_url)), placement=Placement(0, 100, 120, 150, 60),
    ).data


def test_a_seal_goes_only_over_the_recorded_signature_of_a_leader_of_the_sealing_organization(
    cast, outgoing, demo, tsa_url, signature_image, deputy_credential,
):
    """Attack: the organization's seal over a valid, trusted signature by another organization's
    leader, or by a certificate of its own name that no leader of it used in the workflow."""
    from signatures.errors import SignatureError

    document = outgoing.document
    mark_signed(document)
    other_leader = pki.issue_person(demo.issuing, demo.urls, full_name="Lê Văn C", organization="Bộ Y tế",
                                    title="Thứ trưởng")
    foreign = store_file(document, _signed_outside_the_workflow(other_leader, read_file(outgoing), tsa_url,
                                                                 signature_image), name="bo-y-te.pdf")
    with pytest.raises(SignatureServiceError) as caught:
        file_seal(actor=cast.clerk, document_file=foreign, pin=SEAL_PIN)
    assert caught.value.code == SignatureError.SEAL_ORGANIZATION_MISMATCH
    assert caught.value.text("en") == (
        "The seal key belongs to Bộ Thông tin và Truyền thông, but the signature under the seal is by a leader of "
        "Bộ Y tế; an organization seals only its own documents.")
    assert "cơ quan, tổ chức chỉ ký số lên văn bản của mình" in caught.value.user_message

    # The deputy's certificate names the organization, but the deputy never signed this document in the workflow.
    unrecorded = store_file(document, _signed_outside_the_workflow(deputy_credential, read_file(outgoing), tsa_url,
                                                                    signature_image), name="ngoai-quy-trinh.pdf")
    with pytest.raises(SignatureServiceError) as caught:
        file_seal(actor=cast.clerk, document_file=unrecorded, pin=SEAL_PIN)
    assert caught.value.code == SignatureError.LEADER_SIGNATURE_NOT_RECORDED
    _nothing_signed(document, 3)
