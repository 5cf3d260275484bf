"""Review of a draft before signing: the unit head checks the content, the clerk the format."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from documents.forms.outgoing import CommentForm, ReviewForm
from documents.selectors.outgoing import outgoing_get
from documents.services.outgoing.review import review_decide
from documents.views.common import run_service
from documents.views.outgoing.pages import page_context


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    document = outgoing_get(user=request.user, pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = "approve" in request.POST
        done = run_service(request, lambda: review_decide(actor=request.user, document=document, approve=approve,
                                                          comment=form.cleaned_data["comment"]),
                           "Đã đồng ý dự thảo." if approve else "Đã trả lại dự thảo cho người soạn thảo.")
        if done:
            return redirect("outgoing:detail", pk=pk)
    context = page_context(request, document, review_form=form, comment_form=CommentForm())
    return render(request, "documents/outgoing/review.html", context)
