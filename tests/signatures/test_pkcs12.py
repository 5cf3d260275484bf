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


def test_the_mac_no_longer_tests_a_pin_in_2048_rounds(demo):
    """The old stores' MAC (2,048 rounds) let a PIN be tested ~1000× faster than their PBES2; now the
    MAC is keyed over twice the PBKDF2 rounds and still verified by OpenSSL on opening."""
    credential = demo.credential("btttt")
    legacy = pkcs12.store_cost(pkcs12.export_pkcs12_legacy(credential, "13572468"))
    assert legacy.mac_iterations == pkcs12.LEGACY_MAC_ROUNDS == 2048
    data = pkcs12.export_pkcs12(credential, "13572468", iterations=120_000)
    cost = pkcs12.store_cost(data)
    assert cost.mac_iterations == 240_000 and cost.mac_hash == "sha256"
    assert cost.encryptions == (("pbes2", 120_000), ("pbes2", 120_000)) and cost.meets(120_000)
    assert not cost.meets(200_000)
    assert pkcs12.load_pkcs12(data, "13572468").cert == credential.cert
    with pytest.raises(WrongPinError):
        pkcs12.load_pkcs12(data, "13572469")
    # the MAC is checked: a store whose MAC was made with another PIN does not open
    forged = pkcs12.remac(data, "00000000", iterations=240_000)
    with pytest.raises(WrongPinError):
        pkcs12.load_pkcs12(forged, "13572468")


def test_pkcs12_kdf_matches_openssl_through_a_mac_it_verifies(demo):
    """Our PKCS#12 KDF (RFC 7292 B.2) agrees with OpenSSL's for a non-ASCII PIN: OpenSSL verifies the MAC."""
    data = pkcs12.export_pkcs12(demo.credential("btttt"), "Mật-khẩu-ký-2026", iterations=100_000)
    assert pkcs12.load_pkcs12(data, "Mật-khẩu-ký-2026").key is not None


@pytest.mark.parametrize(("pin", "simple"), [
    ("00000000", True), ("12345678", True), ("87654321", True), ("abcdefgh", True), ("1234567890", True),
    ("13572468", False), ("11223344", False), ("2718281828", False), ("Ký-số-2026", False),
])
def test_simple_pins(pin, simple):
    assert pkcs12.is_simple_pin(pin) is simple


def test_new_pins_meet_the_policy():
    pins = {pkcs12.new_pin() for _ in range(50)}
    assert len(pins) == 50 and all(len(p) == 10 and p.isdigit() and not pkcs12.is_simple_pin(p) for p in pins)
