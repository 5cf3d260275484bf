"""The rules of the yearly file catalogue (danh mục hồ sơ, NĐ30 Điều 28): who drafts, who approves,
what an approved catalogue allows, copying last year, and the audit of every change."""

from __future__ import annotations

import datetime as dt

import pytest

from documents.errors import CatalogueError
from documents.models import CatalogueEntry, FileCatalogue
from documents.selectors.records_catalogue import catalogue_rows, catalogue_summary
from documents.services.records.catalogue import (
    EntryFields,
    catalogue_approve,
    catalogue_copy_previous,
    catalogue_create,
    catalogue_entry_add,
    catalogue_entry_change,
    catalogue_entry_move,
    catalogue_entry_remove,
    catalogue_reopen,
    responsible_match,
    retention_parse,
)
from qlvb.errors import Forbidden, Refused
from qlvb.models import AuditEvent
from tests.documents.records.catalogue_fixtures import filled, office  # noqa: F401

pytestmark = pytest.mark.django_db
JAN_5 = dt.date(2026, 1, 5)


def _rows(catalogue):
    return [(r.number, r.entry.kind, r.entry.code, r.entry.title) for r in catalogue_rows(catalogue)]


def _actions(catalogue):
    return list(AuditEvent.objects.filter(object_type="documents.filecatalogue", object_id=str(catalogue.pk))
                .order_by("seq").values_list("action", flat=True))


@pytest.mark.parametrize(("text", "years"), [("Vĩnh viễn", 0), ("vĩnh viễn", 0), ("VV", 0), ("10 năm", 10),
                                             ("10", 10), (" 70  năm ", 70), (5, 5), ("5 nam", 5)])
def test_retention_is_read_as_people_write_it(text, years):
    assert retention_parse(text) == years


@pytest.mark.parametrize("text", ["lâu dài", "0 năm", "mười năm", "10 tháng", "-5", "1000 năm"])
def test_an_unknown_retention_is_refused_in_vietnamese(text):
    with pytest.raises(Refused) as caught:
        retention_parse(text)
    assert caught.value.code == CatalogueError.RETENTION_UNKNOWN
    assert "không phải thời hạn bảo quản" in caught.value.text("vi")


def test_headings_are_numbered_from_their_order(office):  # noqa: F811
    catalogue = filled(office)
    assert _rows(catalogue) == [
        ("I", "heading", "", "TỔNG HỢP"), ("", "file", "01.TH", "Chương trình công tác"),
        ("II", "heading", "", "VĂN HÓA - XÃ HỘI"), ("1", "subheading", "", "Chuyển đổi số"),
        ("", "file", "05.VXNV", "Hồ sơ gửi, nhận văn bản điện tử"), ("", "file", "06.VXNV", "Hồ sơ chuyển đổi số")]
    summary = catalogue_summary(catalogue)
    assert (summary.files, summary.permanent, summary.limited) == (3, 1, 2)


def test_clerks_and_leaders_draft_others_may_not(office):  # noqa: F811
    catalogue = catalogue_create(actor=office["leader"], organization=office["org"], year=2026)
    for who in ("specialist", "head", "archivist", "other_clerk"):
        with pytest.raises(Forbidden):
            catalogue_create(actor=office[who], organization=office["org"], year=2025)
        with pytest.raises(Forbidden):
            catalogue_entry_add(actor=office[who], catalogue=catalogue,
                                fields=EntryFields(kind="heading", title="TỔNG HỢP"))
    assert FileCatalogue.objects.count() == 1 and not catalogue.entries.exists()


def test_one_catalogue_per_organization_and_year(office):  # noqa: F811
    catalogue_create(actor=office["clerk"], organization=office["org"], year=2026)
    with pytest.raises(Refused) as caught:
        catalogue_create(actor=office["leader"], organization=office["org"], year=2026)
    assert caught.value.code == CatalogueError.ALREADY_EXISTS
    with pytest.raises(Refused):
        catalogue_create(actor=office["clerk"], organization=office["org"], year=3000)
    # another organization has its own
    catalogue_create(actor=office["other_clerk"], organization=office["other"], year=2026)


