"""Configuration of the signatures app: Django settings of the same names, read from the
environment by qlvb/settings (checked here, at the moment of use).

| variable | default | meaning |
|---|---|---|
| QLVB_TSA_URL | http://127.0.0.1:8200 | RFC 3161 timestamp authority |
| QLVB_TSA_TIMEOUT | 10 | seconds to wait for the TSA |
| QLVB_PKI_DIR | <VAR_DIR>/pki | the demo CA written by ``pki_init`` (CRL/OCSP signing keys) |
| QLVB_PKI_BASE_URL | http://127.0.0.1:8000/pki | where this app serves the CRL, OCSP and CA certificates |
| QLVB_SIGNING_LEVEL | B-T | PAdES level of new signatures: B-T, or B-LT (revocation data embedded) |
| QLVB_SIGNING_POLICY_ALLOW_BB | false | sign without a timestamp (B-B) when the TSA is unreachable |
| QLVB_INVALID_SIGNATURE_POLICY | warn | what an invalid signature on an incoming file means: warn or reject |
| QLVB_EXTERNAL_SESSION_SECONDS | 600 | how long a prepared external signature waits for the signer |
| QLVB_SIGNING_MAX_PIN_ATTEMPTS | 5 | wrong PINs in a row before a server-held key is locked |
| QLVB_SIGNING_PIN_MIN_LENGTH | 8 | shortest PIN of a server-held key (at creation, import, PIN change) |
| QLVB_SIGNING_PIN_REFUSE_SIMPLE | true | refuse PINs of one repeated character or a run like 12345678 |
| QLVB_KEY_KDF_ITERATIONS | 600000 | PBKDF2 rounds of server-held PKCS#12 stores (100000 at least) |
| QLVB_KEK | | the key-encryption key of server-held keys, base64 of 32 bytes (or:) |
| QLVB_KEK_FILE | <VAR_DIR>/keys/kek.key | a file holding it; created (0600) on first use outside production |
| QLVB_KEK_PREVIOUS_FILES | | older KEK files still accepted for opening keys, during a rotation |
| QLVB_REVOCATION_HOSTS | crl.vnpt-ca.vn,ocsp.vnpt-ca.vn | hosts (``host`` or ``host:port``) whose CRL/OCSP URLs a verification may fetch; the host of QLVB_PKI_BASE_URL is always allowed |
| QLVB_REVOCATION_MAX_URLS | 8 | revocation URLs fetched at most per verification (the rest: "not checked") |
| QLVB_REVOCATION_TIMEOUT | 5 | seconds one CRL/OCSP request may last |
| QLVB_REVOCATION_BUDGET | 15 | seconds all the requests of one verification may last |
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from signatures.pdf.pades import Level
from signatures.pki import kek
from signatures.pki.revinfo import FetchLimits, host_key, parse_allowed_hosts

WARN = "warn"
REJECT = "reject"


def _number(name: str) -> float:
    raw = getattr(settings, name)
    try:
        return float(raw)
    except (TypeError, ValueError):
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from None


def tsa_url() -> str:
    return settings.QLVB_TSA_URL


def tsa_timeout() -> float:
    return _number("QLVB_TSA_TIMEOUT")


def pki_dir() -> Path:
    return Path(settings.QLVB_PKI_DIR or Path(settings.VAR_DIR) / "pki")


def pki_base_url() -> str:
    return settings.QLVB_PKI_BASE_URL.rstrip("/")


def signing_level() -> Level:
    raw = str(settings.QLVB_SIGNING_LEVEL).strip().upper()
    if raw not in {Level.B_T.value, Level.B_LT.value}:
        raise ImproperlyConfigured(f"QLVB_SIGNING_LEVEL must be B-T or B-LT, not {raw!r}")
    return Level(raw)


def allow_without_timestamp() -> bool:
    """Whether signing may fall back to PAdES B-B (no timestamp) when the TSA cannot be reached."""
    return bool(settings.QLVB_SIGNING_POLICY_ALLOW_BB)


def invalid_signature_policy() -> str:
    """``"warn"``: an incoming file with an invalid signature is flagged and kept;
    ``"reject"``: it is returned to the sender (status 02) with the verification summary."""
    value = str(settings.QLVB_INVALID_SIGNATURE_POLICY).strip().lower()
    if value not in {WARN, REJECT}:
        raise ImproperlyConfigured(f"QLVB_INVALID_SIGNATURE_POLICY must be warn or reject, not {value!r}")
    return value


def external_session_ttl() -> timedelta:
    return timedelta(seconds=_number("QLVB_EXTERNAL_SESSION_SECONDS"))


def max_pin_attempts() -> int:
    return int(_number("QLVB_SIGNING_MAX_PIN_ATTEMPTS"))


MIN_KDF_ITERATIONS = 100_000
MIN_PIN_LENGTH = 6


def key_kdf_iterations() -> int:
    rounds = int(_number("QLVB_KEY_KDF_ITERATIONS"))
    if rounds < MIN_KDF_ITERATIONS:
        raise ImproperlyConfigured(f"QLVB_KEY_KDF_ITERATIONS must be at least {MIN_KDF_ITERATIONS}, not {rounds}")
    return rounds


def pin_min_length() -> int:
    length = int(_number("QLVB_SIGNING_PIN_MIN_LENGTH"))
    if length < MIN_PIN_LENGTH:
        raise ImproperlyConfigured(f"QLVB_SIGNING_PIN_MIN_LENGTH must be at least {MIN_PIN_LENGTH}, not {length}")
    return length


def pin_refuse_simple() -> bool:
    return bool(settings.QLVB_SIGNING_PIN_REFUSE_SIMPLE)


def kek_file() -> Path:
    return Path(settings.QLVB_KEK_FILE or Path(settings.VAR_DIR) / "keys" / "kek.key")


def key_encryption_keyring() -> kek.Keyring:
    """The key-encryption keys: the current one (QLVB_KEK, else the file QLVB_KEK_FILE, which is
    created with mode 0600 on first use unless in production) and QLVB_KEK_PREVIOUS_FILES.

    Without a current key the keyring can neither seal nor open: storing or using a server-held key
    is refused with a clear error (production never makes one up).
    """
    try:
        previous = [kek.read_key_file(Path(name)) for name in settings.QLVB_KEK_PREVIOUS_FILES]
        if settings.QLVB_KEK:
            return kek.Keyring.of(kek.parse_key(settings.QLVB_KEK, source="QLVB_KEK"), previous)
        path = kek_file()
        if not path.exists() and settings.QLVB_KEK_CREATE:
            kek.create_key_file(path)
        current = kek.read_key_file(path) if path.exists() else None
        return kek.Keyring.of(current, previous)
    except kek.KekFormatError as exc:
        raise ImproperlyConfigured(f"key-encryption key: {exc}") from None


def revocation_limits() -> FetchLimits:
    """What one verification may fetch: the allow-listed hosts (and this deployment's own PKI host),
    how many URLs, and how long."""
    allowed = parse_allowed_hosts(settings.QLVB_REVOCATION_HOSTS)
    own_host, own_port = host_key(pki_base_url())
    allowed |= {(own_host, own_port)}
    limits = FetchLimits(
        allowed_hosts=allowed,
        max_urls=int(_number("QLVB_REVOCATION_MAX_URLS")),
        timeout=_number("QLVB_REVOCATION_TIMEOUT"),
        budget=_number("QLVB_REVOCATION_BUDGET"),
    )
    if limits.max_urls < 0 or limits.timeout <= 0 or limits.budget <= 0:
        raise ImproperlyConfigured("QLVB_REVOCATION_MAX_URLS must be >= 0, QLVB_REVOCATION_TIMEOUT and _BUDGET > 0")
    return limits
