"""Two-phase signing with a key the server never holds (USB token agent, remote signing).

``external_session_create`` lays out the leader's signature on the version the caller hands over
and stores the session, bound to the signer and that version, until it expires; the agent signs the
digest; ``external_session_lock`` and ``external_signature_make`` embed the signature and the
timestamp, and ``external_session_close`` marks the session done once the caller has stored the
new version. Documents runs these for its files (documents.services.signing).
"""

import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden
from qlvb.services.audit import audit_record
from signatures import conf
from signatures.errors import SignatureError, SignatureServiceError
from signatures.models import ExternalSigningSession, SignatureRecord, SigningKey
from signatures.pdf import external, signing
from signatures.pdf.appearance import Placement
from signatures.permissions import require_leader
from signatures.pki.tsa import http_timestamper
from signatures.selectors.certificates import certificate_issuer_chain, certificate_x509
from signatures.services.custody import check_key_usable
from signatures.services.files import intact_bytes
from signatures.services.signing import Signature, personal_key, signature_png, signing_policy


@transaction.atomic
def external_session_create(
    *, actor, organization, source, placement: Placement | None = None, on_behalf_of=None
) -> ExternalSigningSession:
    """Prepare the leader's signature on the version ``source`` of a file of ``organization`` for
    the actor's external key; the session's ``digest`` (base64 SHA-256) is what the signing agent
    signs (RSA PKCS#1 v1.5)."""
    require_leader(actor=actor, organization=organization, on_behalf_of=on_behalf_of)
    key = personal_key(actor, custodies=(SigningKey.Custody.EXTERNAL,))
    check_key_usable(key)
    image = signature_png(actor)
    pdf = intact_bytes(source)
    cert = certificate_x509(key.certificate)
    look = signing.leader_appearance(pdf, image, signer_name=actor.full_name or key.certificate.subject_cn, placement=placement)
    session, digest = external.prepare(
        pdf,
        cert,
        chain=certificate_issuer_chain(cert=cert),
        policy=signing_policy(),
        appearance=look,
        field_prefix=signing.LEADER_PREFIX,
    )
    row = ExternalSigningSession.objects.create(
        user=actor,
        on_behalf_of=on_behalf_of if on_behalf_of not in (None, actor) else None,
        source_file=source,
        signing_key=key,
        state=session.to_dict(),
        digest=digest,
        expires_at=timezone.now() + conf.external_session_ttl(),
    )
    audit_record(
        action=AuditAction.DOCUMENT_FILE_EXTERNAL_PREPARE,
        actor=actor,
        on_behalf_of=row.on_behalf_of,
        organization=organization,
        obj=source,
        data={"session": str(row.pk), "field_name": session.field_name, "expires_at": row.expires_at},
    )
    return row


def external_session_lock(*, actor, session_id) -> ExternalSigningSession:
    """Inside a transaction: the actor's session, locked, still open and not expired."""
    try:
        pk = uuid.UUID(str(session_id))
    except ValueError:
        pk = None
    row = (
        ExternalSigningSession.objects.select_for_update()
        .select_related("signing_key__certificate", "source_file")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if row is None:
        raise SignatureServiceError(
            f"no external signing session {session_id}", code=SignatureError.SESSION_NOT_FOUND
        )
    if row.user_id != actor.pk:
        raise Forbidden(SignatureError.SESSION_NOT_YOURS)
    if row.completed_at is not None:
        raise SignatureServiceError(
            f"session {pk} already completed", code=SignatureError.SESSION_COMPLETED
        )
    if row.expires_at <= timezone.now():
        raise SignatureServiceError(
            f"session {pk} expired", code=SignatureError.SESSION_EXPIRED
        )
    return row


def external_signature_make(*, actor, organization, session: ExternalSigningSession, signature_b64: str) -> Signature:
    """Embed the agent's signature (base64) and the timestamp into the prepared file of ``session``
    (locked by :func:`external_session_lock`; ``organization`` owns its file)."""
    _membership, delegation = require_leader(
        actor=actor, organization=organization, on_behalf_of=session.on_behalf_of
    )
    check_key_usable(session.signing_key)
    signed = external.complete(
        external.ExternalSession.from_dict(session.state),
        signature_b64,
        timestamper=http_timestamper(conf.tsa_url(), timeout=conf.tsa_timeout()),
        allow_without_timestamp=conf.allow_without_timestamp(),
    )
    return Signature(
        SignatureRecord.Kind.LEADER, signed, actor, session.signing_key,
        on_behalf_of=session.on_behalf_of if delegation else None, delegation=delegation,
    )


def external_session_close(*, session: ExternalSigningSession, record: SignatureRecord) -> ExternalSigningSession:
    """The session is done: it points at the signed version, and the prepared copy is dropped."""
    session.completed_at = timezone.now()
    session.signed_file = record.signed_file
    session.state = {}  # the prepared copy is no longer needed once the signed version exists
    session.save(update_fields=["completed_at", "signed_file", "state"])
    return session


@transaction.atomic
def external_session_purge(*, now: datetime | None = None) -> int:
    """Delete the sessions that expired without being completed."""
    now = now or timezone.now()
    deleted, _ = ExternalSigningSession.objects.filter(completed_at__isnull=True, expires_at__lte=now).delete()
    if deleted:
        audit_record(action=AuditAction.EXTERNAL_SESSION_PURGE, data={"deleted": deleted})
    return deleted
