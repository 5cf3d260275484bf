"""Issue 13, point 3: server-held keys that a database dump does not give away.

The attacker of these tests has what a dump of the main database holds (the stored blob of every
server-held key); the key-encryption key (KEK) lives outside it (a file or QLVB_KEK). With the old
code the blob was a bare PKCS#12 whose 2,048-round MAC tested a 6-digit PIN in microseconds.
"""

import base64
import os
import stat

import pytest
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_pkcs12
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from qlvb.errors import Refused
from qlvb.models import AuditEvent
from signatures.errors import KeyLockedError, SignatureError, WrongPinError
from signatures.models import SigningKey
from signatures.pki import kek, pkcs12
from signatures.services import server_key_store
from signatures.services.custody import (
    key_unlocked,
    server_key_pkcs12,
    signing_key_change_pin,
)
from tests.factories import login_verified
from tests.signatures.conftest import DEPUTY_PIN, LEADER_PIN, SEAL_PIN

pytestmark = pytest.mark.django_db

IMPORT_P12 = "admin:signatures_certificate_import_pkcs12"


def _key_text(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


@pytest.fixture(autouse=True)
def kek_a(settings, tmp_path) -> bytes:
    """The KEK of these tests, in a file of their own (set before the cast's keys are stored)."""
    path = tmp_path / "kek-a.key"
    kek.create_key_file(path)
    settings.QLVB_KEK, settings.QLVB_KEK_FILE, settings.QLVB_KEK_PREVIOUS_FILES = "", str(path), []
    return kek.read_key_file(path)


def _dumped_blobs() -> dict[int, bytes]:
    """What a dump of the database holds for the server-held keys."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, pkcs12 FROM signatures_signingkey WHERE custody = 'server'")
        return {pk: bytes(blob) for pk, blob in cursor.fetchall()}


def _signs(key: SigningKey, pin: str) -> bool:
    with key_unlocked(SigningKey.objects.get(pk=key.pk), pin) as signer:
        return len(signer.sign_raw(b"van ban", "sha256")) > 0


def _legacy_key(key: SigningKey, credential, pin: str) -> SigningKey:
    """Put ``key`` back in the old format: a bare PKCS#12 (2,048-round MAC) in the database."""
    SigningKey.objects.filter(pk=key.pk).update(pkcs12=pkcs12.export_pkcs12_legacy(credential, pin), kek_id="")
    return SigningKey.objects.get(pk=key.pk)


def test_a_database_dump_alone_cannot_even_be_parsed_as_a_key_store(cast, kek_a):
    dump = _dumped_blobs()
    assert set(dump) == {cast.leader_key.pk, cast.seal_key.pk}
    for blob, pin in ((dump[cast.leader_key.pk], LEADER_PIN), (dump[cast.seal_key.pk], SEAL_PIN)):
        # even knowing the PIN, the dumped blob is no PKCS#12: there is nothing to try guesses on
        with pytest.raises(ValueError):
            crypto_pkcs12.load_pkcs12(blob, pin.encode())
        with pytest.raises(ValueError):
            asn1_pkcs12.Pfx.load(blob).native  # noqa: B018
        assert not pkcs12.looks_like_pkcs12(blob)
    key = SigningKey.objects.get(pk=cast.leader_key.pk)
    assert kek.sealed_key_id(dump[key.pk]) == key.kek_id == kek.key_id(kek_a)
    assert kek_a not in b"".join(dump.values())


def test_with_the_kek_the_inner_store_is_pbes2_with_the_configured_rounds_and_a_costly_mac(cast, kek_a, settings):
    rounds = settings.QLVB_KEY_KDF_ITERATIONS
    assert rounds >= 100_000
    inner = kek.Keyring.of(kek_a).open(_dumped_blobs()[cast.leader_key.pk])
    pfx = asn1_pkcs12.Pfx.load(inner)
    mac = pfx["mac_data"]
    assert mac["mac"]["digest_algorithm"]["algorithm"].native == "sha256"
    assert mac["iterations"].native >= 2 * rounds  # was 2,048
    seen = []
    for info in pfx.authenticated_safe:
        if info["content_type"].native == "encrypted_data":
            seen.append(info["content"]["encrypted_content_info"]["content_encryption_algorithm"])
        else:
            for bag in asn1_pkcs12.SafeContents.load(info["content"].native):
                if bag["bag_id"].native == "pkcs8_shrouded_key_bag":
                    seen.append(bag["bag_value"]["encryption_algorithm"])
    assert len(seen) == 2  # the certificates and the private key
    for algorithm in seen:
        assert algorithm["algorithm"].native == "pbes2"
        assert algorithm.kdf == "pbkdf2" and algorithm.kdf_hmac == "sha256"
        assert algorithm.kdf_iterations >= rounds
        assert algorithm.encryption_cipher == "aes" and algorithm.key_length == 32
    assert pkcs12.load_pkcs12(inner, LEADER_PIN).key is not None
    with pytest.raises(WrongPinError):
        pkcs12.load_pkcs12(inner, "00000000")


SHORT = "Mã PIN của khóa lưu trên máy chủ phải có ít nhất 8 ký tự."
SIMPLE = "Mã PIN quá dễ đoán (một ký tự lặp lại, hoặc một dãy liên tiếp như 12345678); hãy chọn mã khác."


@pytest.mark.parametrize(("pin", "message"), [
    ("135791", SHORT), ("1234567", SHORT), ("12345678", SIMPLE), ("98765432", SIMPLE), ("77777777", SIMPLE),
    ("abcdefghij", SIMPLE),
])
def test_a_short_or_simple_pin_is_refused_at_key_creation_in_vietnamese(cast, deputy_credential, pin, message):
    with pytest.raises(Refused) as refused:
        server_key_store(actor=None, credential=deputy_credential, pin=pin, user=cast.deputy)
    assert refused.value.text("vi") == message
    assert not SigningKey.objects.filter(user=cast.deputy).exists()


def test_the_pin_policy_length_is_a_setting(cast, deputy_credential, settings):
    settings.QLVB_SIGNING_PIN_MIN_LENGTH = 12
    with pytest.raises(Refused) as refused:
        server_key_store(actor=None, credential=deputy_credential, pin="31415926", user=cast.deputy)
    assert refused.value.text("vi") == "Mã PIN của khóa lưu trên máy chủ phải có ít nhất 12 ký tự."
    assert server_key_store(actor=None, credential=deputy_credential, pin="314159265358", user=cast.deputy)


def test_importing_a_file_with_a_six_digit_pin_needs_a_new_pin_that_meets_the_policy(client, cast, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login_verified(client, cast.admin)
    six = "246813"
    data = pkcs12.export_pkcs12(demo.credential("nguyen-van-a"), six, iterations=100_000)

    def upload(**fields):
        return client.post(reverse(IMPORT_P12), {"file": SimpleUploadedFile("a.p12", data), "pin": six,
                                                 "user": cast.deputy.pk, **fields}, follow=True).content.decode()

    assert "Mã PIN của khóa lưu trên máy chủ phải có ít nhất 8 ký tự." in upload()
    assert "Mã PIN của khóa lưu trên máy chủ phải có ít nhất 8 ký tự." in upload(new_pin="654321")
    assert not SigningKey.objects.filter(user=cast.deputy).exists()
    assert "Đã lưu khóa ký số của Trần Văn B" in upload(new_pin="27182818")
    key = SigningKey.objects.get(user=cast.deputy, is_active=True)
    assert _signs(key, "27182818")
    with pytest.raises(WrongPinError):
        _signs(key, six)


def test_kek_rotation_reseals_every_key_and_migrates_the_old_format(cast, kek_a, seal_credential, settings, tmp_path):
    legacy = _legacy_key(cast.seal_key, seal_credential, SEAL_PIN)
    assert legacy.kek_id == "" and pkcs12.looks_like_pkcs12(_dumped_blobs()[legacy.pk])
    new_file = tmp_path / "kek-b.key"
    call_command("keys_rotate_kek", "--new-key-file", str(new_file), "--generate")
    assert stat.S_IMODE(os.stat(new_file).st_mode) == 0o600
    kek_b = kek.read_key_file(new_file)
    new_id = kek.key_id(kek_b)
    dump = _dumped_blobs()
    assert {kek.sealed_key_id(blob) for blob in dump.values()} == {new_id}
    assert set(SigningKey.objects.filter(custody="server").values_list("kek_id", flat=True)) == {new_id}
    # the old KEK opens none of them any more
    for blob in dump.values():
        with pytest.raises(kek.KekMismatchError):
            kek.Keyring.of(kek_a).open(blob)
    event = AuditEvent.objects.filter(action="signing_keys.rewrap").latest("pk")
    assert event.data == {"kek_id": new_id, "from_kek_ids": [kek.key_id(kek_a)], "rewrapped": 1, "migrated": 1,
                          "unchanged": 0}
    assert _key_text(kek_a) not in str(event.data) and _key_text(kek_b) not in str(event.data)

    # with the new KEK configured every key signs with its PIN, the migrated one included
    settings.QLVB_KEK_FILE = str(new_file)
    assert _signs(cast.leader_key, LEADER_PIN) and _signs(legacy, SEAL_PIN)
    # and the old-format store, now opened with its PIN, was brought to the current cost
    upgraded = pkcs12.store_cost(server_key_pkcs12(SigningKey.objects.get(pk=legacy.pk)))
    assert upgraded.meets(settings.QLVB_KEY_KDF_ITERATIONS) and upgraded.mac_iterations > pkcs12.LEGACY_MAC_ROUNDS

    # running it again changes nothing
    before = _dumped_blobs()
    call_command("keys_rotate_kek", "--new-key-file", str(new_file))
    assert _dumped_blobs() == before
    assert AuditEvent.objects.filter(action="signing_keys.rewrap").latest("pk").data["unchanged"] == 2


def test_rotation_is_all_or_nothing_when_a_store_cannot_be_opened(cast, tmp_path):
    stranger = kek.Keyring.of(os.urandom(32))
    inner = server_key_pkcs12(cast.seal_key)
    SigningKey.objects.filter(pk=cast.seal_key.pk).update(pkcs12=stranger.seal(inner))
    before = _dumped_blobs()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("keys_rotate_kek", "--new-key-file", str(tmp_path / "kek-c.key"), "--generate")
    assert _dumped_blobs() == before
    assert not AuditEvent.objects.filter(action="signing_keys.rewrap").exists()


def test_the_previous_kek_still_opens_keys_during_a_rotation(cast, kek_a, settings, tmp_path):
    previous = settings.QLVB_KEK_FILE
    new_file = tmp_path / "kek-next.key"
    kek.create_key_file(new_file)
    settings.QLVB_KEK_FILE, settings.QLVB_KEK_PREVIOUS_FILES = str(new_file), [previous]
    assert _signs(cast.leader_key, LEADER_PIN)  # sealed under the previous KEK, resealed on use
    assert SigningKey.objects.get(pk=cast.leader_key.pk).kek_id == kek.key_id(kek.read_key_file(new_file))


def test_a_wrong_kek_gives_a_clear_error_and_is_not_counted_as_a_wrong_pin(cast, settings):
    settings.QLVB_KEK = _key_text(os.urandom(32))
    with pytest.raises(kek.KekMismatchError) as caught:
        _signs(cast.leader_key, LEADER_PIN)
    assert caught.value.code == SignatureError.KEK_MISMATCH
    assert caught.value.text("vi").startswith("Kho khóa được niêm phong bằng một khóa mã hóa khóa (KEK)")
    assert SigningKey.objects.get(pk=cast.leader_key.pk).failed_pin_attempts == 0


def test_without_a_kek_production_neither_stores_nor_opens_keys(cast, deputy_credential, seal_credential, settings,
                                                               tmp_path):
    missing = tmp_path / "absent" / "kek.key"
    settings.QLVB_KEK_FILE, settings.QLVB_KEK_CREATE = str(missing), False
    with pytest.raises(kek.KekMissingError) as caught:
        server_key_store(actor=None, credential=deputy_credential, pin=DEPUTY_PIN, user=cast.deputy)
    assert caught.value.text("vi").startswith("Máy chủ chưa được cấu hình khóa mã hóa khóa (KEK)")
    assert not SigningKey.objects.filter(user=cast.deputy).exists() and not missing.exists()
    with pytest.raises(kek.KekMissingError):
        _signs(cast.leader_key, LEADER_PIN)
    legacy = _legacy_key(cast.seal_key, seal_credential, SEAL_PIN)
    with pytest.raises(kek.KekMissingError):  # not even a store of the old format
        _signs(legacy, SEAL_PIN)


def test_outside_production_the_kek_file_is_created_once_with_mode_0600(settings, tmp_path):
    from signatures import conf

    path = tmp_path / "var" / "keys" / "kek.key"
    settings.QLVB_KEK, settings.QLVB_KEK_FILE, settings.QLVB_KEK_CREATE = "", str(path), True
    first = conf.key_encryption_keyring()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert conf.key_encryption_keyring().current_id == first.current_id


def test_changing_the_pin_keeps_the_lockout_and_the_policy(cast, settings):
    leader, key = cast.leader, cast.leader_key
    with pytest.raises(Refused) as refused:
        signing_key_change_pin(actor=leader, key=key, pin=LEADER_PIN, new_pin="135246")
    assert refused.value.text("vi") == "Mã PIN của khóa lưu trên máy chủ phải có ít nhất 8 ký tự."
    with pytest.raises(PermissionDenied):
        signing_key_change_pin(actor=cast.clerk, key=key, pin=LEADER_PIN, new_pin="97531864")
    for attempt in range(1, settings.QLVB_SIGNING_MAX_PIN_ATTEMPTS + 1):
        with pytest.raises(WrongPinError):
            signing_key_change_pin(actor=leader, key=SigningKey.objects.get(pk=key.pk), pin="00000001",
                                   new_pin="97531864")
        assert SigningKey.objects.get(pk=key.pk).failed_pin_attempts == attempt
    with pytest.raises(KeyLockedError):  # locked: not even the right PIN works now
        signing_key_change_pin(actor=leader, key=SigningKey.objects.get(pk=key.pk), pin=LEADER_PIN,
                               new_pin="97531864")
    SigningKey.objects.filter(pk=key.pk).update(failed_pin_attempts=0)
    changed = signing_key_change_pin(actor=leader, key=SigningKey.objects.get(pk=key.pk), pin=LEADER_PIN,
                                     new_pin="97531864")
    assert _signs(changed, "97531864")
    with pytest.raises(WrongPinError):
        _signs(changed, LEADER_PIN)
    event = AuditEvent.objects.filter(action="signing_key.change_pin").latest("pk")
    assert LEADER_PIN not in str(event.data) and "97531864" not in str(event.data)


CHANGE_PIN = "admin:signatures_signingkey_change_pin"


def test_admin_pin_change_page_applies_the_policy_and_writes_nothing_on_bad_input(client, cast):
    login_verified(client, cast.admin)
    url = reverse(CHANGE_PIN, args=[cast.seal_key.pk])
    before = _dumped_blobs()
    page = client.post(url, {"pin": SEAL_PIN, "new_pin": "246802", "new_pin_again": "246802"}).content.decode()
    assert SHORT in page
    page = client.post(url, {"pin": SEAL_PIN, "new_pin": "97531864", "new_pin_again": "97531865"}).content.decode()
    assert "Hai lần nhập mã PIN mới không khớp nhau." in page
    page = client.post(url, {"pin": "00000001", "new_pin": "97531864", "new_pin_again": "97531864"}).content.decode()
    assert "Mã PIN không đúng." in page
    assert _dumped_blobs() == before
    assert SigningKey.objects.get(pk=cast.seal_key.pk).failed_pin_attempts == 1
    response = client.post(url, {"pin": SEAL_PIN, "new_pin": "97531864", "new_pin_again": "97531864"}, follow=True)
    assert "Đã đổi mã PIN của khóa ký số" in response.content.decode()
    assert _signs(cast.seal_key, "97531864")


def test_admin_pin_change_page_refuses_other_roles_and_unknown_keys(client, cast):
    cast.clerk.is_staff = True
    cast.clerk.save(update_fields=["is_staff"])
    client.force_login(cast.clerk)  # staff, but no right over signing keys
    url = reverse(CHANGE_PIN, args=[cast.seal_key.pk])
    assert client.post(url, {"pin": SEAL_PIN, "new_pin": "97531864", "new_pin_again": "97531864"}).status_code == 403
    assert _signs(cast.seal_key, SEAL_PIN)
    login_verified(client, cast.admin)
    assert client.get(reverse(CHANGE_PIN, args=[987654])).status_code == 404


def test_production_settings_never_make_up_a_kek(tmp_path):
    """In production a missing KEK file is not created: keys are refused until one is given."""
    import json
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = ("import json, django; django.setup(); from signatures import conf; ring = conf.key_encryption_keyring();"
              " print(json.dumps([ring.current_id, conf.kek_file().exists()]))")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QLVB_KEK", "DJANGO_", "SECURE_"))}
    env.update(DJANGO_SETTINGS_MODULE="qlvb.settings.production", SECRET_KEY="Khoa-san-xuat-kiem-thu-7c1e5b2d8064-QLVB-9f3a-Bac-Kan", QLVB_VAR_DIR=str(tmp_path))

    def run(**extra):
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**env, **extra}, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    assert run() == [None, False]
    given = kek.new_key_text().strip()
    assert run(QLVB_KEK=given) == [kek.key_id(kek.parse_key(given)), False]
