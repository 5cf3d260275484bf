"""The review route: the unit head checks the content, the clerk checks the format, before signing."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from documents.errors import DocumentError
from documents.models import Conversion, Document, DraftComment, ReviewStep, SigningRoute
from documents.permissions import acting_leader, may_review
from documents.selectors.documents import document_main_file
from documents.services.outgoing.frozen import refuse_if_recalled
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, Refused
from qlvb.models.delegation import DelegationScope
from qlvb.services.audit import audit_record


def route_for(organization) -> SigningRoute:
    route, _ = SigningRoute.objects.get_or_create(organization=organization)
    return route


def second_factor_policy(user) -> bool:
    """Whether an organization the user works for requires the second factor (registered with
    qlvb.services.second_factor, which decides who must use it at login and in the admin)."""
    return SigningRoute.objects.filter(require_second_factor=True, organization__memberships__user=user,
                                       organization__memberships__is_active=True).exists()


@transaction.atomic
def outgoing_submit(*, actor, document: Document) -> Document:
    """Send the draft along its route; with no checks configured it goes straight to signing."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.is_frozen and actor.pk == document.created_by_id:
        refuse_if_recalled(document)
    if document.state not in (Document.State.DRAFT, Document.State.RETURNED):
        raise Refused(DocumentError.NOT_SUBMITTABLE)
    if actor.pk != document.created_by_id:
        raise Forbidden(DocumentError.NOT_THE_AUTHOR)
    main = document_main_file(document)
    if main is None or main.content_type != "application/pdf":
        pending = Conversion.objects.filter(source__document=document).exclude(state=Conversion.State.DONE).first()
        if pending is not None and pending.state == Conversion.State.FAILED:
            raise Refused(DocumentError.CONVERSION_FAILED, error=pending.error)
        raise Refused(DocumentError.NO_PDF_YET)
    route = route_for(document.organization)
    kinds = [k for k, on in ((ReviewStep.Kind.CONTENT, route.content_review),
                             (ReviewStep.Kind.FORMAT, route.format_review)) if on]
    round_no = (document.review_steps.aggregate(m=Max("round"))["m"] or 0) + 1
    ReviewStep.objects.bulk_create([ReviewStep(document=document, round=round_no, order=i, kind=k)
                                    for i, k in enumerate(kinds, start=1)])
    document.state = Document.State.IN_REVIEW if kinds else Document.State.APPROVED
    document.save(update_fields=["state"])
    audit_record(action=AuditAction.OUTGOING_SUBMIT, actor=actor, organization=document.organization, obj=document,
                 data={"round": round_no, "steps": kinds})
    return document


@transaction.atomic
def review_decide(*, actor, document: Document, approve: bool, comment: str = "") -> ReviewStep:
    """Decide the current step: approve moves on (the last approval makes it ready to sign); return
    sends the draft back to its author with the comment."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.state != Document.State.IN_REVIEW:
        raise Refused(DocumentError.NOT_IN_REVIEW)
    step = document.review_steps.filter(state=ReviewStep.State.PENDING).order_by("round", "order").first()
    if step is None or not may_review(actor, document, step):
        raise Forbidden(DocumentError.NOT_THE_REVIEWER)
    if not approve and not comment.strip():
        raise Refused(DocumentError.RETURN_COMMENT_REQUIRED)
    step.state = ReviewStep.State.APPROVED if approve else ReviewStep.State.RETURNED
    step.decided_by, step.decided_at, step.comment = actor, timezone.now(), comment.strip()
    step.save(update_fields=["state", "decided_by", "decided_at", "comment"])
    if comment.strip():
        DraftComment.objects.create(document=document, author=actor, text=comment.strip(),
                                    file=document_main_file(document))
    if not approve:
        document.review_steps.filter(round=step.round, state=ReviewStep.State.PENDING).delete()
        document.state = Document.State.RETURNED
    elif not document.review_steps.filter(state=ReviewStep.State.PENDING).exists():
        document.state = Document.State.APPROVED
    document.save(update_fields=["state"])
    audit_record(action=AuditAction.OUTGOING_REVIEW_APPROVE if approve else AuditAction.OUTGOING_REVIEW_RETURN, actor=actor,
                 organization=document.organization, obj=document, data={"step": step.kind, "comment": comment})
    return step



@transaction.atomic
def outgoing_withdraw(*, actor, document: Document, reason: str = "") -> Document:
    """The author takes a submitted draft back (rút lại) while it is in review or waiting for its
    signature: the open steps of the round are dropped and the draft is theirs to change again."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if actor.pk != document.created_by_id:
        raise Forbidden(DocumentError.NOT_THE_AUTHOR_WITHDRAW)
    if document.state not in (Document.State.IN_REVIEW, Document.State.APPROVED):
        raise Refused(DocumentError.NOT_WITHDRAWABLE)
    if document.register_number:
        raise Refused(DocumentError.NUMBER_RESERVED)
    dropped = document.review_steps.filter(state=ReviewStep.State.PENDING).delete()[0]
    document.state = Document.State.DRAFT
    document.save(update_fields=["state"])
    audit_record(action=AuditAction.OUTGOING_WITHDRAW, actor=actor, organization=document.organization, obj=document,
                 data={"reason": reason.strip(), "dropped_steps": dropped})
    return document


@transaction.atomic
def outgoing_send_back(*, actor, document: Document, reason: str, on_behalf_of=None) -> Document:
    """The leader (or their signing delegate) sends a draft waiting for the signature back to its
    author with the reason (trả lại): the author uploads a new version and submits it again."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    leader, delegation = acting_leader(actor, document.organization, scope=DelegationScope.SIGNING,
                                       on_behalf_of=on_behalf_of)
    if document.state != Document.State.APPROVED:
        raise Refused(DocumentError.NOT_AWAITING_SIGNATURE)
    if document.register_number:
        raise Refused(DocumentError.NUMBER_RESERVED)
    reason = reason.strip()
    if not reason:
        raise Refused(DocumentError.SEND_BACK_REASON_REQUIRED)
    DraftComment.objects.create(document=document, author=actor, text=reason, file=document_main_file(document))
    document.state = Document.State.RETURNED
    document.save(update_fields=["state"])
    audit_record(action=AuditAction.OUTGOING_SEND_BACK, actor=actor, on_behalf_of=leader if delegation else None,
                 organization=document.organization, obj=document, data={"reason": reason})
    return document
