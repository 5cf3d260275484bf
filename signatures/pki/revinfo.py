"""Revocation information (CRL, OCSP) for certificate chains, and validation contexts.

Fetching goes through a ``Fetch`` callable, ``fetch(url, body) -> bytes``:
``body`` is None for a GET (CRL) and the DER request for an OCSP POST.
:func:`http_fetch` does it over HTTP; tests and in-process deployments pass
e.g. :meth:`signatures.pki.hosted.DemoPki.fetch` instead.

URLs inside a certificate are chosen by whoever made the certificate, so a fetch made for a
verification goes through a :class:`GuardedFetch`: only hosts on an allow-list, at most so many
URLs, a short timeout per request and a time budget for all of them (:class:`FetchLimits`).
"""

import logging
import time
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtensionOID
from pyhanko_certvalidator import ValidationContext

from signatures.pki.errors import RevocationInfoUnavailableError
from signatures.pki.issuing import to_asn1
from signatures.pki.revocation import build_ocsp_request

log = logging.getLogger(__name__)

Fetch = Callable[[str, bytes | None], bytes]
# A transport also takes the seconds the request may last: http_fetch, or an in-process one.
Transport = Callable[[str, bytes | None, float], bytes]
FETCH_TIMEOUT = 10
MAX_RESPONSE_BYTES = 20 * 1024 * 1024  # a CRL of a large CA is a few MB


class RevocationFetchRefused(Exception):
    """A revocation URL that was not fetched: host not allowed, too many URLs, or no time left."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{reason}: {url}")
        self.url, self.reason = url, reason


def http_fetch(url: str, body: bytes | None = None, timeout: float = FETCH_TIMEOUT) -> bytes:
    """GET ``url`` (CRL, certificate) or POST an OCSP request to it, within ``timeout`` seconds
    in all (not per socket read: a server that drips its answer is cut off too)."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise RevocationFetchRefused(url, "scheme")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, data=body)
    if body is not None:
        request.add_header("Content-Type", "application/ocsp-request")
    chunks, size = [], 0
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
        while chunk := response.read1(64 * 1024):  # one receive at a time, so the deadline holds
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise ValueError(f"answer of {url} larger than {MAX_RESPONSE_BYTES} bytes")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer within {timeout} s")
            chunks.append(chunk)
    return b"".join(chunks)


