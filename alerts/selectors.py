"""The conditions the alerts, the daily report and the dashboards look for, as one set of queries.

Each function takes `now` (so a test can freeze the clock) and an optional set of organization
ids (None: every organization); the rules turn the rows into alerts, the report lists them.
The rows are operational facts (which document, its number, state and times); whatever shows a
document's subject to a person goes through Document.objects.visible_to (documents.access).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from documents.literals import Direction
from documents.models import Assignment, Document, DocumentFile
from interchange.models import Inbound, MessageKind, Outbound, Recipient
from qlvb.access import memberships
from qlvb.models import Membership, Organization, Role
from signatures.models import Certificate, FileVerification

from . import conf
from .deadlines import Deadlines, local_date
from .models import Alert

OrgIds = set[int] | None

INCOMING_OPEN_STATES = [Document.State.REGISTERED, Document.State.PRESENTED, Document.State.ASSIGNED,
                        Document.State.PROCESSING]


def _lookback(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=conf.get("LOOKBACK_DAYS"))


def _in_orgs(qs: QuerySet, org_ids: OrgIds, field_name: str = "organization_id") -> QuerySet:
    return qs if org_ids is None else qs.filter(**{f"{field_name}__in": org_ids})


def organization_scope(organization: Organization) -> set[int]:
    """The organization and every organization below it (a province covers its departments)."""
    ids = {organization.pk}
    frontier = [organization.pk]
    while frontier:
        frontier = list(Organization.objects.filter(parent_id__in=frontier).exclude(pk__in=ids)
                        .values_list("pk", flat=True))
        ids.update(frontier)
    return ids


def organ_ids_of(org_ids: OrgIds) -> list[str] | None:
    if org_ids is None:
        return None
    return list(Organization.objects.filter(pk__in=org_ids).values_list("organ_id", flat=True))


# --- sending ---------------------------------------------------------------------------------

def failed_outbounds(*, now: dt.datetime, org_ids: OrgIds = None, kind: str | None = MessageKind.EDOC) -> QuerySet:
    """Sends that ended failed: a permanent error, or every retry used up."""
    qs = Outbound.objects.filter(state=Outbound.State.FAILED, created_at__gte=_lookback(now), created_at__lte=now)
    if kind:
        qs = qs.filter(kind=kind)
    return _in_orgs(qs, org_ids).select_related("document", "organization").prefetch_related("recipients")


def recipients_not_arrived(*, now: dt.datetime, org_ids: OrgIds = None) -> QuerySet:
    """Axis recipients with no 01 (Đã đến) this long after the package left."""
    cutoff = now - conf.minutes("NOT_ARRIVED_MINUTES")
    qs = Recipient.objects.filter(
        channel=Recipient.Channel.AXIS, state=Recipient.State.SENT, outbound__state=Outbound.State.SENT,
        outbound__sent_at__lt=cutoff, outbound__sent_at__gte=_lookback(now),
    )
    return _in_orgs(qs, org_ids, "document__organization_id").select_related("document", "outbound")


def recipients_not_accepted(*, now: dt.datetime, org_ids: OrgIds = None) -> list[Recipient]:
    """Recipients that have the document (01) but sent neither 03 nor 02 by the end of the next working day."""
    qs = Recipient.objects.filter(
        channel__in=[Recipient.Channel.AXIS, Recipient.Channel.INTERNAL], state=Recipient.State.ARRIVED,
    ).filter(Q(outbound__sent_at__gte=_lookback(now)) | Q(outbound__isnull=True, updated_at__gte=_lookback(now)))
    qs = _in_orgs(qs, org_ids, "document__organization_id").select_related("document", "outbound")
    deadlines = Deadlines()
    late = []
    for recipient in qs:
        sent_at = _sent_at(recipient)
        if sent_at is not None and deadlines.accept_by(sent_at) < now:
            late.append(recipient)
    return late


def _sent_at(recipient: Recipient) -> dt.datetime | None:
    if recipient.outbound_id:
        return recipient.outbound.sent_at
    return recipient.document.dispatched_at or recipient.document.signed_at or recipient.document.created_at


def rejected_recipients(*, now: dt.datetime, org_ids: OrgIds = None) -> QuerySet:
    """Recipients that refused our document (02), unless it was sent to them again since."""
    resent = Recipient.objects.filter(document_id=OuterRef("document_id"), organ_id=OuterRef("organ_id"),
                                      pk__gt=OuterRef("pk"))
    qs = Recipient.objects.filter(state=Recipient.State.REJECTED, updated_at__gte=_lookback(now)).filter(
        ~Exists(resent))
    return _in_orgs(qs, org_ids, "document__organization_id").select_related("document")


def signed_not_dispatched(*, now: dt.datetime, org_ids: OrgIds = None) -> list[tuple[Document, dt.datetime]]:
    qs = Document.objects.filter(
        direction=Direction.OUTGOING, signed_at__isnull=False, dispatched_at__isnull=True, is_frozen=False,
        signed_at__gte=_lookback(now),
    ).exclude(state=Document.State.DISPATCHED)
    deadlines = Deadlines()
    late = []
    for document in _in_orgs(qs, org_ids).select_related("organization"):
        due = deadlines.dispatch_by(document.signed_at, document.urgency)
        if due < now:
            late.append((document, due))
    return late


# --- receiving -------------------------------------------------------------------------------

def failed_inbounds(*, now: dt.datetime, org_ids: OrgIds = None, since: dt.datetime | None = None) -> QuerySet:
    """Packages we could not read (acknowledged `fail` to the axis)."""
    qs = Inbound.objects.filter(state=Inbound.State.FAILED, received_at__gte=since or _lookback(now),
                                received_at__lte=now)
    organ_ids = organ_ids_of(org_ids)
    if organ_ids is not None:
        qs = qs.filter(to_organ_id__in=organ_ids)
    return qs.select_related("connection")


def rejected_by_us(*, now: dt.datetime, org_ids: OrgIds = None, since: dt.datetime | None = None) -> QuerySet:
    """Electronic documents our clerks refused (status 02)."""
    qs = Document.objects.filter(
        direction=Direction.INCOMING, state=Document.State.REJECTED,
        source__in=[Document.Source.AXIS, Document.Source.INTERNAL],
        received_at__gte=since or _lookback(now), received_at__lte=now,
    )
    return _in_orgs(qs, org_ids).select_related("organization")


def invalid_signature_documents(*, now: dt.datetime, org_ids: OrgIds = None,
                                since: dt.datetime | None = None) -> QuerySet:
    """Received documents whose latest check found a signature that is not valid."""
    latest = FileVerification.objects.filter(document_file=OuterRef("pk")).order_by("-checked_at", "-id")
    bad_files = DocumentFile.objects.filter(document=OuterRef("pk")).annotate(
        latest_invalid=latest.values("invalid_signature")[:1]).filter(latest_invalid=True)
    qs = Document.objects.filter(direction=Direction.INCOMING, received_at__gte=since or _lookback(now),
                                 received_at__lte=now).filter(Exists(bad_files))
    return _in_orgs(qs, org_ids).select_related("organization")


def backlog_documents(*, now: dt.datetime, org_ids: OrgIds = None) -> list[tuple[Document, dt.datetime]]:
    """Tồn đọng: arrived but not registered (nor refused) past the deadline."""
    deadlines = Deadlines()
    # No deadline is earlier than the urgent one, nor (for the rest) than ~17 hours after arrival.
    earliest = min(conf.minutes("URGENT_BACKLOG_MINUTES"), dt.timedelta(hours=12))
    qs = Document.objects.filter(direction=Direction.INCOMING, state=Document.State.ARRIVED, is_frozen=False,
                                 received_at__lt=now - earliest)
    late = []
    for document in _in_orgs(qs, org_ids).select_related("organization").order_by("received_at"):
        due = deadlines.register_by(document.received_at, document.urgency)
        if due < now:
            late.append((document, due))
    return late


STATUS_LABELS = {"01": "01 (Đã đến)", "02": "02 (Từ chối tiếp nhận)", "03": "03 (Đã tiếp nhận)"}


@dataclass
class OwedStatus:
    document: Document
    codes: list[str] = field(default_factory=list)  # what to send; "03/02" = a decision is due

    @property
    def label(self) -> str:
        names = [STATUS_LABELS.get(c, "03 hoặc 02 (vào sổ hoặc từ chối)" if c == "03/02" else c)
                 for c in self.codes]
        return ", ".join(names)


def statuses_sent(document_ids: list[int]) -> dict[int, set[str]]:
    """Status codes sent (or on their way) to the sender, per incoming document."""
    sent: dict[int, set[str]] = {}
    rows = (Outbound.objects.filter(kind=MessageKind.STATUS, document_id__in=document_ids)
            .exclude(state=Outbound.State.FAILED).values_list("document_id", "status_code"))
    for document_id, code in rows:
        sent.setdefault(document_id, set()).add(code)
    return sent


def status_owed(*, now: dt.datetime, org_ids: OrgIds = None) -> list[OwedStatus]:
    """Axis documents we received and have not told the sender what the law expects:
    01 on arrival (the same day), 03 after registering, 02 after refusing, and a decision
    (03 or 02) by the end of the next working day."""
    grace = conf.minutes("STATUS_GRACE_MINUTES")
    deadlines = Deadlines()
    qs = Document.objects.filter(
        direction=Direction.INCOMING, source=Document.Source.AXIS, issuer__isnull=False, is_frozen=False,
        received_at__gte=_lookback(now), received_at__lt=now - grace,
    ).exclude(state=Document.State.RECALLED)
    documents = list(_in_orgs(qs, org_ids).select_related("organization").order_by("received_at"))
    sent = statuses_sent([d.pk for d in documents])
    owed = []
    for document in documents:
        have = sent.get(document.pk, set())
        codes = []
        if "01" not in have:
            codes.append("01")
        if document.state == Document.State.REJECTED:
            if "02" not in have:
                codes.append("02")
        elif document.registered_at is not None:
            if "03" not in have and document.registered_at < now - grace:
                codes.append("03")
        elif deadlines.register_by(document.received_at, document.urgency) < now:
            codes.append("03/02")
        if codes:
            owed.append(OwedStatus(document=document, codes=codes))
    return owed


def overdue_documents(*, now: dt.datetime, org_ids: OrgIds = None) -> list[tuple[Document, dt.date]]:
    """Incoming documents still being handled after their deadline (the document's or a lead assignment's)."""
    today = local_date(now)
    late_assignment = Assignment.objects.filter(document=OuterRef("pk"), role=Assignment.Role.LEAD,
                                                deadline__lt=today).exclude(state=Assignment.State.DONE)
    qs = Document.objects.filter(direction=Direction.INCOMING, state__in=INCOMING_OPEN_STATES,
                                 is_frozen=False).filter(Q(due_date__lt=today) | Exists(late_assignment))
    result = []
    for document in _in_orgs(qs, org_ids).select_related("organization").prefetch_related("assignments"):
        deadlines = [a.deadline for a in document.assignments.all()
                     if a.role == Assignment.Role.LEAD and a.deadline and a.state != Assignment.State.DONE]
        if document.due_date:
            deadlines.append(document.due_date)
        result.append((document, min(d for d in deadlines if d < today)))
    return result


# --- infrastructure --------------------------------------------------------------------------

def expiring_certificates(*, now: dt.datetime) -> QuerySet:
    """Signing certificates (people's and organizations') that expire within the threshold, or have."""
    horizon = now + dt.timedelta(days=conf.get("CERTIFICATE_EXPIRY_DAYS"))
    return (Certificate.objects.filter(kind__in=["personal", "organization"], revoked_at__isnull=True,
                                       not_after__lte=horizon, not_after__gte=now - dt.timedelta(days=30))
            .select_related("user", "organization").order_by("not_after"))


def stuck_outbox(*, now: dt.datetime) -> list[dict]:
    """Per connection: messages queued (or sending) for longer than the threshold."""
    cutoff = now - conf.minutes("OUTBOX_STUCK_MINUTES")
    rows = (Outbound.objects.filter(state__in=[Outbound.State.QUEUED, Outbound.State.SENDING], created_at__lt=cutoff)
            .select_related("connection").order_by("created_at"))
    by_connection: dict[int, dict] = {}
    for outbound in rows:
        entry = by_connection.setdefault(outbound.connection_id, {
            "connection": outbound.connection, "count": 0, "oldest": outbound.created_at, "outbounds": [],
            "last_error": "",
        })
        entry["count"] += 1
        if len(entry["outbounds"]) < 50:
            entry["outbounds"].append(outbound)
        entry["last_error"] = entry["last_error"] or outbound.last_error
    return list(by_connection.values())


# --- who hears about it ----------------------------------------------------------------------

def responsible_memberships(*, organization_id: int | None) -> QuerySet:
    """Clerks and admins of the organization and of the organizations above it; for a system
    condition, every admin."""
    qs = Membership.objects.filter(is_active=True, user__is_active=True).select_related("user")
    if organization_id is None:
        return qs.filter(roles__role=Role.ADMIN).distinct()
    chain = []
    org = Organization.objects.filter(pk=organization_id).first()
    while org is not None and org.pk not in chain:
        chain.append(org.pk)
        org = org.parent
    return qs.filter(organization_id__in=chain, roles__role__in=[Role.CLERK, Role.ADMIN]).distinct()


def managed_scope(user) -> tuple[set[int], bool]:
    """(organizations whose alerts `user` handles, whether they also handle system conditions).

    Clerks and admins handle their organization and the organizations below it; admins (and
    staff) also handle conditions of the whole system."""
    org_ids: set[int] = set()
    is_admin = bool(user.is_staff)
    for m in memberships(user):
        roles = m.role_set
        if roles & {Role.CLERK, Role.ADMIN}:
            org_ids |= organization_scope(m.organization)
        is_admin = is_admin or Role.ADMIN in roles
    return org_ids, is_admin


def alert_scope_q(user) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    org_ids, is_admin = managed_scope(user)
    q = Q(organization_id__in=org_ids)
    if is_admin:
        q |= Q(organization__isnull=True)
    return q


def alert_list(*, user, state: str | None = None, active: bool = False, rule: str | None = None,
               organization_id: int | None = None) -> QuerySet:
    qs = Alert.objects.filter(alert_scope_q(user)).select_related("organization")
    if active:
        qs = qs.exclude(state=Alert.State.RESOLVED)
    if state:
        qs = qs.filter(state=state)
    if rule:
        qs = qs.filter(rule=rule)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    return qs.order_by("-severity", "-opened_at")


def can_manage_organization(user, organization_id: int | None) -> bool:
    """Whether `user` may act on alerts of this organization (None: a system condition)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    org_ids, is_admin = managed_scope(user)
    return is_admin if organization_id is None else organization_id in org_ids


