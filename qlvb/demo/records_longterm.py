"""Demo data of the long-term proof part (issue 15 item 4): every archived hồ sơ of the demo gets
the PAdES B-LTA versions of its signed files, through the service (needs the local TSA of
``make run``). Idempotent: a second run adds nothing."""

from __future__ import annotations


def demo_longterm(stdout=None) -> dict:
    from documents.models import RecordFile
    from documents.services.records.longterm import record_longterm_proof_add

    totals = {"added": 0, "renewed": 0, "failed": 0, "skipped": 0}
    for record in RecordFile.objects.filter(state=RecordFile.State.ARCHIVED).order_by("pk"):
        for key, value in record_longterm_proof_add(record=record).as_dict().items():
            totals[key] += value
    if stdout is not None:
        stdout.write(f"long-term proofs: {totals['added']} added, {totals['failed']} failed\n")
    return totals