def host_key(url: str) -> tuple[str, int | None]:
    """The (host, port) of ``url``; port None when the URL names none."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1  # malformed: matches no allow-list entry with a port
    return (parts.hostname or "").lower(), port


def parse_allowed_hosts(entries: Iterable[str]) -> frozenset[tuple[str, int | None]]:
    """``host`` (any port) or ``host:port`` entries (IPv6 in brackets: ``[::1]:8000``)."""
    allowed = set()
    for entry in entries:
        entry = entry.strip()
        if entry:
            allowed.add(host_key(f"http://{entry}/"))
    return frozenset(allowed)


@dataclass(frozen=True)
class FetchLimits:
    """What one verification may fetch: hosts allowed, how many URLs, seconds per request and in all."""

    allowed_hosts: frozenset[tuple[str, int | None]]
    max_urls: int = 8
    timeout: float = 5.0
    budget: float = 15.0

    def allows(self, url: str) -> bool:
        host, port = host_key(url)
        return bool(host) and ((host, None) in self.allowed_hosts or (host, port) in self.allowed_hosts)


class GuardedFetch:
    """A :data:`Fetch` for one verification that keeps to its :class:`FetchLimits`.

    A URL refused (host not allowed, cap reached, budget spent) raises
    :class:`RevocationFetchRefused` without any request; the collectors treat it as an unreachable
    URL, so revocation is reported as not checked. Answers are remembered, so a CRL named by several
    certificates or signatures is fetched once. ``attempts`` and ``refused`` say what happened.
    """

    def __init__(self, transport: Transport, limits: FetchLimits, *, clock: Callable[[], float] = time.monotonic):
        self.transport, self.limits, self.clock = transport, limits, clock
        self.started = clock()
        self.attempts: list[str] = []
        self.refused: list[tuple[str, str]] = []
        self._answers: dict[tuple[str, bytes | None], bytes] = {}

    def _refuse(self, url: str, reason: str) -> RevocationFetchRefused:
        if (url, reason) not in self.refused:
            self.refused.append((url, reason))
        log.warning("revocation URL not fetched (%s): %s", reason, url)
        return RevocationFetchRefused(url, reason)

    def __call__(self, url: str, body: bytes | None = None) -> bytes:
        key = (url, body)
        if key in self._answers:
            return self._answers[key]
        if not self.limits.allows(url):
            raise self._refuse(url, "host_not_allowed")
        if len(self.attempts) >= self.limits.max_urls:
            raise self._refuse(url, "too_many_urls")
        remaining = self.limits.budget - (self.clock() - self.started)
        if remaining <= 0:
            raise self._refuse(url, "time_budget_spent")
        self.attempts.append(url)
        answer = self.transport(url, body, min(self.limits.timeout, remaining))
        self._answers[key] = answer
        return answer

    def report(self) -> dict:
        """What a verification record keeps about the fetching (JSON)."""
        return {
            "attempted": len(self.attempts),
            "refused": [{"url": url[:200], "reason": reason} for url, reason in self.refused[:20]],
        }


@dataclass
class RevocationData:
    """DER CRLs and OCSP responses gathered for a set of certificates."""

    crls: list[bytes] = field(default_factory=list)
    ocsps: list[bytes] = field(default_factory=list)

    def extend(self, other: "RevocationData") -> None:
        self.crls.extend(c for c in other.crls if c not in self.crls)
        self.ocsps.extend(o for o in other.ocsps if o not in self.ocsps)


def _urls(cert: x509.Certificate) -> tuple[list[str], list[str]]:
    crl_urls: list[str] = []
    ocsp_urls: list[str] = []
    try:
        for point in cert.extensions.get_extension_for_oid(ExtensionOID.CRL_DISTRIBUTION_POINTS).value:
            crl_urls += [
                n.value for n in point.full_name or () if isinstance(n, x509.UniformResourceIdentifier)
            ]
    except x509.ExtensionNotFound:
        pass
    try:
        for access in cert.extensions.get_extension_for_oid(ExtensionOID.AUTHORITY_INFORMATION_ACCESS).value:
            if access.access_method == AuthorityInformationAccessOID.OCSP:
                ocsp_urls.append(access.access_location.value)
    except x509.ExtensionNotFound:
        pass
    return crl_urls, ocsp_urls


def _fetch_ocsp(cert: x509.Certificate, issuer: x509.Certificate, url: str, fetch: Fetch) -> bytes | None:
    try:
        answer = fetch(url, build_ocsp_request(cert, issuer))
        if ocsp.load_der_ocsp_response(answer).response_status is ocsp.OCSPResponseStatus.SUCCESSFUL:
            return answer
    except Exception as exc:  # noqa: BLE001 - any transport error means "try the CRL"
        log.info("OCSP at %s failed: %s", url, exc)
    return None


def _fetch_crl(url: str, fetch: Fetch) -> bytes | None:
    try:
        data = fetch(url, None)
        x509.load_der_x509_crl(data)
        return data
    except Exception as exc:  # noqa: BLE001
        log.info("CRL at %s failed: %s", url, exc)
        return None


def collect_revocation_data(
    certs: Iterable[x509.Certificate], fetch: Fetch, *, required: bool = True, crl_too: bool = False
) -> RevocationData:
    """OCSP (preferred) or CRL for every certificate whose issuer is among ``certs``.

    With ``required``, a certificate that advertises revocation URLs none of
    which answer raises :class:`RevocationInfoUnavailableError`. With
    ``crl_too`` the CRL is fetched even when OCSP answered: a verifier looking
    at a past moment needs it, because an OCSP "revoked" answer dated after
    that moment proves nothing either way, while a CRL does.
    """
    certs = list({c.fingerprint(hashes.SHA256()): c for c in certs}.values())
    by_subject = {c.subject: c for c in certs}
    data = RevocationData()
    for cert in certs:
        issuer = by_subject.get(cert.issuer)
        if issuer is None or cert.issuer == cert.subject:
            continue
        crl_urls, ocsp_urls = _urls(cert)
        answer = next((a for a in (_fetch_ocsp(cert, issuer, u, fetch) for u in ocsp_urls) if a), None)
        if answer:
            data.ocsps.append(answer)
            if not crl_too:
                continue
        crl = next((c for c in (_fetch_crl(u, fetch) for u in crl_urls) if c), None)
        if crl:
            if crl not in data.crls:
                data.crls.append(crl)
        elif required and not answer and (crl_urls or ocsp_urls):
            raise RevocationInfoUnavailableError(
                f"no revocation information reachable for {cert.subject.rfc4514_string()}"
            )
    return data


def validation_context(
    trust_roots: Iterable[x509.Certificate],
    *,
    other_certs: Iterable[x509.Certificate | asn1_x509.Certificate] = (),
    revocation: RevocationData | None = None,
    moment: datetime | None = None,
    require_revocation: bool = False,
) -> ValidationContext:
    """A pyhanko-certvalidator context that never goes to the network by itself.

    ``moment`` validates at that point in time (the timestamp of a signature);
    revocation data issued later still counts, so a CRL fetched today proves
    whether the certificate was revoked at ``moment``.
    """
    revocation = revocation or RevocationData()
    others = [c if isinstance(c, asn1_x509.Certificate) else to_asn1(c) for c in other_certs]
    return ValidationContext(
        trust_roots=[to_asn1(c) for c in trust_roots],
        other_certs=others,
        crls=list(revocation.crls),
        ocsps=list(revocation.ocsps),
        allow_fetching=False,
        revocation_mode="hard-fail" if require_revocation else "soft-fail",
        moment=moment,
        retroactive_revinfo=moment is not None,
    )
