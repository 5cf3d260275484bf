"""Demo data of the access history: who opened, downloaded and printed Bắc Kạn's documents.

`demo_accesslog` works on the demo cast (`seed_demo`) and whatever documents with files Bắc Kạn
holds (the story's 807 and 814 after `seed_story`, the hồ sơ demos): for the latest of them, the
clerk opened each the day it came, the specialist opened it and printed it, the leader opened it.
Idempotent: each access has a fixed event id, so running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from documents.models import Document, DocumentFile, FileAccess
from documents.services.access_log import file_access_add
from qlvb.models import Organization, User

BACKAN = "000.00.00.H05"
NAMESPACE = uuid.UUID("6f1d8e52-4b7a-4c1e-9a57-0d3c2b8f41a5")
# who, what, hours after the document was made
VISITS = [("backan.vanthu", FileAccess.Action.PAGE_IMAGE, 1), ("backan.lanhdao", FileAccess.Action.PAGE_IMAGE, 3),
          ("backan.chuyenvien", FileAccess.Action.PAGE_IMAGE, 5), ("backan.chuyenvien", FileAccess.Action.DOWNLOAD, 5),
          ("backan.chuyenvien", FileAccess.Action.PRINT, 6)]


def demo_accesslog(stdout=None, *, limit: int = 10) -> int:
    organization = Organization.objects.filter(organ_id=BACKAN).first()
    people = {u.username: u for u in User.objects.filter(username__in={v[0] for v in VISITS})}
    if organization is None or len(people) < len({v[0] for v in VISITS}):
        if stdout:
            stdout.write("access history: the demo cast is missing (run seed_demo first)\n")
        return 0
    added = 0
    documents = Document.objects.filter(organization=organization, files__isnull=False).distinct().order_by("-pk")
    for document in documents[:limit]:
        stored = DocumentFile.objects.filter(document=document).order_by("role", "id").first()
        for username, action, hours in VISITS:
            at = min(document.created_at + dt.timedelta(hours=hours), timezone.now())
            event = uuid.uuid5(NAMESPACE, f"{document.pk}/{stored.pk}/{username}/{action}")
            added += file_access_add(user=people[username], document=document, stored=stored, action=action, at=at,
                                     event_id=event, page=1 if action == FileAccess.Action.PAGE_IMAGE else None,
                                     address="10.5.0.12", agent="Mozilla/5.0 (demo)")
    if stdout:
        stdout.write(f"access history: {added} accesses added to Bắc Kạn's documents\n")
    return added
