"""The rows a person opens work files from (`catalogue_entries_to_open`, for the work-files part),
and the demo catalogues of Bắc Kạn."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from documents.models import FileCatalogue
from documents.selectors.records_catalogue import catalogue_entries_to_open, catalogue_summary
from documents.services.records.catalogue import EntryFields, catalogue_approve, catalogue_entry_add
from qlvb.demo.records_catalogue import STORY_ROW, demo_catalogue
from qlvb.models import User
from tests.documents.records.catalogue_fixtures import filled, office  # noqa: F401

pytestmark = pytest.mark.django_db


def _codes(user, year=2026):
    return [e.code for e in catalogue_entries_to_open(user=user, year=year)]


def test_only_an_approved_catalogue_of_my_organization_and_year_is_offered(office):  # noqa: F811
    catalogue = filled(office)
    assert _codes(office["specialist"]) == []  # a draft is not a basis to open hồ sơ
    catalogue_entry_add(actor=office["clerk"], catalogue=catalogue, fields=EntryFields(
        kind="file", code="07.TH", title="Giao cho văn thư", retention_years=5, responsible_user=office["clerk"]))
    catalogue_approve(actor=office["leader"], catalogue=catalogue, decision="05/QĐ-UBND",
                      decision_date=dt.date(2026, 1, 5))
    # mine first (05.VXNV names the specialist), then my unit's (06.VXNV), then the rest in order
    assert _codes(office["specialist"]) == ["05.VXNV", "06.VXNV", "01.TH", "07.TH"]
    assert _codes(office["head"]) == ["05.VXNV", "06.VXNV", "01.TH", "07.TH"]  # both of the unit
    assert _codes(office["clerk"]) == ["07.TH", "01.TH", "05.VXNV", "06.VXNV"]
    assert _codes(office["specialist"], year=2025) == []
    assert _codes(office["other_leader"]) == []  # another organization
    assert {e.kind for e in catalogue_entries_to_open(user=office["clerk"], year=2026)} == {"file"}


def test_the_demo_catalogues_of_backan(settings):
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    current, following = demo_catalogue(stdout=out)
    year = timezone.localdate().year
    assert (current.year, current.state, current.decision) == (year, "approved", "05/QĐ-UBND")
    assert (following.year, following.state, following.copied_from) == (year + 1, "draft", current)
    assert following.entries.count() == current.entries.count() >= 14
    summary = catalogue_summary(current)
    assert summary.files >= 10 and summary.permanent >= 3
    specialist = User.objects.get(username="backan.chuyenvien")
    rows = list(catalogue_entries_to_open(user=specialist, year=year))
    story = rows[0]
    assert (story.code, story.title, story.retention_years) == (
        STORY_ROW, "Hồ sơ về việc tăng cường gửi, nhận văn bản điện tử", 10)
    assert story.responsible_user == specialist and story.responsible_unit.abbreviation == "VXNV"
    assert "Danh mục hồ sơ năm" in out.getvalue()
    # idempotent: a second run changes nothing
    assert demo_catalogue() == (current, following)
    assert FileCatalogue.objects.count() == 2
