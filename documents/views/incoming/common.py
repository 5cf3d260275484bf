"""What the incoming action views share: answering with the refreshed document (an htmx partial,
or a redirect without JavaScript)."""

from __future__ import annotations

from django.shortcuts import redirect, render

from documents.forms.incoming import (
    CompleteForm,
    PresentForm,
    ProgressForm,
    RecallAnswerForm,
    RedistributeForm,
    RegisterForm,
    RejectForm,
    RemindForm,
)
from documents.models import Document
from documents.selectors.documents import document_get
from documents.selectors.incoming import (
    current_files,
    document_actions,
    document_timeline,
    related_documents,
    visible_duplicates,
)
from documents.selectors.records_metadata import metadata_panel
from documents.selectors.records_workfiles import document_filing_for
from documents.views.files import INLINE_TYPES, preview

DETAIL_BODY = "documents/incoming/_detail_body.html"


def detail_context(request, document: Document, **bound_forms) -> dict:
    """Everything the detail page shows. `bound_forms` replaces a blank form by one with errors."""
    user = request.user
    actions = document_actions(user=user, document=document)
    files = current_files(document=document)
    pdf = next((f for f in files if (f.content_type or "").endswith("pdf") or f.name.lower().endswith(".pdf")),
                None)
    for a in actions.to_distribute:
        a.redistribute_form = bound_forms.pop(f"redistribute_{a.pk}", None) or RedistributeForm(assignment=a)
    for a in actions.to_work_on:
        a.progress_form = bound_forms.pop(f"progress_{a.pk}", None) or ProgressForm(assignment=a)
        a.complete_form = bound_forms.pop(f"complete_{a.pk}", None) or CompleteForm(assignment=a, user=user)
    context = {
        "document": document,
        "actions": actions,
        "files": files,
        "pdf": pdf,
        **preview(pdf, all_pages=bool(request.GET.get("moi-trang"))),
        "viewable_types": INLINE_TYPES,
        "duplicates": list(visible_duplicates(user=user, document=document))
        if document.state == Document.State.ARRIVED else [],
        "related": related_documents(user=user, document=document),
        "filing": document_filing_for(user=user, document=document),
        "timeline": document_timeline(document=document),
        "register_form": RegisterForm(),
        "reject_form": RejectForm(),
        "present_form": PresentForm(organization_id=document.organization_id) if actions.present else None,
        "recall_form": RecallAnswerForm(),
        "remind_form": RemindForm(),
        **metadata_panel(user=user, document=document),
    }
    context.update(bound_forms)
    return context


def respond(request, pk: int, **bound_forms):
    """After an action: the refreshed document body for htmx, else back to the detail page
    (re-rendered in place when a form has errors, so they show next to the fields)."""
    if request.htmx or bound_forms:
        document = document_get(user=request.user, pk=pk)
        context = detail_context(request, document, **bound_forms)
        template = DETAIL_BODY if request.htmx else "documents/incoming/detail.html"
        return render(request, template, context)
    return redirect("documents:detail", pk=pk)
