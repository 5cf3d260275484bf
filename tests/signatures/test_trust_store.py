"""The trust store in the admin: importing roots, intermediates and certificates (PEM, DER, P7B),
what each certificate shows, and whether it chains to a trusted root."""

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from signatures.models import Certificate
from signatures.pki import issuing as pki
from signatures.selectors.certificates import certificate_chain_status
from tests.factories import login_verified

pytestmark = pytest.mark.django_db

IMPORT = "admin:signatures_certificate_import"
CHANGELIST = "admin:signatures_certificate_changelist"


@pytest.fixture
def admin_client(client, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = django_user_model.objects.create_superuser("quantri", password="Mat-khau-thu-1", full_name="Quản trị")
    login_verified(client, admin)  # a superuser: the admin asks for the second factor
    return client


def _post(client, data: bytes, kind: str, name: str = "ca.cer", **extra):
    return client.post(reverse(IMPORT), {"file": SimpleUploadedFile(name, data), "kind": kind, **extra}, follow=True)


def test_root_then_chain_as_p7b_then_personal_certificate(admin_client, demo):
    root_pem = demo.root.cert.public_bytes(serialization.Encoding.PEM)
    response = _post(admin_client, root_pem, "trust_anchor", "root.pem")
    assert "Đã nhập 1 chứng thư số mới" in response.content.decode()

    bundle = pkcs7.serialize_certificates([demo.issuing.cert, demo.root.cert], serialization.Encoding.DER)
    response = _post(admin_client, bundle, "intermediate", "chain.p7b")
    assert "Đã nhập 1 chứng thư số mới (1 chứng thư đã có)" in response.content.decode()

    person = demo.credential("nguyen-van-a").cert
    _post(admin_client, person.public_bytes(serialization.Encoding.DER), "personal", "lanhdao.cer")

    kinds = dict(Certificate.objects.values_list("subject_cn", "kind"))
    assert kinds == {
        pki.ROOT_NAME: "trust_anchor",
        pki.ISSUING_NAME: "intermediate",
        "Nguyễn Văn A": "personal",
    }
    leaf = Certificate.objects.get(subject_cn="Nguyễn Văn A")
    assert leaf.issuer_cn == pki.ISSUING_NAME and leaf.serial == format(person.serial_number, "x")
    assert leaf.not_after == person.not_valid_after_utc
    assert leaf.key_usage == ["digital_signature", "content_commitment"]
    status = certificate_chain_status(certificate=leaf)
    assert status.trusted and pki.ROOT_NAME in status.message

    page = admin_client.get(reverse(CHANGELIST)).content.decode()
    for text in ("Nguyễn Văn A", pki.ISSUING_NAME, "Ký số, Chống chối bỏ", f"Có, tới {pki.ROOT_NAME}",
                 "Là CA gốc tin cậy", leaf.not_after.strftime("%d/%m/%Y")):
        assert text in page, text


def test_certificate_from_an_unknown_ca_does_not_chain(admin_client, demo):
    _post(admin_client, demo.root.cert.public_bytes(serialization.Encoding.PEM), "trust_anchor")
    stranger = pki.create_untrusted_person(full_name="Người Lạ", organization="Tổ chức lạ").cert
    _post(admin_client, stranger.public_bytes(serialization.Encoding.PEM), "personal")
    leaf = Certificate.objects.get(subject_cn="Người Lạ")
    status = certificate_chain_status(certificate=leaf)
    assert not status.trusted and "không tìm được đường dẫn tới CA gốc tin cậy" in status.message
    assert "không tìm được đường dẫn tới CA gốc tin cậy" in admin_client.get(reverse(CHANGELIST)).content.decode()


@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        (b"hello, not a certificate", "trust_anchor", "Tệp không chứa chứng thư số hợp lệ (chấp nhận định dạng PEM, DER hoặc P7B)."),
        ("person", "trust_anchor", "Tệp không có chứng thư số tự ký của tổ chức chứng thực gốc (Root CA)"),
        ("person", "intermediate", "không phải chứng thư của tổ chức chứng thực (CA)"),
    ],
)
def test_bad_files_get_a_clear_message_and_import_nothing(admin_client, demo, data, kind, message):
    if data == "person":
        data = demo.credential("nguyen-van-a").cert.public_bytes(serialization.Encoding.PEM)
    response = _post(admin_client, data, kind)
    assert message in response.content.decode()
    assert not Certificate.objects.exists()


def test_only_administrators_import(client, demo, settings, tmp_path):
    from tests.factories import make_org, make_user

    settings.MEDIA_ROOT = tmp_path
    clerk = make_user(make_org(), ["clerk"])
    clerk.is_staff = True  # staff, but without permissions on the trust store
    clerk.save(update_fields=["is_staff"])
    client.force_login(clerk)
    response = client.post(reverse(IMPORT), {
        "file": SimpleUploadedFile("root.pem", demo.root.cert.public_bytes(serialization.Encoding.PEM)),
        "kind": "trust_anchor",
    })
    assert response.status_code == 403
    assert not Certificate.objects.exists()


def test_admin_pages_show_keys_without_their_secrets_and_confirm_revocation(client, cast):
    login_verified(client, cast.admin)
    keys_page = client.get(reverse("admin:signatures_signingkey_changelist")).content.decode()
    assert "Nguyễn Văn A" in keys_page and "Khóa lưu trên máy chủ (PKCS#12 mã hóa)" in keys_page
    change = client.get(reverse("admin:signatures_signingkey_change", args=[cast.leader_key.pk])).content.decode()
    assert "PKCS#12" in change and "kho khóa PKCS#12 (đã mã hóa)" not in change

    certificate = cast.leader_key.certificate
    detail = client.get(reverse("admin:signatures_certificate_change", args=[certificate.pk])).content.decode()
    assert "-----BEGIN CERTIFICATE-----" in detail and f"Có, tới {pki.ROOT_NAME}" in detail
    confirm = client.post(reverse(CHANGELIST), {"action": "revoke_certificates", "_selected_action": [certificate.pk]})
    page = confirm.content.decode()
    assert confirm.status_code == 200 and "Thu hồi có hiệu lực từ" in page and certificate.serial in page
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None  # nothing happens before confirming
