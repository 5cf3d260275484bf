"""Models of signatures: the trust store, key custody, signatures made, external signing sessions
and verification results."""

from signatures.models.certificates import Certificate
from signatures.models.keys import SignatureImage, SigningKey
from signatures.models.signing import ExternalSigningSession, SignatureRecord
from signatures.models.verification import FileVerification

__all__ = [
    "Certificate",
    "ExternalSigningSession",
    "FileVerification",
    "SignatureImage",
    "SignatureRecord",
    "SigningKey",
]
