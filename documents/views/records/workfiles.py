"""The work-file screens (hồ sơ công việc): the list, the hồ sơ page, and its actions. Thin: reads
go through documents.selectors.records_workfiles, writes through
documents.services.records.workfiles."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from documents.models.records import RecordFile
from documents.selectors import records_workfiles as sel


def _record(request, pk: int) -> RecordFile:
    record = sel.record_file_for(user=request.user, pk=pk)
    if record is None:
        raise Http404("Không có hồ sơ này, hoặc bạn không có quyền xem.")
    return record


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def record_index(request):
    year = _int(request.GET.get("nam"))
    state = request.GET.get("trang-thai", "")
    if state not in RecordFile.State.values:
        state = ""
    mine = request.GET.get("cua-toi") == "1"
    records = sel.record_files_for(user=request.user, year=year, state=state, mine=mine)
    return render(request, "documents/records/index.html", {
        "records": records[:500], "years": sel.record_years_for(user=request.user), "year": year,
        "state": state, "mine": mine, "states": RecordFile.State.choices,
    })


@login_required
def record_detail(request, pk: int):
    record = _record(request, pk)
    return render(request, "documents/records/detail.html", {
        "record": record, "items": sel.record_items(record),
    })
