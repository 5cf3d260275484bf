"""The demo PKI in the database: the CA hierarchy this system runs, and a server-held key with its
signature or seal image for every demo leader and organization (``manage.py pki_init``)."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from qlvb.audit_actions import AuditAction
from qlvb.demo.cast import ORGANIZATIONS, PEOPLE
from qlvb.models import Membership, Organization, User
from qlvb.services.audit import audit_record
from signatures import conf
from signatures.models import Certificate, SignatureImage, SigningKey
from signatures.pki import images
from signatures.pki.hosted import DemoPki, load_demo_pki, write_demo_hierarchy
from signatures.pki.issuing import issue_organization, issue_person
from signatures.pki.pkcs12 import new_pin
from signatures.services.custody import server_key_pkcs12, server_key_store
from signatures.services.trust import certificate_store


@dataclass
class IssuedKey:
    """A key store made for the demo, with what its holder needs to use it."""

    name: str  # file stem: the username of a leader, the organ id of an organization
    kind: str  # "leader" or "seal"
    holder: str
    pin: str = field(repr=False)
    pkcs12: bytes = field(repr=False)  # the PKCS#12 under the PIN (what the database keeps is it sealed)
    serial: str = ""


def hosted_pki_open(*, base_url: str | None = None, reset: bool = False) -> tuple[DemoPki, bool]:
    """The CA hierarchy in QLVB_PKI_DIR, created when missing (or when ``reset``); returns it and
    whether it was created now."""
    directory: Path = conf.pki_dir()
    base_url = (base_url or conf.pki_base_url()).rstrip("/")
    if (directory / "pki.json").exists() and not reset:
        return load_demo_pki(directory), False
    return write_demo_hierarchy(directory, base_url=base_url), True


@transaction.atomic
def hosted_pki_register(*, authority: DemoPki, actor=None) -> None:
    """Trust the hosted root; know its issuing CA, timestamp authority and OCSP responder."""
    certificate_store(authority.root.cert, kind=Certificate.Kind.TRUST_ANCHOR, actor=actor)
    certificate_store(authority.issuing.cert, kind=Certificate.Kind.INTERMEDIATE, actor=actor)
    certificate_store(authority.tsa.cert, kind=Certificate.Kind.SERVICE, actor=actor)
    certificate_store(authority.ocsp.cert, kind=Certificate.Kind.SERVICE, actor=actor)
    audit_record(
        action=AuditAction.PKI_REGISTER,
        actor=actor,
        data={"root": authority.root.cert.subject.rfc4514_string(), "base_url": authority.urls.base_url},
    )


def _has_current_key(authority: DemoPki, **holder) -> bool:
    return SigningKey.objects.filter(
        custody=SigningKey.Custody.SERVER,
        is_active=True,
        certificate__issuer=authority.issuing.cert.subject.rfc4514_string(),
        certificate__revoked_at__isnull=True,
        **holder,
    ).exists()


def _new_pin() -> str:
    """Ten random digits, not a run or a repeat: above the PIN policy's minimum (8)."""
    return new_pin()


def _demo_leaders() -> list[tuple[str, User, Membership]]:
    leaders = []
    for username, _full_name, organ_id, _unit, _title, roles in PEOPLE:
        if "leader" not in roles:
            continue
        membership = (
            Membership.objects.filter(user__username=username, organization__organ_id=organ_id, is_active=True)
            .select_related("user", "organization")
            .first()
        )
        if membership is not None:
            leaders.append((username, membership.user, membership))
    return leaders


@transaction.atomic
def demo_keys_issue(*, authority: DemoPki, reissue: bool = False, actor=None) -> list[IssuedKey]:
    """A personal signing key for every demo leader and a seal key for every demo organization
    present in the database, issued by the hosted CA and kept as server-held keys.

    Holders that already have a current key keep it unless ``reissue``. Missing signature and
    seal images are drawn; images already there (perhaps real scans) are kept.
    """
    issued: list[IssuedKey] = []
    for username, user, membership in _demo_leaders():
        if not reissue and _has_current_key(authority, user=user):
            continue
        credential = issue_person(
            authority.issuing,
            authority.urls,
            full_name=user.full_name or username,
            organization=membership.organization.name,
            title=membership.position_title or None,
            slug=username,
        )
        pin = _new_pin()
        key = server_key_store(actor=actor, credential=credential, pin=pin, user=user)
        if not SignatureImage.objects.filter(user=user).exists():
            SignatureImage.objects.create(
                kind=SignatureImage.Kind.SIGNATURE, user=user, png=images.signature_png(user.full_name or username)
            )
        issued.append(
            IssuedKey(username, "leader", str(user), pin, server_key_pkcs12(key), key.certificate.serial)
        )
    for organ_id, *_rest in ORGANIZATIONS:
        organization = Organization.objects.filter(organ_id=organ_id).first()
        if organization is None or (not reissue and _has_current_key(authority, organization=organization)):
            continue
        credential = issue_organization(authority.issuing, authority.urls, name=organization.name, slug=organ_id)
        pin = _new_pin()
        key = server_key_store(actor=actor, credential=credential, pin=pin, organization=organization)
        if not SignatureImage.objects.filter(organization=organization).exists():
            SignatureImage.objects.create(
                kind=SignatureImage.Kind.SEAL, organization=organization, png=images.seal_png(organization.name)
            )
        issued.append(
            IssuedKey(organ_id, "seal", organization.name, pin, server_key_pkcs12(key), key.certificate.serial)
        )
    audit_record(
        action=AuditAction.PKI_DEMO_KEYS_ISSUE,
        actor=actor,
        data={"issued": [{"name": k.name, "kind": k.kind, "serial": k.serial} for k in issued]},
    )
    return issued
