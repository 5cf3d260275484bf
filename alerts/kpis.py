"""Monthly KPIs of the BTTTT directive (seed 004), per organization and unit, against the target.

- Ký số: share of issued outgoing documents that were digitally signed (signed_at set). Hand-signed
  documents (source "paper", signed_at NULL: registered after a leader signed them on paper) are
  issued documents too: they count in the denominator, never in the numerator.
- Đơn vị ký số: share of units issuing documents that signed at least one of them.
- Điện tử: share of documents exchanged electronically — received over the axis or inside the
  system (not on paper), and sent to recipients over the axis or inside the system.
- Vào sổ đúng hạn: share of received documents registered by the end of the next working day
  (urgent ones within the urgent threshold); one still waiting past its deadline counts as late.

Secret documents are left out: they never travel electronically (QĐ 28).

Besides the ratios: the recipients sent on paper although the type is on the e-only catalogue
(Recipient.paper_reason, with the reason given), and per leader how much they act in the system
themselves (sign-ins, instructions, signatures with their own certificate) against what delegates do
for them (instructions and signatures under KT./TUQ./TL., with the delegation's reason); the
delegations in force now and during the month.

Each KPI is a figure of the organization (and its units), not of a person: it is read by the
organization's admins and those above (selectors.dashboard_organizations), who manage the system
without the right to read its documents. So it counts every document of the organization as an
operational fact — a count, by unit and month — and reads nothing of their content (subjects,
files); it is not narrowed by Document.objects.visible_to, which would count nothing for an admin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet

from documents.literals import Direction
from documents.models import Document, Instruction
from interchange.models import Recipient
from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent, Delegation, Membership, Organization, Role, User
from qlvb.models.delegation import SigningForm

from . import conf
from .deadlines import Deadlines, day_start

ISSUED = [Document.State.ISSUED, Document.State.DISPATCHED, Document.State.RECALLED]  # recalled: issued before
ELECTRONIC_SOURCES = [Document.Source.AXIS, Document.Source.INTERNAL]
ELECTRONIC_CHANNELS = [Recipient.Channel.AXIS, Recipient.Channel.INTERNAL]
# Signed digitally: a signing time, and not registered from paper. Hand-signed: the shared contract.
DIGITAL = Q(signed_at__isnull=False) & ~Q(source=Document.Source.PAPER)
HAND_SIGNED = Q(source=Document.Source.PAPER, signed_at__isnull=True)
# Forms under which someone signs for a leader (ký thay, thừa ủy quyền, thừa lệnh); TM. is the
# leader signing for the collective: their own signature.
DELEGATED_FORMS = [SigningForm.KT, SigningForm.TUQ, SigningForm.TL]
LEADER_ROLES = [Role.LEADER, Role.UNIT_HEAD]


@dataclass
class Ratio:
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> float | None:
        return None if not self.total else round(self.done * 100 / self.total, 1)

    @property
    def meets_target(self) -> bool | None:
        value = self.percent
        return None if value is None else value >= conf.get("KPI_TARGET_PERCENT")

    def add(self, ok: bool) -> None:
        self.total += 1
        self.done += int(ok)

    def add_counts(self, done: int, total: int) -> None:
        self.done += done
        self.total += total


@dataclass
class KpiRow:
    label: str
    unit_id: int | None = None
    signed: Ratio = field(default_factory=Ratio)
    electronic: Ratio = field(default_factory=Ratio)
    on_time: Ratio = field(default_factory=Ratio)
    hand_signed: int = 0  # issued documents signed on paper (in signed.total, not in signed.done)
    paper_against_catalogue: int = 0  # recipients sent on paper with a paper_reason

    @property
    def ratios(self) -> list[Ratio]:
        return [self.signed, self.electronic, self.on_time]

    @property
    def signs(self) -> bool:
        return self.signed.done > 0


@dataclass
class PaperRecipient:
    """A recipient sent a document on paper although its type is on the e-only catalogue."""

    symbol: str
    unit: str
    when: dt.datetime | dt.date | None
    recipient: str
    reason: str


@dataclass
class DelegatedSignature:
    delegate: str
    signing_form: str
    reason: str
    count: int = 0


@dataclass
class LeaderRow:
    """How much a leader acted in the system in the month, themselves and through delegates."""

    user_id: int
    name: str
    title: str = ""
    logins: int = 0
    instructions: int = 0  # ý kiến chỉ đạo they wrote themselves
    instructions_by_delegates: int = 0  # written for them under a delegation
    signed_own: int = 0  # signed digitally by themselves (their own certificate)
    signed_by_hand: int = 0  # hand-signed documents they signed (on paper)
    delegated: list[DelegatedSignature] = field(default_factory=list)

    @property
    def signed_delegated(self) -> int:
        return sum(d.count for d in self.delegated)

    @property
    def mostly_delegated(self) -> bool:
        """More documents signed for them by delegates than by themselves digitally."""
        return self.signed_delegated > self.signed_own

    @property
    def active(self) -> bool:
        return bool(self.logins or self.instructions or self.instructions_by_delegates or self.signed_own
                    or self.signed_by_hand or self.delegated)


@dataclass
class OrganizationKpis:
    organization: Organization
    total: KpiRow
    units: list[KpiRow]
    units_signing: Ratio
    paper_recipients: list[PaperRecipient] = field(default_factory=list)
    leaders: list[LeaderRow] = field(default_factory=list)
    delegations_in_force: list[Delegation] = field(default_factory=list)
    delegations_in_month: list[Delegation] = field(default_factory=list)

    @property
    def leaders_mostly_delegated(self) -> list[LeaderRow]:
        return [r for r in self.leaders if r.mostly_delegated]


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    first = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return day_start(first), day_start(following)


def issued_in_month(*, organization: Organization, start: dt.datetime, end: dt.datetime) -> QuerySet[Document]:
    """Outgoing documents issued in [start, end), secret ones included: dispatched then, or, not
    dispatched (a hand-signed one registered straight as issued), dated then, or with no date,
    created then."""
    return Document.objects.filter(organization=organization, direction=Direction.OUTGOING, state__in=ISSUED).filter(
        Q(dispatched_at__gte=start, dispatched_at__lt=end)
        | Q(dispatched_at__isnull=True, issued_on__gte=start.date(), issued_on__lt=end.date())
        | Q(dispatched_at__isnull=True, issued_on__isnull=True, created_at__gte=start, created_at__lt=end))


def organization_kpis(*, organization: Organization, year: int, month: int,
                      now: dt.datetime | None = None) -> OrganizationKpis:
    from django.utils import timezone

    now = now or timezone.now()
    start, end = month_bounds(year, month)
    rows: dict[int | None, KpiRow] = {u.pk: KpiRow(label=u.name, unit_id=u.pk)
                                       for u in organization.units.filter(is_active=True).order_by("name")}
    total = KpiRow(label="Toàn cơ quan")

    def row_for(unit_id: int | None) -> KpiRow:
        if unit_id not in rows:
            rows[unit_id] = KpiRow(label="Chưa xác định đơn vị", unit_id=None)
        return rows[unit_id]

    all_issued = issued_in_month(organization=organization, start=start, end=end)
    issued = all_issued.filter(secrecy=0)
    for c in issued.values("unit_id").annotate(n=Count("pk"), digital=Count("pk", filter=DIGITAL),
                                               hand=Count("pk", filter=HAND_SIGNED)).order_by():
        for row in (row_for(c["unit_id"]), total):
            row.signed.add_counts(c["digital"], c["n"])
            row.hand_signed += c["hand"]
    sent = Recipient.objects.filter(document__in=issued)
    for c in (sent.values("document__unit_id")
              .annotate(n=Count("pk"), electronic=Count("pk", filter=Q(channel__in=ELECTRONIC_CHANNELS)),
                        against=Count("pk", filter=Q(channel=Recipient.Channel.PAPER) & ~Q(paper_reason="")))
              .order_by()):
        for row in (row_for(c["document__unit_id"]), total):
            row.electronic.add_counts(c["electronic"], c["n"])
            row.paper_against_catalogue += c["against"]

    deadlines = Deadlines()
    received = (Document.objects.filter(organization=organization, direction=Direction.INCOMING, secrecy=0,
                                        received_at__gte=start, received_at__lt=end)
                .values_list("unit_id", "source", "received_at", "registered_at", "urgency", "state"))
    for unit_id, source, received_at, registered_at, urgency, state in received:
        targets = (row_for(unit_id), total) if unit_id else (total,)
        for row in targets:
            row.electronic.add(source in ELECTRONIC_SOURCES)
        if state == Document.State.REJECTED:
            continue
        due = deadlines.register_by(received_at, urgency)
        if registered_at is None and due >= now:
            continue  # still within its time
        on_time = registered_at is not None and registered_at <= due
        for row in targets:
            row.on_time.add(on_time)

    units = [r for r in rows.values() if r.unit_id is not None or r.signed.total or r.electronic.total]
    issuing = [r for r in units if r.signed.total]
    units_signing = Ratio(done=sum(1 for r in issuing if r.signs), total=len(issuing))
    in_month = _delegations_in_month(organization, start, end)
    return OrganizationKpis(
        organization=organization, total=total, units=units, units_signing=units_signing,
        paper_recipients=_paper_recipients(sent),
        leaders=_leaders(organization, issued, start, end),
        delegations_in_force=list(Delegation.objects.in_force(at=now).filter(organization=organization)
                                  .select_related("delegator", "delegate").order_by("delegator__full_name", "starts_at")),
        delegations_in_month=in_month,
    )


def _paper_recipients(sent: QuerySet[Recipient]) -> list[PaperRecipient]:
    rows = (sent.filter(channel=Recipient.Channel.PAPER).exclude(paper_reason="")
            .values_list("document__symbol", "document__unit__name", "document__dispatched_at", "document__issued_on",
                         "name", "organ_id", "paper_reason")
            .order_by("document__dispatched_at", "document__symbol", "pk"))
    return [PaperRecipient(symbol=symbol, unit=unit or "", when=dispatched or issued_on, recipient=name or organ_id,
                           reason=reason)
            for symbol, unit, dispatched, issued_on, name, organ_id, reason in rows]


def _delegations_in_month(organization: Organization, start: dt.datetime, end: dt.datetime) -> list[Delegation]:
    """Delegations in force at some time of [start, end): begun before its end, ended and revoked after its start."""
    return list(Delegation.objects.filter(organization=organization, starts_at__lt=end, ends_at__gt=start)
                .filter(Q(revoked_at__isnull=True) | Q(revoked_at__gt=start))
                .filter(Q(revoked_at__isnull=True) | Q(revoked_at__gt=F("starts_at")))
                .select_related("delegator", "delegate").order_by("delegator__full_name", "starts_at"))


def _leaders(organization: Organization, issued: QuerySet[Document], start: dt.datetime,
             end: dt.datetime) -> list[LeaderRow]:
    members = (Membership.objects.filter(organization=organization, is_active=True, roles__role__in=LEADER_ROLES)
               .select_related("user").distinct())
    leaders: dict[int, LeaderRow] = {m.user_id: LeaderRow(user_id=m.user_id, name=m.user.full_name or m.user.username,
                                                          title=m.position_title) for m in members}
    delegated_docs = list(issued.filter(signing_form__in=DELEGATED_FORMS, signed_on_behalf_of__isnull=False)
                          .values_list("signed_on_behalf_of_id", "signed_by_id", "signer_name", "signing_form",
                                       "signed_at", "dispatched_at", "created_at"))
    extra = {on_behalf for on_behalf, *_ in delegated_docs} - set(leaders)
    for user in User.objects.filter(pk__in=extra):  # signed for, though no longer a leader here
        leaders[user.pk] = LeaderRow(user_id=user.pk, name=user.full_name or user.username)
    ids = list(leaders)

    logins = (AuditEvent.objects.filter(action=AuditAction.LOGIN, actor_id__in=ids, at__gte=start, at__lt=end)
              .values("actor_id").annotate(n=Count("seq")).order_by())
    for c in logins:
        leaders[c["actor_id"]].logins = c["n"]
    instructions = Instruction.objects.filter(document__organization=organization, created_at__gte=start,
                                              created_at__lt=end)
    for c in (instructions.filter(author_id__in=ids, on_behalf_of__isnull=True)
              .values("author_id").annotate(n=Count("pk")).order_by()):
        leaders[c["author_id"]].instructions = c["n"]
    for c in (instructions.filter(on_behalf_of_id__in=ids).exclude(author_id=F("on_behalf_of_id"))
              .values("on_behalf_of_id").annotate(n=Count("pk")).order_by()):
        leaders[c["on_behalf_of_id"]].instructions_by_delegates = c["n"]
    own = issued.filter(signed_by_id__in=ids).exclude(signing_form__in=DELEGATED_FORMS,
                                                       signed_on_behalf_of__isnull=False)
    for c in (own.values("signed_by_id").annotate(digital=Count("pk", filter=DIGITAL),
                                                   hand=Count("pk", filter=HAND_SIGNED)).order_by()):
        leaders[c["signed_by_id"]].signed_own = c["digital"]
        leaders[c["signed_by_id"]].signed_by_hand = c["hand"]

    delegations = list(Delegation.objects.filter(organization=organization,
                                                 delegator_id__in={o for o, *_ in delegated_docs}))
    names = dict(User.objects.filter(pk__in={d for _, d, *_ in delegated_docs if d}).values_list("pk", "full_name"))
    groups: dict[tuple, DelegatedSignature] = {}
    for on_behalf, delegate_id, signer_name, form, signed_at, dispatched_at, created_at in delegated_docs:
        when = signed_at or dispatched_at or created_at
        delegation = _delegation_for(delegations, delegator=on_behalf, delegate=delegate_id, at=when)
        key = (on_behalf, delegate_id or signer_name, form, delegation.pk if delegation else None)
        if key not in groups:
            groups[key] = DelegatedSignature(
                delegate=names.get(delegate_id) or signer_name or "—", signing_form=form,
                reason=delegation.reason if delegation else "")
            leaders[on_behalf].delegated.append(groups[key])
        groups[key].count += 1
    return sorted(leaders.values(), key=lambda r: (not r.mostly_delegated, r.name))


def _delegation_for(delegations: list[Delegation], *, delegator: int, delegate: int | None,
                    at: dt.datetime) -> Delegation | None:
    """The delegation of the month under which `delegate` signed for `delegator` at `at`."""
    found = [d for d in delegations if d.delegator_id == delegator and d.delegate_id == delegate
             and d.scope in ("signing", "all") and d.starts_at <= at < d.ends_at
             and (d.revoked_at is None or d.revoked_at > at)]
    return max(found, key=lambda d: d.starts_at) if found else None
