"""The demo's archived hồ sơ: Bắc Kạn's, of last year, accepted by backan.luutru with its papers; idempotent."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from documents.models import RecordFile
from documents.models.records_archive import ArchiveTransfer
from qlvb.demo.records_archive import demo_archive
from tests.documents.records.archive_helpers import enqueued_fixture, media_fixture  # noqa: F401 - fixtures
from tests.e2e.story_fixtures import DEVNULL

pytestmark = pytest.mark.django_db


def test_demo_archive_is_an_archived_hồ_sơ_with_its_papers_and_runs_twice(media, enqueued):
    call_command("seed_demo", stdout=DEVNULL)
    record = demo_archive()
    assert record.state == RecordFile.State.ARCHIVED and record.year == timezone.localdate().year - 1
    assert record.archived_by.username == "backan.luutru" and record.items.count() == 3
    transfer = ArchiveTransfer.objects.get(records=record)
    assert transfer.minutes_pdf and transfer.catalogue_pdf and transfer.file_count == 3
    assert enqueued == [("documents.records_longterm_proof", record.pk)]
    assert demo_archive().pk == record.pk and ArchiveTransfer.objects.count() == 1
