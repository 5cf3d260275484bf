"""``pki_init`` writes a directory the dev servers and the application can use."""

import json
import stat

from cryptography import x509

from signatures.clock import now_utc
from signatures.pki import hosted as demo_pki
from signatures.pki import pkcs12


def test_slugs_fold_vietnamese_names():
    assert demo_pki.slugify("Nguyễn Văn A") == "nguyen-van-a"
    assert demo_pki.slugify("Đặng Thị Hương") == "dang-thi-huong"
    assert demo_pki.slugify("BTTTT") == "btttt"


def test_directory_holds_trust_anchor_key_stores_pins_and_images(tmp_path):
    people = [("Nguyễn Văn A", "Bộ Nội vụ", "Thứ trưởng"), ("Nguyễn Văn A", "Bộ Tài chính", "Vụ trưởng")]
    written = demo_pki.write_demo_hierarchy(tmp_path, people=people, organizations=[("Bộ Nội vụ", "BNV")])

    assert x509.load_pem_x509_certificate((tmp_path / "root.pem").read_bytes()) == written.root.cert
    slugs = [entry["slug"] for entry in json.loads((tmp_path / "pki.json").read_text())["entries"]]
    assert slugs == ["nguyen-van-a", "nguyen-van-a-2", "bnv"]
    for slug in slugs:
        pin = (tmp_path / f"{slug}.pin").read_text().strip()
        assert len(pin) >= 8 and pin.isdigit() and not pkcs12.is_simple_pin(pin)  # the PIN policy
        credential = pkcs12.load_pkcs12((tmp_path / f"{slug}.p12").read_bytes(), pin)
        assert credential.chain[0] == written.issuing.cert
        assert (tmp_path / f"{slug}.png").read_bytes().startswith(b"\x89PNG")
        assert stat.S_IMODE((tmp_path / f"{slug}.p12").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "issuing.key.pem").stat().st_mode) == 0o600


def test_loaded_directory_keeps_revocations(tmp_path):
    written = demo_pki.write_demo_hierarchy(tmp_path, people=[("Lê Thị C", "Bộ Y tế", "Vụ trưởng")])
    victim = written.credential("le-thi-c").cert
    written.revoke(victim)

    loaded = demo_pki.load_demo_pki(tmp_path)
    assert loaded.issuing.cert == written.issuing.cert
    crl = x509.load_der_x509_crl(loaded.crl("issuing"))
    entry = crl.get_revoked_certificate_by_serial_number(victim.serial_number)
    assert entry is not None and entry.revocation_date_utc <= now_utc()
