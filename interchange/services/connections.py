"""Which axis connection serves an organization, and a client for it."""

from __future__ import annotations

from django.conf import settings

from interchange.axis.client import AxisClient

from ..models import AxisConnection


class NoConnectionError(LookupError):
    def __init__(self, organization):
        super().__init__(f"no active axis connection serves organization {organization.organ_id}")
        self.user_message = f"{organization.name} chưa được cấu hình kết nối trục liên thông."


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
