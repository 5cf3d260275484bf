"""Reads of outgoing documents (the screens and the API), on top of `documents.selectors.documents`
(the one permission filter); per-recipient delivery and its summary line.

What a person may do on a document is computed here only to show or hide buttons; the services
decide in the end and their refusals are shown as they are.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from documents.literals import Direction
from documents.models import Conversion, Document, DocumentFile, DraftComment, ReviewStep
from documents.permissions import may_review
from documents.selectors.documents import document_current_files, document_get, document_list
from documents.selectors.search import text_filter
from interchange.edxml.codes import status_label
from interchange.models import Outbound, Recipient, StatusEvent
from qlvb.access import delegators_of, roles_in
from qlvb.models import AuditEvent, Organization, Role, User
from qlvb.models.delegation import DelegationScope
from signatures.models import SigningKey
from signatures.selectors.keys import signing_key_get

State = Document.State
EDITABLE = (State.DRAFT, State.RETURNED)
UNDISPATCHED = "chua-phat-hanh"  # the list filter: signed or sealed, not dispatched yet
LIST_STATES = [
    (State.DRAFT, "Dự thảo"), (State.IN_REVIEW, "Đang trình duyệt"), (State.RETURNED, "Trả lại để sửa"),
    (State.APPROVED, "Chờ ký"), (State.SIGNED, "Đã ký, chờ ký số cơ quan"), (State.ISSUED, "Chờ phát hành"),
    (State.DISPATCHED, "Đã phát hành"), (UNDISPATCHED, "Đã ký, chưa phát hành"), (State.RECALLED, "Đã thu hồi"),
]
# The edXML status code a recipient's state corresponds to (QĐ 28: 01–06).
STATE_CODES = {
    Recipient.State.ARRIVED: "01", Recipient.State.REJECTED: "02", Recipient.State.REGISTERED: "03",
    Recipient.State.ASSIGNED: "04", Recipient.State.PROCESSING: "05", Recipient.State.DONE: "06",
}


# --- lists -------------------------------------------------------------------------------------

def outgoing_list(*, user, organization_id: int | None = None, state: str = "", text: str = "") -> QuerySet[Document]:
    """Outgoing documents the user may see (of one organization, if given), newest first."""
    qs = document_list(user=user, direction=Direction.OUTGOING, organization_id=organization_id)
    if state == UNDISPATCHED:
        qs = qs.filter(state__in=(State.SIGNED, State.ISSUED))
    elif state:
        qs = qs.filter(state=state)
    if text:
        qs = text_filter(qs, text, "subject", "symbol")
    return qs.select_related("document_type", "unit", "signed_by").order_by("-created_at", "-pk")


def dispatch_flag(document: Document, today: dt.date | None = None) -> str:
    """"late" when signed before today and still not dispatched (Nghị định 30, Điều 18: the same
    day, at the latest the next working day), "today" when signed today and not dispatched yet."""
    if document.signed_at is None or document.dispatched_at is not None:
        return ""
    today = today or timezone.localdate()
    return "late" if timezone.localtime(document.signed_at).date() < today else "today"


def late_dispatch_count(*, user, organization_id: int) -> int:
    """Documents signed before today that are still not dispatched."""
    return outgoing_list(user=user, organization_id=organization_id, state=UNDISPATCHED).filter(
        signed_at__lt=timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))).count()


def outgoing_get(*, user, pk: int) -> Document:
    document = document_get(user=user, pk=pk)
    if document.direction != Direction.OUTGOING:
        raise Http404("not an outgoing document")
    return document


# --- organizations, people and choices the forms offer ----------------------------------------

def recipient_search(*, sender: Organization, text: str, limit: int = 15) -> list[Organization]:
    """Organizations of this deployment and of the axis directory, by name, short name or mã định danh."""
    text = (text or "").strip()
    if len(text) < 2:
        return []
    qs = Organization.objects.filter(
        Q(name__icontains=text) | Q(organ_id__startswith=text) | Q(short_name__iexact=text), is_active=True,
    ).exclude(pk=sender.pk)
    return list(qs.order_by("-hosted", "name")[:limit])


def recipient_shortlist(*, sender: Organization) -> list[Organization]:
    """The organizations under the sender (a province's departments and districts): one tap each."""
    return list(Organization.objects.filter(parent=sender, is_active=True).order_by("name"))


def organizations_by_ids(ids) -> list[Organization]:
    return list(Organization.objects.filter(pk__in=list(ids), is_active=True).order_by("name"))


def reply_options(*, user, organization_id: int) -> QuerySet[Document]:
    """Incoming documents of the organization a draft may answer, newest first."""
    return (document_list(user=user, direction=Direction.INCOMING, organization_id=organization_id)
            .exclude(state__in=(State.REJECTED, State.RECALLED)).order_by("-created_at")[:50])


def signing_keys_of(user) -> tuple[bool, bool]:
    """(has a key the server can use with a PIN, has a key on the person's own device)."""
    held = signing_key_get(user=user, custodies=(SigningKey.Custody.SERVER, SigningKey.Custody.PKCS11))
    external = signing_key_get(user=user, custodies=(SigningKey.Custody.EXTERNAL,))
    return held is not None, external is not None


# --- one document ------------------------------------------------------------------------------

@dataclass
class OutgoingActions:
    roles: set[str] = field(default_factory=set)
    edit: bool = False
    comment: bool = False
    submit: bool = False
    review: ReviewStep | None = None
    sign: bool = False
    seal: bool = False
    dispatch: bool = False
    recall: bool = False
    withdraw: bool = False
    send_back: bool = False
    delegators: list[User] = field(default_factory=list)

    @property
    def next_step(self) -> str:
        """The one thing this person is expected to do next, for the page's main button."""
        for name in ("review", "sign", "seal", "dispatch"):
            if getattr(self, name):
                return name
        return "submit" if self.submit else ""


def pending_review_step(document: Document) -> ReviewStep | None:
    return document.review_steps.filter(state=ReviewStep.State.PENDING).order_by("round", "order").first()


def outgoing_actions(*, user, document: Document) -> OutgoingActions:
    roles = roles_in(user, document.organization_id)
    actions = OutgoingActions(roles=roles)
    if not roles or document.direction != Direction.OUTGOING:
        return actions
    author = user.pk == document.created_by_id
    actions.comment = document.state in (State.DRAFT, State.RETURNED, State.IN_REVIEW, State.APPROVED)
    actions.edit = document.state in EDITABLE and (author or bool(roles & {Role.UNIT_HEAD, Role.CLERK}))
    actions.submit = document.state in EDITABLE and author
    if document.state == State.IN_REVIEW:
        step = pending_review_step(document)
        actions.review = step if step is not None and may_review(user, document, step) else None
    if document.state == State.APPROVED:
        actions.delegators = list(delegators_of(user, scope=DelegationScope.SIGNING,
                                                organization=document.organization_id))
        actions.sign = Role.LEADER in roles or bool(actions.delegators)
        actions.send_back = actions.sign and not document.register_number
    actions.withdraw = (author and not document.register_number
                        and document.state in (State.IN_REVIEW, State.APPROVED))
    clerk = Role.CLERK in roles
    actions.seal = clerk and document.state == State.SIGNED
    actions.dispatch = clerk and document.state == State.ISSUED
    actions.recall = (bool(roles & {Role.CLERK, Role.LEADER}) and document.dispatched_at is not None
                      and not document.is_frozen)
    return actions


@dataclass
class Version:
    file: DocumentFile
    number: int
    conversion: Conversion | None
    current: bool


def content_versions(document: Document) -> list[Version]:
    """Every version of the main content, newest first: uploads, their PDF conversions, the
    numbered and signed versions."""
    files = list(document.files.filter(role=DocumentFile.Role.MAIN).select_related("conversion").order_by("id"))
    superseded = {f.replaces_id for f in document.files.all() if f.replaces_id}
    versions = [Version(f, i, getattr(f, "conversion", None), f.pk not in superseded)
                for i, f in enumerate(files, start=1)]
    return list(reversed(versions))


def conversion_pending(document: Document) -> Conversion | None:
    """The newest DOCX→PDF conversion of the content, if it is not done yet (or failed)."""
    conversion = (Conversion.objects.filter(source__document=document, source__role=DocumentFile.Role.MAIN)
                  .select_related("source").order_by("-pk").first())
    return conversion if conversion is not None and conversion.state != Conversion.State.DONE else None


def current_files(document: Document) -> tuple[DocumentFile | None, list[DocumentFile]]:
    """(the content's current version, the current appendices)."""
    files = document_current_files(document)
    main = next((f for f in files if f.role == DocumentFile.Role.MAIN), None)
    return main, [f for f in files if f.role == DocumentFile.Role.APPENDIX]


def draft_comments(document: Document) -> QuerySet[DraftComment]:
    return document.draft_comments.select_related("author", "file").order_by("created_at")


@dataclass
class ReturnNote:
    by: object
    at: dt.datetime
    text: str
    where: str  # "kiểm tra nội dung", "bước ký", ...


def return_note(document: Document) -> ReturnNote | None:
    """Why a returned draft came back, and from whom: the latest of a review step's return and the
    leader's send-back at the signing step; None unless the draft is returned."""
    if document.state != State.RETURNED:
        return None
    step = (document.review_steps.filter(state=ReviewStep.State.RETURNED).select_related("decided_by")
            .order_by("-decided_at").first())
    event = (AuditEvent.objects.filter(object_type="documents.document", object_id=str(document.pk),
                                       action="outgoing.send_back").select_related("actor").order_by("-at").first())
    notes = []
    if step is not None and step.decided_at:
        notes.append(ReturnNote(step.decided_by, step.decided_at, step.comment, step.get_kind_display().lower()))
    if event is not None:
        notes.append(ReturnNote(event.actor, event.at, (event.data or {}).get("reason", ""), "bước ký"))
    return max(notes, key=lambda n: n.at) if notes else None


def review_steps(document: Document) -> QuerySet[ReviewStep]:
    return document.review_steps.select_related("decided_by").order_by("-round", "order")


# --- tracking ----------------------------------------------------------------------------------

@dataclass
class Delivery:
    row: Recipient
    code: str
    label: str
    failed_outbound: Outbound | None


def deliveries(*, document: Document) -> list[Delivery]:
    rows = []
    for r in delivery_list(document=document):
        code = STATE_CODES.get(r.state, "")
        failed = r.outbound if r.state == Recipient.State.FAILED and r.outbound_id else None
        rows.append(Delivery(r, code, r.get_state_display(), failed))
    return rows


AUDIT_TITLES = {
    "outgoing.draft": "Tạo dự thảo",
    "outgoing.new_version": "Cập nhật dự thảo (phiên bản mới)",
    "outgoing.submit": "Trình duyệt dự thảo",
    "outgoing.review.approve": "Đồng ý dự thảo",
    "outgoing.review.return": "Trả lại dự thảo",
    "outgoing.withdraw": "Người soạn thảo rút lại dự thảo",
    "outgoing.send_back": "Lãnh đạo trả lại dự thảo ở bước ký",
    "outgoing.number_reserved": "Cấp số để ký bằng thiết bị ký số",
    "outgoing.sign": "Ký ban hành, cấp số",
    "outgoing.seal": "Ký số của cơ quan (đóng dấu)",
    "outgoing.dispatch": "Phát hành",
    "outgoing.recall": "Thu hồi văn bản",
    "outbound.enqueue": "Đưa vào hàng đợi gửi qua trục",
    "outbound.failed": "Gửi qua trục bị lỗi",
    "outbound.retry": "Gửi lại qua trục",
}
STEP_LABELS = {"content": "nội dung", "format": "thể thức"}


@dataclass
class TimelineEntry:
    at: dt.datetime
    title: str
    actor: object = None
    on_behalf_of: object = None
    text: str = ""
    kind: str = "event"


def _audit_text(event: AuditEvent) -> str:
    data = event.data or {}
    if event.action == "outgoing.sign":
        form = f" ({data['signing_form']}.)" if data.get("signing_form") else ""
        return f"Số, ký hiệu: {data.get('symbol', '')}{form}"
    if event.action.startswith("outgoing.review."):
        step = STEP_LABELS.get(data.get("step"), data.get("step", ""))
        return f"Kiểm tra {step}. {data.get('comment') or ''}".strip()
    if event.action == "outgoing.dispatch":
        return (f"Trong hệ thống: {data.get('internal', 0)}, qua trục: {data.get('axis', 0)}, "
                f"bản giấy: {data.get('paper', 0)}")
    if event.action == "outbound.failed":
        return data.get("error", "")
    return data.get("reason") or data.get("note") or ""


def tracking_timeline(*, document: Document) -> list[TimelineEntry]:
    """What happened to the document, newest first: its steps (audit log), the outbox, and every
    status each recipient sent back."""
    outbound_ids = [str(pk) for pk in document.outbound.values_list("pk", flat=True)]
    events = AuditEvent.objects.filter(
        Q(object_type="documents.document", object_id=str(document.pk))
        | Q(object_type="interchange.outbound", object_id__in=outbound_ids),
        action__in=AUDIT_TITLES,
    ).select_related("actor", "on_behalf_of")
    entries = [TimelineEntry(e.at, AUDIT_TITLES[e.action], e.actor, e.on_behalf_of, _audit_text(e)) for e in events]
    names = {r.pk: r.name or r.organ_id for r in document.deliveries.all()}
    statuses = StatusEvent.objects.filter(recipient__document=document).order_by("occurred_at", "received_at")
    for s in statuses:
        label = status_label(s.code) or ""
        text = " — ".join(x for x in (s.description, s.staff) if x)
        entries.append(TimelineEntry(s.occurred_at or s.received_at, f"{names.get(s.recipient_id, s.from_organ_id)}: "
                                     f"{s.code} {label}", text=text, kind="status"))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def delivery_list(*, document: Document) -> QuerySet[Recipient]:
    """One row per recipient of the document (revoke/update messages are not deliveries of their own)."""
    return (
        Recipient.objects.filter(document=document)
        .filter(Q(outbound__isnull=True) | Q(outbound__business_type=0))
        .select_related("outbound")
        .order_by("channel", "name")
    )


def delivery_summary(*, document: Document) -> str:
    """"12/15 đã tiếp nhận, 1 từ chối, 2 chưa đến" — what a clerk wants to know at a glance."""
    rows = list(delivery_list(document=document))
    if not rows:
        return "Chưa gửi"
    electronic = [r for r in rows if r.channel != Recipient.Channel.PAPER]
    states = Counter(r.state for r in electronic)
    accepted = sum(n for s, n in states.items() if Recipient.State.REGISTERED <= s < Recipient.State.FAILED)
    parts = [f"{accepted}/{len(electronic)} đã tiếp nhận"] if electronic else []
    if states[Recipient.State.REJECTED]:
        parts.append(f"{states[Recipient.State.REJECTED]} từ chối")
    if states[Recipient.State.ARRIVED]:
        parts.append(f"{states[Recipient.State.ARRIVED]} đã đến, chưa vào sổ")
    not_arrived = states[Recipient.State.QUEUED] + states[Recipient.State.SENT]
    if not_arrived:
        parts.append(f"{not_arrived} chưa đến")
    if states[Recipient.State.FAILED]:
        parts.append(f"{states[Recipient.State.FAILED]} gửi lỗi")
    paper = len(rows) - len(electronic)
    if paper:
        parts.append(f"{paper} gửi bản giấy")
    return ", ".join(parts)
