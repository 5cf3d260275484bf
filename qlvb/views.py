"""The page shell: home ("Việc của tôi"), health of the process."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from documents.selectors import document_list

from .selectors import membership_list


@login_required
def my_work(request):
    memberships = list(membership_list(user=request.user))
    # The workflow issues fill these lists; the shell shows each role its sections.
    sections = []
    roles = set().union(*(m.role_set for m in memberships)) if memberships else set()
    if "clerk" in roles:
        arrived = document_list(user=request.user, direction="in").filter(state="arrived")[:50]
        sections.append({"key": "to_register", "title": "Văn bản chờ vào sổ", "items": list(arrived)})
    if roles & {"leader", "unit_head"}:
        sections.append({"key": "to_instruct", "title": "Văn bản chờ cho ý kiến chỉ đạo", "items": []})
    if roles & {"specialist", "unit_head"}:
        sections.append({"key": "to_process", "title": "Văn bản cần xử lý", "items": []})
    return render(request, "qlvb/my_work.html", {"memberships": memberships, "sections": sections})