def test_row_rules(office):  # noqa: F811
    catalogue = catalogue_create(actor=office["clerk"], organization=office["org"], year=2026)

    def add(**kw):
        return catalogue_entry_add(actor=office["clerk"], catalogue=catalogue, fields=EntryFields(**kw))

    for kw, code in [
        ({"kind": "file", "code": "01.TH", "title": "X", "retention_years": 5}, CatalogueError.FILE_BEFORE_HEADING),
        ({"kind": "subheading", "title": "X"}, CatalogueError.SUBHEADING_BEFORE_HEADING),
        ({"kind": "heading", "title": "  "}, CatalogueError.TITLE_REQUIRED),
        ({"kind": "heading", "title": "X", "code": "01"}, CatalogueError.HEADING_HAS_FILE_FIELDS),
    ]:
        with pytest.raises(Refused) as caught:
            add(**kw)
        assert caught.value.code == code
    assert add(kind="heading", title="I. TỔNG HỢP").title == "TỔNG HỢP"  # numbered by its place
    for kw, code in [
        ({"kind": "file", "code": "", "title": "X", "retention_years": 5}, CatalogueError.CODE_REQUIRED),
        ({"kind": "file", "code": "01.TH", "title": "X"}, CatalogueError.RETENTION_REQUIRED),
        ({"kind": "file", "code": "01.TH", "title": "X" * 1001, "retention_years": 5}, CatalogueError.TOO_LONG),
    ]:
        with pytest.raises(Refused) as caught:
            add(**kw)
        assert caught.value.code == code
    add(kind="file", code="01.TH", title="Chương trình", retention_years=5)
    with pytest.raises(Refused) as caught:
        add(kind="file", code="01.th", title="Trùng", retention_years=5)
    assert caught.value.code == CatalogueError.CODE_DUPLICATE
    # the first heading cannot go while file rows hang from it
    with pytest.raises(Refused):
        catalogue_entry_remove(actor=office["clerk"], entry=catalogue.entries.get(kind="heading"))
    assert catalogue.entries.count() == 2


def test_rows_are_inserted_moved_and_removed_in_order(office):  # noqa: F811
    catalogue = filled(office)
    first_file = catalogue.entries.get(code="01.TH")
    catalogue_entry_add(actor=office["clerk"], catalogue=catalogue, after=first_file,
                        fields=EntryFields(kind="file", code="02.TH", title="Báo cáo", retention_years=10))
    codes = [r[2] for r in _rows(catalogue) if r[2]]
    assert codes == ["01.TH", "02.TH", "05.VXNV", "06.VXNV"]
    catalogue_entry_move(actor=office["leader"], entry=catalogue.entries.get(code="06.VXNV"), up=True)
    assert [r[2] for r in _rows(catalogue) if r[2]] == ["01.TH", "02.TH", "06.VXNV", "05.VXNV"]
    with pytest.raises(Refused):  # a file row cannot climb above the first heading
        catalogue_entry_move(actor=office["clerk"], entry=catalogue.entries.get(code="01.TH"), up=True)
        catalogue_entry_move(actor=office["clerk"], entry=catalogue.entries.get(code="01.TH"), up=True)
    catalogue_entry_remove(actor=office["clerk"], entry=catalogue.entries.get(code="02.TH"))
    assert list(catalogue.entries.order_by("position").values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]
    entry = catalogue.entries.get(code="05.VXNV")
    catalogue_entry_change(actor=office["clerk"], entry=entry, fields=EntryFields(
        kind="heading", code="05.VXNV", title="Hồ sơ sửa tên", retention_years=0, responsible_text="Chuyên viên"))
    entry.refresh_from_db()
    assert (entry.kind, entry.title, entry.retention_years, entry.responsible_text) == (
        "file", "Hồ sơ sửa tên", 0, "Chuyên viên")
    assert _actions(catalogue).count("catalogue.entry.change") == 1
    assert {"catalogue.create", "catalogue.entry.add", "catalogue.entry.move", "catalogue.entry.remove"} <= set(
        _actions(catalogue))


def test_only_the_head_approves_with_the_decision_then_it_is_read_only(office):  # noqa: F811
    catalogue = filled(office)
    for who in ("clerk", "specialist", "archivist", "other_leader"):
        with pytest.raises(Forbidden):
            catalogue_approve(actor=office[who], catalogue=catalogue, decision="05/QĐ-UBND", decision_date=JAN_5)
    with pytest.raises(Refused) as caught:
        catalogue_approve(actor=office["leader"], catalogue=catalogue, decision="", decision_date=JAN_5)
    assert caught.value.code == CatalogueError.DECISION_REQUIRED
    catalogue_approve(actor=office["leader"], catalogue=catalogue, decision="05/QĐ-UBND", decision_date=JAN_5)
    catalogue.refresh_from_db()
    assert (catalogue.state, catalogue.decision, catalogue.decision_date, catalogue.approved_by) == (
        "approved", "05/QĐ-UBND", JAN_5, office["leader"])
    entry = catalogue.entries.get(code="01.TH")
    for call in (
        lambda: catalogue_entry_add(actor=office["clerk"], catalogue=catalogue,
                                    fields=EntryFields(kind="heading", title="MỚI")),
        lambda: catalogue_entry_change(actor=office["clerk"], entry=entry,
                                       fields=EntryFields(kind="file", code="01.TH", title="Y", retention_years=1)),
        lambda: catalogue_entry_remove(actor=office["leader"], entry=entry),
        lambda: catalogue_entry_move(actor=office["clerk"], entry=entry, up=False),
        lambda: catalogue_approve(actor=office["leader"], catalogue=catalogue, decision="06", decision_date=JAN_5),
    ):
        with pytest.raises(Refused) as caught:
            call()
        assert caught.value.code == CatalogueError.NOT_A_DRAFT
    entry.refresh_from_db()
    assert entry.title == "Chương trình công tác" and catalogue.entries.count() == 6


