"""The page shell: home ("Việc của tôi") and its navbar badge."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from documents.models.notices import Notice
from documents.selectors.work import my_work as my_work_sections
from documents.selectors.work import my_work_count as my_work_total
from documents.services.notices import notice_mark_read
from qlvb.access import memberships
from qlvb.delegation_selectors import delegations_received_in_force


@login_required
@require_GET
def my_work(request):
    """What waits for me, per role, urgent first then by deadline."""
    sections = my_work_sections(user=request.user)
    return render(request, "documents/my_work.html", {
        "memberships": list(memberships(request.user)),
        "sections": sections,
        "total": sum(s.count for s in sections),
        "has_roles": any(s.key != "reminders" for s in sections),
        "delegations_received": list(delegations_received_in_force(request.user)),
        "notices": list(Notice.objects.filter(user=request.user, read_at__isnull=True)[:20]),
    })


@login_required
@require_POST
def notice_read(request, pk: int | None = None):
    """Mark one of my notices (or all of them) read; another person's is left alone."""
    notice_mark_read(user=request.user, notice_id=pk)
    return redirect("my-work")


@login_required
@require_GET
def my_work_count(request):
    """The navbar badge, refreshed by htmx every minute."""
    return render(request, "documents/_my_work_badge.html", {"count": my_work_total(user=request.user)})
