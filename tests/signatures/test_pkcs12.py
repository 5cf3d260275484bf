"""Server-held keys are PKCS#12 files encrypted with AES-256 and opened only with the PIN."""

import pytest
from asn1crypto import cms
from asn1crypto import pkcs12 as asn1_pkcs12

from signatures.errors import KeyAccessError, WrongPinError
from signatures.pki import keys, pkcs12


def _bag_encryption_algorithms(data: bytes) -> set[str]:
    """Encryption schemes of the shrouded key bags and encrypted certificate bags."""
    found = set()
    pfx = asn1_pkcs12.Pfx.load(data)
    for content in pfx.authenticated_safe:
        if content["content_type"].native == "encrypted_data":
            info = content["content"]["encrypted_content_info"]["content_encryption_algorithm"]
            found.add(info["parameters"]["encryption_scheme"]["algorithm"].native)
            continue
        for bag in asn1_pkcs12.SafeContents.load(content["content"].native):
            if bag["bag_id"].native == "pkcs8_shrouded_key_bag":
                algorithm = bag["bag_value"]["encryption_algorithm"]
                found.add(algorithm["parameters"]["encryption_scheme"]["algorithm"].native)
    return found


def test_round_trip_keeps_key_certificate_and_chain(demo):
    original = demo.credential("nguyen-van-a")
    data = pkcs12.export_pkcs12(original, "246810")
    loaded = pkcs12.load_pkcs12(data, "246810")
    assert loaded.cert == original.cert
    assert loaded.chain == original.chain
    assert loaded.key.private_numbers() == original.key.private_numbers()


def test_key_store_is_encrypted_with_aes_256(demo):
    data = pkcs12.export_pkcs12(demo.credential("btttt"), "135790")
    assert _bag_encryption_algorithms(data) == {"aes256_cbc"}
    assert isinstance(asn1_pkcs12.Pfx.load(data)["auth_safe"], cms.ContentInfo)


def test_wrong_pin_is_a_clear_error_without_the_pin_in_it(demo):
    data = pkcs12.export_pkcs12(demo.credential("btttt"), "135790")
    with pytest.raises(WrongPinError) as caught:
        pkcs12.load_pkcs12(data, "000000")
    assert "000000" not in str(caught.value)
    assert caught.value.user_message == "Mã PIN không đúng."


def test_garbage_is_not_a_key_store():
    with pytest.raises(KeyAccessError):
        pkcs12.load_pkcs12(b"definitely not PKCS#12", "1234")


def test_backend_lends_a_signer_only_with_the_right_pin(demo):
    slug = "nguyen-van-a"
    backend = keys.Pkcs12Backend((demo.directory / f"{slug}.p12").read_bytes())
    pin = (demo.directory / f"{slug}.pin").read_text().strip()
    with backend.open(pin) as signer:
        assert signer.signing_cert.subject.native["common_name"] == "Nguyễn Văn A"
    with pytest.raises(WrongPinError), backend.open("not-the-pin"):
        pass
    assert repr(backend) == "Pkcs12Backend()"  # key material never ends up in logs
