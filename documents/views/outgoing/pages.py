"""What every page of one outgoing document shows: its header, its files and what the user may do."""

from __future__ import annotations

from documents.models import Addressee, Document
from documents.selectors.outgoing import (
    content_versions,
    conversion_pending,
    current_files,
    draft_comments,
    outgoing_actions,
    review_steps,
)
from documents.views.files import preview


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
    }
    context.update(extra)
    return context
