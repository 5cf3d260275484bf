"""Small factories for tests: organizations, people with roles, documents."""

from __future__ import annotations

import itertools

from documents.models import Document, DocumentType
from qlvb.models import Organization, Unit, User
from qlvb.services.people import organization_upsert, person_upsert, unit_upsert

_seq = itertools.count(1)


def make_org(short: str = "UBND", name: str | None = None, organ_id: str | None = None, **fields) -> Organization:
    n = next(_seq)
    return organization_upsert(
        organ_id=organ_id or f"000.00.{n % 100:02d}.H{(n // 100) % 100:02d}",
        name=name or f"Cơ quan thử nghiệm {n}", short_name=short, hosted=True, **fields,
    )


def make_unit(org: Organization, abbreviation: str = "VP", name: str = "Văn phòng") -> Unit:
    return unit_upsert(organization=org, abbreviation=abbreviation, name=name)


def make_user(org: Organization, roles: list[str], *, unit: Unit | None = None, username: str | None = None,
              password: str = "Mat-khau-thu-1", secret_clearance: bool = False, full_name: str = "") -> User:
    username = username or f"user{next(_seq)}"
    return person_upsert(username=username, full_name=full_name or username, organization=org, roles=roles,
                         unit=unit, password=password, secret_clearance=secret_clearance)


def make_document(org: Organization, *, direction: str = "in", secrecy: int = 0, unit: Unit | None = None,
                  created_by: User | None = None, subject: str = "Về việc thử nghiệm") -> Document:
    return Document.objects.create(
        organization=org, direction=direction, document_type=DocumentType.objects.get(code="cong-van"),
        subject=subject, secrecy=secrecy, unit=unit, created_by=created_by,
    )


def make_authenticator(user: User):
    """A confirmed authenticator app (django-otp TOTP device) for `user`."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)


def totp_code(device, steps_ahead: int = 0) -> str:
    """What the person's app shows now (or `steps_ahead` periods of 30 s later), computed with pyotp
    from the device's key — as an independent authenticator app would."""
    import base64
    import time

    import pyotp

    totp = pyotp.TOTP(base64.b32encode(device.bin_key).decode())
    return totp.at(time.time() + 30 * steps_ahead)


def login_verified(client, user, device=None):
    """Log `user` in as if they had passed the password and the second factor (makes a device if needed)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = device or make_authenticator(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