def report_organizations(*, user) -> list[Organization]:
    """Organizations whose daily reports a person reads: where they are a clerk or an admin, with
    the organizations below; every hosted one for superusers and staff."""
    if user.is_superuser or user.is_staff:
        return list(Organization.objects.filter(hosted=True).order_by("name"))
    ids, _ = managed_scope(user)
    return list(Organization.objects.filter(pk__in=ids, hosted=True).order_by("name"))


def dashboard_organizations(*, user) -> list[Organization]:
    """Organizations whose dashboards and KPIs a person sees: where they are an admin, with the
    organizations below; every hosted one for superusers and staff."""
    if user.is_superuser or user.is_staff:
        return list(Organization.objects.filter(hosted=True).order_by("name"))
    ids: set[int] = set()
    for m in memberships(user):
        if Role.ADMIN in m.role_set:
            ids |= organization_scope(m.organization)
    return list(Organization.objects.filter(pk__in=ids, hosted=True).order_by("name"))


def kpi_organizations(*, user) -> list[Organization]:
    """Organizations whose monthly KPIs (seed 004) a person reads: those of the dashboards
    (admins, with the organizations below; staff), and their own organization for its leaders
    (lãnh đạo cơ quan), who answer for the figures — unit or no unit."""
    found = {o.pk: o for o in dashboard_organizations(user=user)}
    if not (user.is_superuser or user.is_staff):
        for m in memberships(user):
            if Role.LEADER in m.role_set and m.organization.hosted:
                found.setdefault(m.organization_id, m.organization)
    return sorted(found.values(), key=lambda o: o.name)
