"""The CA this system runs (the demo stand-in for the Government CA): its CRLs, OCSP answers and
CA certificates, published at QLVB_PKI_BASE_URL (``/pki/...``) from the revocations in the database.

The CA keys live in QLVB_PKI_DIR, written by ``manage.py pki_init``.
"""

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from django.utils import timezone

from signatures import conf
from signatures.models import Certificate
from signatures.pki.certificates import der, serial_hex
from signatures.pki.hosted import DemoPki, load_demo_pki
from signatures.pki.revinfo import FETCH_TIMEOUT, GuardedFetch, http_fetch
from signatures.pki.revocation import RevokedCertificate, answer_ocsp, build_crl

log = logging.getLogger(__name__)

REASON_FLAGS = {
    Certificate.RevocationReason.UNSPECIFIED: x509.ReasonFlags.unspecified,
    Certificate.RevocationReason.KEY_COMPROMISE: x509.ReasonFlags.key_compromise,
    Certificate.RevocationReason.AFFILIATION_CHANGED: x509.ReasonFlags.affiliation_changed,
    Certificate.RevocationReason.SUPERSEDED: x509.ReasonFlags.superseded,
    Certificate.RevocationReason.CESSATION_OF_OPERATION: x509.ReasonFlags.cessation_of_operation,
}
CA_SLUGS = ("root", "issuing")


class PkiNotInitialized(LookupError):
    """No CA in QLVB_PKI_DIR yet (manage.py pki_init makes one); the PKI endpoints answer 404."""


@dataclass(frozen=True)
class _Loaded:
    stamp: tuple
    authority: DemoPki


_cache: dict[Path, _Loaded] = {}
_lock = threading.Lock()


def _stamp(directory: Path) -> tuple | None:
    try:
        return tuple((directory / name).stat().st_mtime_ns for name in ("pki.json", "issuing.pem", "ocsp.pem"))
    except FileNotFoundError:
        return None


def hosted_authority() -> DemoPki:
    """The CA credentials in QLVB_PKI_DIR, loaded once per change of the directory."""
    directory = conf.pki_dir()
    stamp = _stamp(directory)
    if stamp is None:
        raise PkiNotInitialized(f"no CA in {directory}")
    with _lock:
        loaded = _cache.get(directory)
        if loaded is None or loaded.stamp != stamp:
            loaded = _Loaded(stamp, load_demo_pki(directory))
            _cache[directory] = loaded
    return loaded.authority


def hosts_issuer(certificate: Certificate) -> bool:
    """Whether ``certificate`` was issued by a CA of this system (so its revocation is published)."""
    try:
        authority = hosted_authority()
    except PkiNotInitialized:
        return False
    return any(certificate.issuer == authority.ca(slug).cert.subject.rfc4514_string() for slug in CA_SLUGS)


def revoked_by(ca_cert: x509.Certificate) -> list[RevokedCertificate]:
    """The revoked list of a CA: its certificates revoked in the trust store."""
    rows = Certificate.objects.filter(issuer=ca_cert.subject.rfc4514_string(), revoked_at__isnull=False).values_list(
        "serial", "revoked_at", "revocation_reason"
    )
    return [
        RevokedCertificate(int(serial, 16), at.replace(microsecond=0), REASON_FLAGS.get(reason, x509.ReasonFlags.unspecified))
        for serial, at, reason in rows
    ]


def crl_der(ca_slug: str) -> bytes:
    """The current DER CRL of the CA ``root`` or ``issuing``."""
    if ca_slug not in CA_SLUGS:
        raise LookupError(f"no CA {ca_slug!r}")
    ca = hosted_authority().ca(ca_slug)
    revoked = revoked_by(ca.cert)
    # CRL numbers must grow with each new list: seconds since the epoch do.
    return build_crl(ca, revoked, crl_number=int(timezone.now().timestamp()))


def ocsp_response_der(request_der: bytes) -> bytes:
    """The OCSP answer of the issuing CA's responder about one of its certificates."""
    authority = hosted_authority()
    issuer = authority.issuing
    issuer_subject = issuer.cert.subject.rfc4514_string()
    return answer_ocsp(
        request_der,
        issuer=issuer,
        responder=authority.ocsp,
        revoked=revoked_by(issuer.cert),
        # Serials this CA never issued (not in the trust store) are "unknown", not "good".
        is_known=lambda serial: Certificate.objects.filter(issuer=issuer_subject, serial=serial_hex(serial)).exists(),
    )


def ca_certificate_der(ca_slug: str) -> bytes:
    if ca_slug not in CA_SLUGS:
        raise LookupError(f"no CA {ca_slug!r}")
    return der(hosted_authority().ca(ca_slug).cert)


_CRL_PATH = re.compile(r"^/crl/([a-z0-9-]+)\.crl$")
_CA_PATH = re.compile(r"^/ca/([a-z0-9-]+)\.cer$")


def pki_fetch(url: str, body: bytes | None = None, timeout: float = FETCH_TIMEOUT) -> bytes:
    """Fetch a CRL, OCSP answer or CA certificate: this app's own URLs in process, others over HTTP."""
    base = conf.pki_base_url()
    if not url.startswith(base + "/"):
        return http_fetch(url, body, timeout)
    path = url[len(base):]
    if path == "/ocsp/" and body is not None:
        return ocsp_response_der(body)
    if match := _CRL_PATH.match(path):
        return crl_der(match.group(1))
    if match := _CA_PATH.match(path):
        return ca_certificate_der(match.group(1))
    raise LookupError(f"unknown PKI URL {url}")


def guarded(transport=pki_fetch) -> GuardedFetch:
    """A fetch for ONE verification or signing, held to QLVB_REVOCATION_* (allow-listed hosts, at
    most so many URLs, a timeout per request and a time budget); ``transport`` does the requests."""
    return GuardedFetch(transport, conf.revocation_limits())


def revocation_fetch() -> GuardedFetch:
    """How CRLs and OCSP answers are fetched, anew for each verification: this app's own PKI URLs
    are answered in process (no HTTP request to itself), other allow-listed URLs over HTTP."""
    return guarded(pki_fetch)
