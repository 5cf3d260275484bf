"""The key-encryption key envelope (signatures.pki.kek): AES-256-GCM, the key id authenticated."""

import os

import pytest

from signatures.pki import kek


def test_seal_and_open_with_the_right_key_only():
    a, b = kek.Keyring.of(os.urandom(32)), kek.Keyring.of(os.urandom(32))
    blob = a.seal(b"kho khoa")
    assert blob.startswith(kek.MAGIC) and kek.sealed_key_id(blob) == a.current_id != b.current_id
    assert b"kho khoa" not in blob and a.open(blob) == b"kho khoa"
    with pytest.raises(kek.KekMismatchError, match="not configured"):
        b.open(blob)
    assert kek.Keyring.of(b.current, [a.current]).open(blob) == b"kho khoa"  # a previous key still opens


def test_an_altered_or_relabelled_blob_does_not_open():
    key = os.urandom(32)
    ring = kek.Keyring.of(key)
    blob = bytearray(ring.seal(b"kho khoa"))
    blob[-1] ^= 1
    with pytest.raises(kek.KekMismatchError, match="fails authentication"):
        ring.open(bytes(blob))
    other = os.urandom(32)
    relabelled = ring.seal(b"x")
    relabelled = kek.MAGIC + bytes.fromhex(kek.key_id(other)) + relabelled[len(kek.MAGIC) + 8:]
    with pytest.raises(kek.KekMismatchError):
        kek.Keyring.of(key, [other]).open(relabelled)


def test_no_key_neither_seals_nor_opens_and_old_stores_are_told_apart():
    empty = kek.Keyring.of(None)
    with pytest.raises(kek.KekMissingError):
        empty.seal(b"x")
    with pytest.raises(kek.KekMissingError):
        empty.open(kek.Keyring.of(os.urandom(32)).seal(b"x"))
    assert kek.sealed_key_id(b"0\x82\x05\x00 a bare PKCS#12") is None


@pytest.mark.parametrize("text", ["", "not base64 !", "c2hvcnQ=", "A" * 64])
def test_bad_key_text_is_refused_with_its_source(text):
    with pytest.raises(kek.KekFormatError, match="QLVB_KEK"):
        kek.parse_key(text, source="QLVB_KEK")


def test_key_files_are_created_once_with_mode_0600(tmp_path):
    path = tmp_path / "keys" / "kek.key"
    assert kek.create_key_file(path) is True and kek.create_key_file(path) is False
    assert oct(path.stat().st_mode & 0o777) == "0o600" and len(kek.read_key_file(path)) == 32