def test_an_empty_catalogue_is_not_approved(office):  # noqa: F811
    catalogue = catalogue_create(actor=office["clerk"], organization=office["org"], year=2026)
    with pytest.raises(Refused) as caught:
        catalogue_approve(actor=office["leader"], catalogue=catalogue, decision="1/QĐ", decision_date=JAN_5)
    assert caught.value.code == CatalogueError.EMPTY


def test_the_head_reopens_with_a_reason_audited(office):  # noqa: F811
    catalogue = filled(office)
    with pytest.raises(Refused):
        catalogue_reopen(actor=office["leader"], catalogue=catalogue, reason="Sửa")  # not approved yet
    catalogue_approve(actor=office["leader"], catalogue=catalogue, decision="05/QĐ-UBND", decision_date=JAN_5)
    with pytest.raises(Forbidden):
        catalogue_reopen(actor=office["clerk"], catalogue=catalogue, reason="Sửa")
    with pytest.raises(Forbidden):
        catalogue_reopen(actor=office["other_leader"], catalogue=catalogue, reason="Sửa")
    with pytest.raises(Refused) as caught:
        catalogue_reopen(actor=office["leader"], catalogue=catalogue, reason=" ")
    assert caught.value.code == CatalogueError.REOPEN_REASON_REQUIRED
    catalogue_reopen(actor=office["leader"], catalogue=catalogue, reason="Bổ sung hồ sơ chuyển đổi số")
    catalogue.refresh_from_db()
    assert catalogue.state == "draft" and catalogue.approved_by is None
    event = AuditEvent.objects.filter(action="catalogue.reopen").get()
    assert event.actor == office["leader"] and event.data["reason"] == "Bổ sung hồ sơ chuyển đổi số"
    assert event.data["was"]["decision"] == "05/QĐ-UBND"
    catalogue_entry_add(actor=office["clerk"], catalogue=catalogue,
                        fields=EntryFields(kind="file", code="07.VXNV", title="Bổ sung", retention_years=5))
    assert _actions(catalogue)[-3:] == ["catalogue.approve", "catalogue.reopen", "catalogue.entry.add"]


def test_copy_from_last_year_keeps_every_row(office):  # noqa: F811
    last = filled(office, year=2025)
    catalogue_approve(actor=office["leader"], catalogue=last, decision="05/QĐ-UBND", decision_date=JAN_5)
    new = catalogue_create(actor=office["clerk"], organization=office["org"], year=2026, copy_previous=True)
    assert new.copied_from == last and new.state == "draft"
    fields = ("kind", "code", "title", "retention_years", "responsible_user", "responsible_unit", "responsible_text",
              "notes", "position")
    assert list(new.entries.values_list(*fields)) == list(last.entries.values_list(*fields))
    with pytest.raises(Refused) as caught:  # not twice into a filled draft
        catalogue_copy_previous(actor=office["clerk"], catalogue=new)
    assert caught.value.code == CatalogueError.NOT_EMPTY
    first = catalogue_create(actor=office["clerk"], organization=office["org"], year=2020)
    with pytest.raises(Refused) as caught:
        catalogue_copy_previous(actor=office["clerk"], catalogue=first)
    assert caught.value.code == CatalogueError.NO_PREVIOUS
    assert AuditEvent.objects.filter(action="catalogue.copy", data__from_year=2025).exists()


def test_a_row_with_work_files_cannot_be_removed(office):  # noqa: F811
    from documents.models import RecordFile

    catalogue = filled(office)
    entry = catalogue.entries.get(code="05.VXNV")
    RecordFile.objects.create(organization=office["org"], year=2026, catalogue_entry=entry, code="05.VXNV",
                              title=entry.title, retention_years=10, owner=office["specialist"],
                              started_on=JAN_5)
    with pytest.raises(Refused) as caught:
        catalogue_entry_remove(actor=office["clerk"], entry=entry)
    assert caught.value.code == CatalogueError.ENTRY_IN_USE
    assert CatalogueEntry.objects.filter(pk=entry.pk).exists()


def test_responsible_people_and_units_are_matched_to_accounts(office):  # noqa: F811
    org = office["org"]
    assert responsible_match(org, "Nông Thị Mai - VXNV") == (office["vxnv"], office["specialist"])
    assert responsible_match(org, "nông thị mai") == (office["vxnv"], office["specialist"])
    assert responsible_match(org, "Phòng Văn xã - Nội vụ") == (office["vxnv"], None)
    assert responsible_match(org, "Hoàng Thị Nhung") == (None, office["clerk"])
    assert responsible_match(org, "Ông Nguyễn Văn Ngoài") == (None, None)
    assert responsible_match(org, "Hoàng Văn Bình") == (None, None)  # another organization's leader
