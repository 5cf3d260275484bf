"""Services of the signatures app: everything that writes (keyword-only, transactional, audited)."""

from .custody import (
    pkcs12_import,
    server_key_store,
    signature_image_set,
    signing_key_deactivate,
    signing_key_register,
    signing_key_unlock,
)
from .external_signing import external_complete, external_prepare, external_session_purge
from .signing import file_seal, file_sign_as_leader, file_stamp_attachment
from .trust import certificate_import, certificate_revoke
from .verification import file_verify, rejection_reason

__all__ = [
    "certificate_import",
    "certificate_revoke",
    "external_complete",
    "external_prepare",
    "external_session_purge",
    "file_seal",
    "file_sign_as_leader",
    "file_stamp_attachment",
    "file_verify",
    "pkcs12_import",
    "rejection_reason",
    "server_key_store",
    "signature_image_set",
    "signing_key_deactivate",
    "signing_key_register",
    "signing_key_unlock",
]
