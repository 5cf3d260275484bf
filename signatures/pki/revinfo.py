"""Revocation information (CRL, OCSP) for certificate chains, and validation contexts.

Fetching goes through a ``Fetch`` callable, ``fetch(url, body) -> bytes``:
``body`` is None for a GET (CRL) and the DER request for an OCSP POST.
:func:`http_fetch` does it over HTTP; tests and in-process deployments pass
e.g. :meth:`signatures.pki.hosted.DemoPki.fetch` instead.
"""

import logging
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

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
FETCH_TIMEOUT = 10


def http_fetch(url: str, body: bytes | None = None) -> bytes:
    """GET ``url`` (CRL, certificate) or POST an OCSP request to it."""
    request = urllib.request.Request(url, data=body)
    if body is not None:
        request.add_header("Content-Type", "application/ocsp-request")
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 - URLs come from our CA
        return response.read()


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
