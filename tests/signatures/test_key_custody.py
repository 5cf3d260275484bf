"""Key custody behind one interface: server-held PKCS#12 (encrypted, PIN at signing time), PKCS#11
tokens, and keys registered for external signing; administered through the admin pages."""

import pytest
from cryptography.hazmat.primitives import serialization
from django.urls import reverse

from documents.services.signing import file_sign_as_leader
from qlvb.models import AuditEvent
from signatures.errors import WrongPinError
from signatures.models import SignatureImage, SigningKey
from signatures.pdf.verify import verify_pdf
from signatures.pki import pkcs12
from signatures.selectors.certificates import trust_anchor_list
from signatures.services import signing_key_register
from signatures.services.custody import server_key_pkcs12
from tests.factories import login_verified
from tests.signatures.conftest import TOKEN, TOKEN_PIN, needs_softhsm, read_file

pytestmark = pytest.mark.django_db

IMPORT_P12 = "admin:signatures_certificate_import_pkcs12"


@pytest.fixture
def admin_client(client, cast):
    login_verified(client, cast.admin)  # a superuser: the admin asks for the second factor
    return client


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/x-pkcs12")


def test_pkcs12_import_keeps_the_key_encrypted_and_never_in_clear(admin_client, cast, demo):
    p12 = (demo.directory / "nguyen-van-a.p12").read_bytes()
    pin = (demo.directory / "nguyen-van-a.pin").read_text().strip()
    response = admin_client.post(
        reverse(IMPORT_P12), {"file": _upload("lanhdao.p12", p12), "pin": pin, "user": cast.deputy.pk}, follow=True
    )
    assert response.status_code == 200
    assert "Đã lưu khóa ký số của Trần Văn B" in response.content.decode()

    key = SigningKey.objects.get(user=cast.deputy, is_active=True)
    stored = bytes(key.pkcs12)
    inner = server_key_pkcs12(key)  # out of the KEK's seal, still under the PIN
    credential = pkcs12.load_pkcs12(inner, pin)  # opens with the holder's PIN only
    with pytest.raises(WrongPinError):
        pkcs12.load_pkcs12(inner, "000000")
    clear_key = credential.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    for blob in (stored, inner):
        assert clear_key not in blob and b"PRIVATE KEY" not in blob
    assert key.certificate.subject_cn == "Nguyễn Văn A" and key.custody == SigningKey.Custody.SERVER
    events = AuditEvent.objects.filter(action__startswith="signing_key.")
    assert events.exists() and all(pin not in str(e.data) for e in events)


@pytest.mark.parametrize(
    ("data", "pin", "message"),
    [
        ("p12", "000000", "Mã PIN không mở được tệp PKCS#12."),
        (b"not a key store", "123456", "Tệp không phải kho khóa PKCS#12 (.p12, .pfx) hợp lệ"),
    ],
)
def test_bad_pkcs12_uploads_get_a_clear_message(admin_client, cast, demo, data, pin, message):
    if data == "p12":
        data = (demo.directory / "nguyen-van-a.p12").read_bytes()
    response = admin_client.post(reverse(IMPORT_P12), {"file": _upload("x.p12", data), "pin": pin, "user": cast.deputy.pk})
    assert response.status_code == 200 and message in response.content.decode()
    assert not SigningKey.objects.filter(user=cast.deputy).exists()


@needs_softhsm
def test_token_key_signs_through_the_same_service(cast, outgoing, softhsm_token):
    signing_key_register(
        actor=cast.admin, custody=SigningKey.Custody.PKCS11, certificate=cast.leader_key.certificate,
        user=cast.leader, token_label=TOKEN, key_label="leader",
    )
    record = file_sign_as_leader(actor=cast.leader, document_file=outgoing, pin=TOKEN_PIN)
    assert record.signing_key.custody == SigningKey.Custody.PKCS11
    assert record.signing_key.token_label == TOKEN and not record.signing_key.pkcs12
    (report,) = verify_pdf(read_file(record.signed_file), trust_roots=trust_anchor_list())
    assert report.valid and report.signer == "Nguyễn Văn A", report.summary


def test_register_token_key_in_admin_and_refuse_incomplete_ones(admin_client, cast):
    url = reverse("admin:signatures_signingkey_register")
    certificate = cast.leader_key.certificate
    response = admin_client.post(url, {"custody": "pkcs11", "certificate": certificate.pk, "user": cast.leader.pk})
    assert "Khóa trên thiết bị PKCS#11 cần nhãn token và nhãn khóa." in response.content.decode()
    response = admin_client.post(
        url,
        {"custody": "pkcs11", "certificate": certificate.pk, "user": cast.leader.pk, "token_label": TOKEN,
         "key_label": "leader"},
        follow=True,
    )
    assert "Đã đăng ký khóa ký số" in response.content.decode()
    active = SigningKey.objects.filter(user=cast.leader, is_active=True)
    assert {k.custody for k in active} == {SigningKey.Custody.SERVER, SigningKey.Custody.PKCS11}


def test_signature_image_upload_must_be_a_transparent_png(admin_client, cast, signature_image):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    url = reverse("admin:signatures_signatureimage_upload")
    opaque = BytesIO()
    Image.new("RGB", (40, 20), "white").save(opaque, format="JPEG")
    response = admin_client.post(url, {"file": SimpleUploadedFile("ky.jpg", opaque.getvalue()), "user": cast.deputy.pk})
    assert "Ảnh chữ ký, con dấu phải là tệp PNG có nền trong suốt." in response.content.decode()
    response = admin_client.post(
        url, {"file": SimpleUploadedFile("ky.png", signature_image), "user": cast.deputy.pk}, follow=True
    )
    assert response.status_code == 200
    assert bytes(SignatureImage.objects.get(user=cast.deputy).png) == signature_image
