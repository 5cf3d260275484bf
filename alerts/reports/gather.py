"""The lists behind the daily report's figures (and the dashboard's drill-down): reads only.

The lists are operational facts — organizations, số, ký hiệu, recipients, times, states, errors —
gathered for an organization and those below it, whoever reads them. A document's subject
(trích yếu) is not one: `lists_for_reader` shows it only where the permission rule
(Document.objects.visible_to) lets the reader read the document; the report page, its files and
its e-mail are made per reader through it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from documents.literals import Direction
from documents.models import Document
from interchange.models import MessageKind, Outbound
from qlvb.access import HIDDEN_SUBJECT, shown_subject
from qlvb.models import Organization

from .. import selectors
from .sections import SECTIONS
from .wording import exchange_error_text


def _t(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def _doc(document: Document | None, orgs: dict[int, str]) -> dict:
    if document is None:
        return {"document_id": None, "organization": "", "symbol": "", "subject": ""}
    return {
        "document_id": document.pk,
        "organization": orgs.get(document.organization_id, ""),
        "symbol": document.symbol or "(chưa có số)",
        "subject": shown_subject(document.subject, secret=bool(document.secrecy), readable=True),
    }


def lists_for_reader(lists: dict[str, list[dict]], user) -> dict[str, list[dict]]:
    """The lists as `user` may read them: each document's subject where the permission rule lets
    `user` read the document, a placeholder otherwise (every subject, for no user)."""
    ids = {row["document_id"] for rows in lists.values() for row in rows if row.get("document_id")}
    subjects = Document.objects.filter(pk__in=ids).subjects_for(user)
    return {key: [{**row, "subject": subjects.get(row["document_id"], HIDDEN_SUBJECT)} if row.get("document_id")
                  else row for row in rows]
            for key, rows in lists.items()}


def report_gather(*, organization: Organization | None = None, scope: set[int] | None = None,
                  start: dt.datetime, end: dt.datetime) -> tuple[dict, dict]:
    """The lists behind every figure of the report, and the figures (their lengths), for the
    organization and those below it (or an explicit set of organization ids)."""
    scope = scope if scope is not None else selectors.organization_scope(organization)
    orgs = dict(Organization.objects.filter(pk__in=scope).values_list("pk", "short_name"))
    lists: dict[str, list[dict]] = {s.key: [] for s in SECTIONS}

    # Sent: packages that left over the axis, and deliveries inside this deployment.
    sent: dict[int, dict] = {}
    outbounds = (Outbound.objects.filter(kind=MessageKind.EDOC, organization_id__in=scope, sent_at__gte=start,
                                         sent_at__lt=end)
                 .select_related("document").prefetch_related("recipients").order_by("sent_at"))
    for outbound in outbounds:
        row = sent.setdefault(outbound.document_id, {**_doc(outbound.document, orgs), "recipients": [],
                                                     "at": _t(outbound.sent_at)})
        row["recipients"].extend(r.name or r.organ_id for r in outbound.recipients.all())
    internal = (Document.objects.filter(source=Document.Source.INTERNAL, received_at__gte=start, received_at__lt=end,
                                        delivery__document__organization_id__in=scope)
                .select_related("delivery__document", "organization").order_by("received_at"))
    for copy in internal:
        original = copy.delivery.document
        row = sent.setdefault(original.pk, {**_doc(original, orgs), "recipients": [], "at": _t(copy.received_at)})
        row["recipients"].append(copy.organization.name)
    for row in sent.values():
        row["recipients"] = ", ".join(row["recipients"])
    lists["sent"] = list(sent.values())

    received = (Document.objects.filter(direction=Direction.INCOMING, organization_id__in=scope,
                                        source__in=[Document.Source.AXIS, Document.Source.INTERNAL],
                                        received_at__gte=start, received_at__lt=end).order_by("received_at"))
    lists["received"] = [
        {**_doc(d, orgs), "issuer": d.issuer_name, "at": _t(d.received_at), "state": d.get_state_display()}
        for d in received.only("id", "organization_id", "symbol", "subject", "secrecy", "issuer_name",
                               "received_at", "state")
    ]

    for outbound in selectors.failed_outbounds(now=end, org_ids=scope, kind=None):
        what = f"Trạng thái {outbound.status_code}: " if outbound.kind == MessageKind.STATUS else ""
        lists["send_errors"].append({
            **_doc(outbound.document, orgs),
            "recipients": ", ".join(r.name or r.organ_id for r in outbound.recipients.all()) or outbound.status_to,
            "at": _t(outbound.created_at), "error": what + exchange_error_text(outbound.last_error)[:500],
        })

    for inbound in selectors.failed_inbounds(now=end, org_ids=scope, since=start):
        lists["receive_errors"].append({
            "document_id": None, "organization": "", "symbol": "(gói tin không đọc được)",
            "subject": f"Mã trên trục {inbound.axis_doc_id}", "issuer": inbound.from_organ_id,
            "at": _t(inbound.received_at), "error": exchange_error_text(inbound.error)[:500],
        })
    for document in selectors.invalid_signature_documents(now=end, org_ids=scope, since=start):
        lists["receive_errors"].append({**_doc(document, orgs), "issuer": document.issuer_name,
                                        "at": _t(document.received_at), "error": "Chữ ký số không hợp lệ"})
    for document in selectors.rejected_by_us(now=end, org_ids=scope, since=start):
        lists["receive_errors"].append({**_doc(document, orgs), "issuer": document.issuer_name,
                                        "at": _t(document.received_at),
                                        "error": f"Cơ quan đã từ chối: {document.rejection_reason}"})

    lists["backlog"] = [
        {**_doc(d, orgs), "issuer": d.issuer_name, "at": _t(d.received_at), "due": _t(due)}
        for d, due in selectors.backlog_documents(now=end, org_ids=scope)
    ]
    lists["status_owed"] = [
        {**_doc(o.document, orgs), "issuer": o.document.issuer_name, "at": _t(o.document.received_at),
         "codes": o.label}
        for o in selectors.status_owed(now=end, org_ids=scope)
    ]
    for recipient in selectors.recipients_not_arrived(now=end, org_ids=scope):
        lists["status_missing"].append({**_doc(recipient.document, orgs), "recipients": recipient.name,
                                        "at": _t(recipient.outbound.sent_at), "missing": "01 (Đã đến)"})
    for recipient in selectors.recipients_not_accepted(now=end, org_ids=scope):
        lists["status_missing"].append({**_doc(recipient.document, orgs), "recipients": recipient.name,
                                        "at": _t(recipient.last_status_at), "missing": "03 (Đã tiếp nhận)"})
    for recipient in selectors.rejected_recipients(now=end, org_ids=scope):
        lists["rejected"].append({**_doc(recipient.document, orgs), "recipients": recipient.name,
                                  "at": _t(recipient.last_status_at), "error": exchange_error_text(recipient.reason, technical=False)})

    figures = {"counts": {key: len(rows) for key, rows in lists.items()}}
    return figures, lists
