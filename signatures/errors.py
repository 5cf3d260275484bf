"""Typed errors of the signing core.

Every error carries an English message for logs (its ``str()``), a stable ``code`` from
SignatureError and the ``params`` of its message; ``user_message`` is that message in the active
language (Vietnamese on the screens), translated by gettext (see qlvb.errors).
"""

from django.utils.translation import gettext_lazy as _

from qlvb.errors import ErrorCode, render
from signatures.pki.errors import (  # noqa: F401 - the errors, for the Django side
    CertificateNotUsableError,
    ExternalSignatureError,
    InvalidPdfError,
    KeyAccessError,
    KeyLockedError,
    LeaderSignatureRequiredError,
    RevocationInfoUnavailableError,
    SignatureServiceError,
    SigningBlockNotFoundError,
    TimestampUnavailableError,
    WrongPinError,
)


class SignatureError(ErrorCode):
    # the kinds of error below, as they say it by default
    SIGNING_FAILED = "signing_failed", _("The signing operation could not be done.")
    WRONG_PIN = "wrong_pin", _("Wrong PIN.")
    KEY_LOCKED = "key_locked", _("The key is locked after too many wrong PINs.")
    KEY_ACCESS = "key_access", _("The signing key or the certificate cannot be used.")
    CERTIFICATE_NOT_USABLE = "certificate_not_usable", _("The signer's certificate is no longer valid.")
    TIMESTAMP_UNAVAILABLE = "timestamp_unavailable", _(
        "The timestamp authority cannot be reached; nothing was signed.")
    REVOCATION_INFO_UNAVAILABLE = "revocation_info_unavailable", _(
        "The certificate's revocation status (CRL/OCSP) cannot be obtained; nothing was signed.")
    SIGNING_BLOCK_NOT_FOUND = "signing_block_not_found", _(
        "The signer's title and name are not in the document; choose where the signature goes.")
    LEADER_SIGNATURE_REQUIRED = "leader_signature_required", _(
        "The document has no valid signature of its signer yet; the clerk may not apply the organization's "
        "signature.")
    INVALID_PDF = "invalid_pdf", _("The file is not a valid PDF.")
    EXTERNAL_SIGNATURE_INVALID = "external_signature_invalid", _(
        "The signature from the device does not fit the request.")
    CERTIFICATE_FILE_INVALID = "certificate_file_invalid", _(
        "The file holds no valid certificate (PEM, DER or P7B are accepted).")

    # the certificate
    CERTIFICATE_REVOKED = "certificate_revoked", _("The certificate was revoked.")
    CERTIFICATE_EXPIRED = "certificate_expired", _("The certificate has expired.")
    CERTIFICATE_NOT_YET_VALID = "certificate_not_yet_valid", _("The certificate is not valid yet.")
    CERTIFICATE_UNTRUSTED = "certificate_untrusted", _(
        "The certificate was not issued by a trusted certification authority.")
    CERTIFICATE_EXPIRED_AT = "certificate_expired_at", _("The certificate expired at %(at)s.")
    CERTIFICATE_NOT_YET_VALID_FROM = "certificate_not_yet_valid_from", _(
        "The certificate is not valid yet (from %(at)s).")
    CERTIFICATE_REVOKED_REGISTER_NEW = "certificate_revoked_register_new", _(
        "The certificate was revoked; an administrator must register a new one.")
    LEADER_SIGNATURE_INVALID = "leader_signature_invalid", _(
        "The signer's signature is not valid (%(summary)s); the clerk may not apply the organization's signature.")

    # keys and images the signer needs
    KEY_ON_DEVICE = "key_on_device", _(
        "Your key is on your own device: use external signing (prepare, then complete).")
    KEY_IS_EXTERNAL = "key_is_external", _(
        "This key is on the signer's device: sign with the signing application on your computer.")
    NO_PERSONAL_KEY = "no_personal_key", _(
        "You have no signing key in the system; an administrator must register your certificate.")
    NO_ORGANIZATION_KEY = "no_organization_key", _("%(organization)s has no organization signing key in the system.")
    NO_SIGNATURE_IMAGE = "no_signature_image", _(
        "You have no signature image in the system; an administrator must add it.")
    NO_SEAL_IMAGE = "no_seal_image", _("%(organization)s has no seal image in the system.")
    KEY_INACTIVE = "key_inactive", _("The signing key is no longer in use or its certificate was revoked.")
    KEY_LOCKED_AFTER = "key_locked_after", _(
        "The key is locked after %(attempts)s wrong PINs in a row; an administrator must unlock it.")
    STAMP_TEXT_REQUIRED = "stamp_text_required", _(
        "The document has no number and symbol yet: enter the text to stamp on the attachment.")

    # the files signed
    FILE_SUPERSEDED = "file_superseded", _("This file has a newer (signed) version; work on the newest one.")
    FILE_HASH_MISMATCH = "file_hash_mismatch", _(
        "The stored file does not match its recorded hash; it cannot be signed. Check the file.")

    # signing in two phases with a key on the signer's device
    SESSION_NOT_FOUND = "session_not_found", _("No such signing session.")
    SESSION_NOT_YOURS = "session_not_yours", _("This signing session is not yours.")
    SESSION_COMPLETED = "session_completed", _("The signing session is already completed.")
    SESSION_EXPIRED = "session_expired", _("The signing session has expired; sign again.")

    # who may sign
    NOT_A_MEMBER_OF = "not_a_member_of", _("You do not belong to %(organization)s.")
    LEADER_ONLY_SIGNS = "leader_only_signs", _("Only a leader of the organization, or their delegate, may sign.")
    NOT_A_LEADER = "not_a_leader", _("%(person)s is not a leader of %(organization)s.")
    NO_SIGNING_DELEGATION = "no_signing_delegation", _("You hold no active signing delegation from %(leader)s.")
    CLERK_ONLY_SEALS = "clerk_only_seals", _("Only a clerk of the organization may apply its signature.")
    NOT_KEY_ADMINISTRATOR = "not_key_administrator", _("You may not administer certificates and signing keys.")
    DELEGATOR_NOT_FOUND = "delegator_not_found", _("No such leader to sign on behalf of.")

    # whose seal goes over whose signature
    SEAL_KEY_NOT_AN_ORGANIZATION = "seal_key_not_an_organization", _(
        "The key is not an organization's seal key: its certificate names a person, %(holder)s.")
    SEAL_ORGANIZATION_MISMATCH = "seal_organization_mismatch", _(
        "The seal key belongs to %(seal_organization)s, but the signature under the seal is by a leader of "
        "%(leader_organization)s; an organization seals only its own documents.")
    LEADER_SIGNATURE_NOT_RECORDED = "leader_signature_not_recorded", _(
        "The signature under the seal is not the recorded signature of a leader of %(organization)s on this "
        "document.")

    # administering certificates and keys
    NOT_A_CA_CERTIFICATE = "not_a_ca_certificate", _(
        "The certificate “%(subject)s” is not a certification authority's (CA); choose the personal or "
        "organization kind.")
    CERTIFICATE_KIND_INVALID = "certificate_kind_invalid", _("Not a kind of certificate: %(kind)s.")
    NO_ROOT_CA = "no_root_ca", _("The file has no self-signed root CA certificate to trust.")
    REVOCATION_IN_FUTURE = "revocation_in_future", _("The revocation time cannot be in the future.")
    REVOCATION_REASON_INVALID = "revocation_reason_invalid", _("Not a reason of revocation: %(reason)s.")
    KEY_HOLDER_AMBIGUOUS = "key_holder_ambiguous", _(
        "A signing key belongs to exactly one signer or one organization.")
    PKCS12_PIN_REQUIRED = "pkcs12_pin_required", _(
        "Enter the PIN of the PKCS#12 file: a key kept on the server must be protected by a PIN.")
    PKCS12_WRONG_PIN = "pkcs12_wrong_pin", _("The PIN does not open the PKCS#12 file.")
    PKCS12_INVALID = "pkcs12_invalid", _(
        "The file is not a valid PKCS#12 key store (.p12, .pfx) or holds no key with its certificate.")
    SERVER_KEY_PIN_REQUIRED = "server_key_pin_required", _("A key kept on the server must be protected by a PIN.")
    FILE_CERTIFICATE_NOT_FOR_SIGNING = "file_certificate_not_for_signing", _(
        "The certificate in the file may not sign documents (it lacks non-repudiation).")
    CERTIFICATE_ALREADY_REVOKED = "certificate_already_revoked", _("This certificate has been revoked.")
    PKCS11_LABELS_REQUIRED = "pkcs11_labels_required", _(
        "A key on a PKCS#11 device needs a token label and a key label.")
    SERVER_KEY_BY_PKCS12 = "server_key_by_pkcs12", _("A key kept on the server is imported from a PKCS#12 file.")
    CERTIFICATE_CA_OR_REVOKED = "certificate_ca_or_revoked", _(
        "This certificate cannot sign documents (it is a CA's or was revoked).")
    CERTIFICATE_NOT_FOR_SIGNING = "certificate_not_for_signing", _(
        "The certificate may not sign documents (it lacks non-repudiation).")
    PIN_TOO_SHORT = "pin_too_short", _(
        "The PIN of a key kept on the server must have at least %(min_length)s characters.")
    PIN_TOO_SIMPLE = "pin_too_simple", _(
        "The PIN is too easy to guess (one repeated character, or a run such as 12345678); choose another.")
    PIN_UNCHANGED = "pin_unchanged", _("The new PIN must differ from the current one.")
    KEY_NOT_SERVER_HELD = "key_not_server_held", _("Only a key kept on the server has a PIN that can be changed here.")
    KEK_UNAVAILABLE = "kek_unavailable", _("The key store cannot be opened with the server's key-encryption key.")
    KEK_MISSING = "kek_missing", _(
        "The server has no key-encryption key configured: keys kept on the server cannot be used. "
        "Contact the administrator.")
    KEK_MISMATCH = "kek_mismatch", _(
        "The key store was sealed with a key-encryption key this server does not have (or was altered); "
        "nothing was signed. Contact the administrator.")
    IMAGE_TOO_LARGE = "image_too_large", _("The image is too large (2 MB at most).")
    IMAGE_NOT_PNG = "image_not_png", _("The file is not a valid PNG image.")
    IMAGE_NOT_TRANSPARENT = "image_not_transparent", _(
        "A signature or seal image must be a PNG with a transparent background.")


def _describe(code: SignatureError, params: dict, language: str | None) -> str:
    return render(code.label, params, language)


SignatureServiceError.describe_with(SignatureError, _describe)
