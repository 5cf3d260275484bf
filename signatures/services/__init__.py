"""Services of the signatures app: everything that writes (keyword-only, transactional, audited)."""

from signatures.services.custody import (
    pkcs12_import,
    server_key_store,
    signature_image_set,
    signing_key_change_pin,
    signing_key_deactivate,
    signing_key_register,
    signing_key_unlock,
)
from signatures.services.external_signing import external_session_purge
from signatures.services.trust import certificate_import, certificate_revoke
from signatures.services.verification import file_verify, rejection_reason

__all__ = [
    "certificate_import",
    "certificate_revoke",
    "external_session_purge",
    "file_verify",
    "pkcs12_import",
    "rejection_reason",
    "server_key_store",
    "signature_image_set",
    "signing_key_deactivate",
    "signing_key_register",
    "signing_key_change_pin",
    "signing_key_unlock",
]
