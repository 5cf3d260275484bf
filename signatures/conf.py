"""Configuration of the signatures app, read from the environment at the moment of use.

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
"""

import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from signatures.pdf.pades import Level
from signatures.pki.revinfo import Fetch

WARN = "warn"
REJECT = "reject"


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_number(name: str, default: float) -> float:
    raw = _env(name, str(default))
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from None


def tsa_url() -> str:
    return _env("QLVB_TSA_URL", "http://127.0.0.1:8200")


def tsa_timeout() -> float:
    return _env_number("QLVB_TSA_TIMEOUT", 10)


def pki_dir() -> Path:
    return Path(_env("QLVB_PKI_DIR", str(Path(settings.VAR_DIR) / "pki")))


def pki_base_url() -> str:
    return _env("QLVB_PKI_BASE_URL", "http://127.0.0.1:8000/pki").rstrip("/")


def signing_level() -> Level:
    raw = _env("QLVB_SIGNING_LEVEL", Level.B_T.value).upper()
    if raw not in {Level.B_T.value, Level.B_LT.value}:
        raise ImproperlyConfigured(f"QLVB_SIGNING_LEVEL must be B-T or B-LT, not {raw!r}")
    return Level(raw)


def allow_without_timestamp() -> bool:
    """Whether signing may fall back to PAdES B-B (no timestamp) when the TSA cannot be reached."""
    return _env_bool("QLVB_SIGNING_POLICY_ALLOW_BB", False)


def invalid_signature_policy() -> str:
    """``"warn"``: an incoming file with an invalid signature is flagged and kept;
    ``"reject"``: it is returned to the sender (status 02) with the verification summary."""
    value = _env("QLVB_INVALID_SIGNATURE_POLICY", WARN).lower()
    if value not in {WARN, REJECT}:
        raise ImproperlyConfigured(f"QLVB_INVALID_SIGNATURE_POLICY must be warn or reject, not {value!r}")
    return value


def external_session_ttl() -> timedelta:
    return timedelta(seconds=_env_number("QLVB_EXTERNAL_SESSION_SECONDS", 600))


def max_pin_attempts() -> int:
    return int(_env_number("QLVB_SIGNING_MAX_PIN_ATTEMPTS", 5))


def revocation_fetch() -> Fetch:
    """How CRLs and OCSP answers are fetched: this app's own PKI URLs are answered in process
    (no HTTP request to itself), any other URL over HTTP."""
    from signatures.services.publication import pki_fetch

    return pki_fetch
