"""Core models: organizations and units, people and roles, delegation, calendar, audit."""

from .audit import AuditAnchor, AuditEvent, AuditHead
from .calendar import CalendarDay
from .delegation import Delegation, SigningForm
from .health import Heartbeat
from .organizations import Organization, Unit, validate_organ_id
from .people import Membership, MembershipRole, Role, User

__all__ = [
    "AuditAnchor",
    "AuditEvent",
    "AuditHead",
    "CalendarDay",
    "Delegation",
    "Heartbeat",
    "Membership",
    "MembershipRole",
    "Organization",
    "Role",
    "SigningForm",
    "Unit",
    "User",
    "validate_organ_id",
]
