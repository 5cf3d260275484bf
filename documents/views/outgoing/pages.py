"""What every page of one outgoing document shows: its header, its files and what the user may do."""

from __future__ import annotations

from documents.forms.outgoing import WithdrawForm
from documents.models import Addressee, Document
from documents.permissions import content_reviewer_role
from documents.selectors.outgoing import (
    content_versions,
    conversion_pending,
    current_files,
    draft_comments,
    outgoing_actions,
    pending_review_step,
    return_note,
    review_steps,
)
from documents.selectors.records_metadata import metadata_panel
from documents.selectors.records_workfiles import document_filing_for
from documents.selectors.signed_under import signature_caption, signing_delegation, signing_verb
from documents.views.files import preview
from qlvb.models import Role
from qlvb.services.delegation import delegation_reason_text


def page_context(request, document: Document, **extra) -> dict:
    main, appendices = current_files(document)
    addressees = list(document.addressees.select_related("organization"))
    context = {
        "document": document,
        "actions": outgoing_actions(user=request.user, document=document),
        "main": main,
        **preview(main, all_pages=bool(request.GET.get("moi-trang"))),
        "appendices": appendices,
        "versions": content_versions(document),
        "conversion": conversion_pending(document),
        "comments": draft_comments(document),
        "addressees": addressees,
        "secret_axis": bool(document.secrecy) and any(a.channel == Addressee.Channel.AXIS for a in addressees),
        "steps": review_steps(document),
        "reply_to": document.reply_to if document.reply_to_id else None,
        "return_note": return_note(document),
        "withdraw_form": WithdrawForm(),
        "filing": document_filing_for(user=request.user, document=document),
        **metadata_panel(user=request.user, document=document),
        "signature_caption": signature_caption(document),
        "signed_under": signing_delegation(document),
        "signing_verb": signing_verb(document),
    }
    if context["signed_under"] is not None:
        context["signed_under_reason"] = delegation_reason_text(context["signed_under"])
    if document.state == Document.State.IN_REVIEW:
        step = pending_review_step(document)
        context["pending_step"] = step
        context["content_by_leader"] = content_reviewer_role(document) == Role.LEADER
    context.update(extra)
    return context
