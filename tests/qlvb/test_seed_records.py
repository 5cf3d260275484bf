"""`manage.py seed_records`: what `make run` shows of records — a catalogue, an open hồ sơ and an
archived one — made through the services, and the same after a second run."""

import io

import pytest
from django.core.management import call_command

from documents.models import ArchiveTransfer, FileCatalogue, KeepBack, RecordFile
from qlvb.services.audit import audit_verify

pytestmark = pytest.mark.django_db


def _counts():
    return (FileCatalogue.objects.count(), RecordFile.objects.count(), ArchiveTransfer.objects.count())


def test_the_demo_has_a_catalogue_an_open_hồ_sơ_and_an_archived_one_and_a_second_run_adds_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_records", stdout=out)
    assert "Records ready" in out.getvalue()

    approved = FileCatalogue.objects.get(organization__organ_id="000.00.00.H05", state=FileCatalogue.State.APPROVED)
    assert approved.entries.filter(code="05.VXNV").exists()
    open_one = RecordFile.objects.get(code="05.VXNV", state=RecordFile.State.OPEN)
    assert open_one.owner.username == "backan.chuyenvien" and open_one.catalogue_entry.catalogue == approved
    archived = RecordFile.objects.get(code="02.VXNV", state=RecordFile.State.ARCHIVED)
    assert archived.archived_by.username == "backan.luutru" and archived.items.count() >= 2
    # Past its retention, waiting on the disposal review list; a request to keep one back waits for the head.
    assert RecordFile.objects.filter(code="VXNV.13.07", state=RecordFile.State.ARCHIVED).exists()
    assert KeepBack.objects.filter(record__owner__username="backan.chuyenvien").exists()

    before = _counts()
    call_command("seed_records", stdout=io.StringIO())
    assert _counts() == before
    assert audit_verify() == []
