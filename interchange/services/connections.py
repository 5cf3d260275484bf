"""Which axis connection serves an organization, and a client for it."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from interchange.axis.client import AxisClient
from interchange.errors import InterchangeError
from qlvb.errors import NotConfigured
from qlvb.models import Organization

from ..models import AxisConnection


class NoConnectionError(NotConfigured):
    """No active axis connection serves the organization; an administrator must configure one."""

    def __init__(self, organization):
        super().__init__(InterchangeError.NO_CONNECTION, organization=organization.name)


def connection_for(organization) -> AxisConnection:
    connection = AxisConnection.objects.filter(organizations=organization, is_active=True).order_by("pk").first()
    if connection is None:
        raise NoConnectionError(organization)
    return connection


def client_for(connection: AxisConnection) -> AxisClient:
    return AxisClient(
        connection.endpoint,
        system_id=connection.system_id,
        secret=connection.secret,
        connect_timeout=connection.connect_timeout,
        read_timeout=connection.read_timeout,
        file_path=str(settings.VAR_DIR),
    )


@transaction.atomic
def axis_connection_upsert(
    *, endpoint: str, system_id: str, secret: str, organ_ids: list[str], name: str = "", read_timeout: float = 60
) -> tuple[AxisConnection, bool]:
    """Create or update (by system id) the connection serving `organ_ids`, which become hosted."""
    orgs = list(Organization.objects.filter(organ_id__in=organ_ids))
    missing = set(organ_ids) - {o.organ_id for o in orgs}
    if missing:
        raise LookupError(f"unknown organizations: {', '.join(sorted(missing))}")
    connection, created = AxisConnection.objects.update_or_create(
        system_id=system_id,
        defaults={"endpoint": endpoint, "secret": secret, "name": name or system_id, "read_timeout": read_timeout,
                  "is_active": True},
    )
    connection.organizations.set(orgs)
    Organization.objects.filter(pk__in=[o.pk for o in orgs], hosted=False).update(hosted=True)
    return connection, created
