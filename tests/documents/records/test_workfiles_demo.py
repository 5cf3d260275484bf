"""The demo's open hồ sơ of backan.chuyenvien: from the catalogue row when there is one, holding
807 and 814 when they exist, idempotent."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from documents.models.records import RecordFile
from qlvb.demo.records_workfiles import CODE, TITLE, demo_workfiles
from qlvb.models import Organization, User
from tests.documents.records.workfile_helpers import make_catalogue, make_doc

pytestmark = pytest.mark.django_db


def test_the_demo_opens_one_hồ_sơ_and_files_the_letters_once():
    call_command("seed_demo", stdout=io.StringIO())
    org = Organization.objects.get(organ_id="000.00.00.H05")
    owner = User.objects.get(username="backan.chuyenvien")
    year = timezone.localdate().year
    catalogue = make_catalogue(org, year=year, rows=[(CODE, TITLE, 10, owner.memberships.get().unit, None)])
    incoming = make_doc(org, symbol="807/VPCP-KSTT", created_by=owner, issued_on=None)
    answer = make_doc(org, symbol="814/UBND-VXNV", direction="out", created_by=owner, reply_to=incoming,
                      issued_on=None)

    record = demo_workfiles(stdout=io.StringIO())
    again = demo_workfiles()
    assert again.pk == record.pk and RecordFile.objects.count() == 1
    assert record.state == "open" and record.owner == owner and record.title == TITLE
    assert record.catalogue_entry == catalogue.entries.get(code=CODE) and record.retention_label == "10 năm"
    assert [i.document for i in record.items.order_by("ordinal")] == [incoming, answer]


def test_without_the_story_the_hồ_sơ_is_empty():
    call_command("seed_demo", stdout=io.StringIO())
    record = demo_workfiles()
    assert record.code == CODE and not record.items.exists() and record.catalogue_entry is None
