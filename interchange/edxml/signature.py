"""The envelope's XML-DSig signature: signing, and telling real signatures from placeholders.

The axis does not verify envelope signatures and the public samples carry placeholders (a
Signature in the edXML namespace, a truncated certificate, a digest shared by unrelated files).
Legal validity rests on the signed PDF attachments. So verification reports one of four
results and leaves the decision to policy:

- ``VALID``: the signature checks out against the certificate it carries. Whether that
  certificate is trusted (chain, revocation, time) is for the caller to decide from ``certificate``.
- ``INVALID``: a real signature that does not match the content (tampered) or is malformed.
- ``PLACEHOLDER``: something shaped like a signature that cannot be one.
- ``ABSENT``: no Signature element (status messages, most gateway traffic).

We sign with RSA-SHA256 and exclusive c14n, enveloped, Reference URI="" (the whole package),
in ``edXMLHeader/Signature``. We verify rsa-sha1 too, and both c14n variants, as the samples use.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from enum import StrEnum

from cryptography import x509
from lxml import etree
from signxml import (
    CanonicalizationMethod,
    DigestAlgorithm,
    InvalidInput,
    SignatureConfiguration,
    SignatureMethod,
    XMLSigner,
    XMLVerifier,
)
from signxml.exceptions import InvalidCertificate, InvalidDigest, InvalidSignature, SignXMLException

from .errors import SigningError
from .limits import DEFAULT_LIMITS, Limits
from .namespaces import XMLDSIG_NS
from .xmlread import local_name
from .xmlsafe import check_package, parse_xml

# Digests found in the public samples on files of unrelated content: copied, not computed.
PLACEHOLDER_DIGESTS = frozenset(
    {
        "AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "FwgIqsSYJshUS2+wlOM61L+q7Aw=",
        "PrlYKdD8sksgnxFvUVtPIQ0pAqM=",
    }
)

_ACCEPTED_METHODS = frozenset(
    {
        SignatureMethod.RSA_SHA1,
        SignatureMethod.RSA_SHA256,
        SignatureMethod.RSA_SHA384,
        SignatureMethod.RSA_SHA512,
        SignatureMethod.ECDSA_SHA256,
        SignatureMethod.ECDSA_SHA384,
        SignatureMethod.ECDSA_SHA512,
    }
)
_ACCEPTED_DIGESTS = frozenset(
    {DigestAlgorithm.SHA1, DigestAlgorithm.SHA256, DigestAlgorithm.SHA384, DigestAlgorithm.SHA512}
)


class SignatureStatus(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    PLACEHOLDER = "placeholder"
    ABSENT = "absent"


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    status: SignatureStatus
    reason: str
    certificate: x509.Certificate | None = field(default=None, compare=False, repr=False)
    signature_method: str | None = None

    @property
    def signer(self) -> str | None:
        return self.certificate.subject.rfc4514_string() if self.certificate is not None else None


def verify_signature(data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> SignatureCheck:
    """Classify and, when it is a real signature, verify the envelope signature of a package."""
    check_package(data, limits)
    # The signature covers the attachments, so the tree must hold them whole; size and DTDs
    # have been checked above.
    root, _ = parse_xml(data, huge_tree=True, keep_comments=True)
    signatures = [el for el in root.iter() if local_name(el) == "Signature"]
    if not signatures:
        return SignatureCheck(SignatureStatus.ABSENT, "the package has no Signature element")
    element = signatures[0]
    if etree.QName(element).namespace != XMLDSIG_NS:
        return SignatureCheck(
            SignatureStatus.PLACEHOLDER,
            "Signature is not in the XML-DSig namespace (the official builder's placeholder)",
        )
    ds = {"ds": XMLDSIG_NS}
    method = element.find("ds:SignedInfo/ds:SignatureMethod", namespaces=ds)
    method_uri = method.get("Algorithm") if method is not None else None
    digests = [
        (d.text or "").strip()
        for d in element.iterfind("ds:SignedInfo/ds:Reference/ds:DigestValue", namespaces=ds)
    ]
    if any(_is_placeholder_digest(d) for d in digests):
        return SignatureCheck(
            SignatureStatus.PLACEHOLDER,
            "the digest is a known sample value, not computed",
            signature_method=method_uri,
        )
    certificate = _certificate(element)
    if certificate is None:
        return SignatureCheck(
            SignatureStatus.PLACEHOLDER,
            "the certificate is missing, truncated or unreadable",
            signature_method=method_uri,
        )
    if len(signatures) > 1:
        return SignatureCheck(
            SignatureStatus.INVALID, "the package has more than one Signature", certificate, method_uri
        )
    references = element.findall("ds:SignedInfo/ds:Reference", namespaces=ds)
    if len(references) != 1 or references[0].get("URI") != "":
        return SignatureCheck(
            SignatureStatus.INVALID,
            'the signature must have one Reference with URI="" (the whole package)',
            certificate,
            method_uri,
        )
    config = SignatureConfiguration(
        signature_methods=_ACCEPTED_METHODS,
        digest_algorithms=_ACCEPTED_DIGESTS,
        # Certificate validity and trust are policy, decided by the caller from the certificate.
        verification_time=certificate.not_valid_before_utc,
    )
    try:
        XMLVerifier().verify(data, x509_cert=certificate, expect_config=config, parser=_signature_parser())
    except (InvalidDigest, InvalidSignature) as exc:
        return SignatureCheck(
            SignatureStatus.INVALID,
            f"the signature does not match the content: {exc}",
            certificate,
            method_uri,
        )
    except (InvalidInput, InvalidCertificate, SignXMLException, etree.LxmlError, ValueError) as exc:
        return SignatureCheck(
            SignatureStatus.INVALID, f"the signature is malformed: {exc}", certificate, method_uri
        )
    return SignatureCheck(
        SignatureStatus.VALID,
        "the signature matches the content and its certificate",
        certificate,
        method_uri,
    )


def _is_placeholder_digest(value: str) -> bool:
    if value in PLACEHOLDER_DIGESTS:
        return True
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return True
    return not raw or not any(raw)


def _certificate(signature: etree._Element) -> x509.Certificate | None:
    text = signature.findtext(f".//{{{XMLDSIG_NS}}}X509Certificate")
    if not text or not text.strip():
        return None
    try:
        return x509.load_der_x509_certificate(base64.b64decode("".join(text.split()), validate=True))
    except (binascii.Error, ValueError):
        return None


class _Signer(XMLSigner):
    # signxml re-parses the document; ours may hold attachments beyond libxml2's default text limit.
    @property
    def parser(self) -> etree.XMLParser:
        return _signature_parser()


def _signature_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, collect_ids=False
    )


def sign(data: bytes, key_pem: bytes, cert_pem: bytes, *, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Sign a package (any existing Signature, e.g. a placeholder, is replaced)."""
    check_package(data, limits)
    root, _ = parse_xml(data, huge_tree=True, keep_comments=True)
    header = next((el for el in root.iter() if local_name(el) == "edXMLHeader"), None)
    if header is None:
        raise SigningError("the package has no edXMLHeader to hold the signature")
    position = len(header)
    for old in [child for child in header if local_name(child) == "Signature"]:
        position = min(position, header.index(old))
        header.remove(old)
    placeholder = etree.Element(f"{{{XMLDSIG_NS}}}Signature", Id="placeholder", nsmap={"ds": XMLDSIG_NS})
    header.insert(position, placeholder)
    signer = _Signer(
        signature_algorithm=SignatureMethod.RSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0,
    )
    try:
        signed = signer.sign(root, key=key_pem, cert=cert_pem)
    except (SignXMLException, ValueError, TypeError) as exc:
        raise SigningError(f"could not sign the package: {exc}") from exc
    # Keep the official layout (double-quoted declaration, CRLF). Line ends are safe to change:
    # XML parsers turn CRLF back into LF before canonicalisation, so the digest is unaffected.
    body = etree.tostring(signed, encoding="UTF-8").replace(b"\n", b"\r\n")
    return b'<?xml version="1.0" encoding="UTF-8"?>\r\n' + body + b"\r\n"
