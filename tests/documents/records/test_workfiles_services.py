"""The rules of work files (NĐ30 Điều 29): opening from the catalogue or outside it, filing in the
order of the work, once per hồ sơ and per person, closing after review, reopening, the codes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import override_settings

from documents.errors import RecordsError
from documents.models import Assignment, DocumentAccess, Instruction
from documents.models.notices import Notice
from documents.models.records import PERMANENT, RecordFile, RecordItem
from documents.selectors import records_workfiles as sel
from documents.services.records import workfiles as svc
from qlvb.errors import Refused
from qlvb.models import AuditEvent
from tests.documents.records.workfile_helpers import YEAR, make_catalogue, make_doc, make_office, pdf_bytes
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _open(office, actor=None, code="01.VXNV", **kw):
    return svc.record_file_open(actor=actor or office.specialist, organization=office.org, title=kw.pop("title", "Hồ sơ thử"),
                                code=code, retention_years=kw.pop("retention_years", 10),
                                started_on=kw.pop("started_on", dt.date(YEAR, 1, 10)), **kw)


def _refused(code, call):
    with pytest.raises(Refused) as info:
        call()
    assert info.value.code == code
    return info.value


# --- opening -----------------------------------------------------------------------------------


def test_opening_from_the_approved_catalogue_copies_the_row_and_lists_my_rows_first():
    office = make_office()
    catalogue = make_catalogue(office.org, rows=[
        ("01.KT", "Hồ sơ kinh tế", 5, office.other_unit, None),
        ("05.VXNV", "Hồ sơ về việc tăng cường gửi, nhận văn bản điện tử", 10, office.unit, None),
        ("07.TH", "Hồ sơ tổng hợp", PERMANENT, None, office.specialist),
    ])
    rows = sel.openable_catalogue_entries(user=office.specialist, organization=office.org, year=YEAR)
    assert [r.code for r in rows] == ["05.VXNV", "07.TH", "01.KT"]  # mine and my unit's first

    entry = catalogue.entries.get(code="05.VXNV")
    record = svc.record_file_open(actor=office.specialist, organization=office.org, catalogue_entry=entry)
    assert (record.code, record.retention_years, record.year, record.catalogue_entry) == ("05.VXNV", 10, YEAR, entry)
    assert record.owner == office.specialist and record.unit == office.unit and record.state == "open"
    assert AuditEvent.objects.filter(action="record.open", object_id=str(record.pk)).exists()
    assert "05.VXNV" not in [r.code for r in sel.openable_catalogue_entries(
        user=office.colleague, organization=office.org, year=YEAR)]

    # Once per organization and year, whoever tries.
    e = _refused(RecordsError.CATALOGUE_ENTRY_ALREADY_OPENED, lambda: svc.record_file_open(
        actor=office.colleague, organization=office.org, catalogue_entry=entry))
    assert "05.VXNV" in e.text()
    assert RecordFile.objects.count() == 1


def test_a_draft_catalogue_or_another_organizations_row_cannot_be_opened():
    office, other = make_office(), make_office()
    draft = make_catalogue(office.org, approved=False, rows=[("01.VP", "Nháp", 5, None, None)])
    theirs = make_catalogue(other.org, rows=[("02.VP", "Của cơ quan khác", 5, None, None)])
    for entry in (draft.entries.get(code="01.VP"), theirs.entries.get(code="02.VP"),
                  draft.entries.get(kind="heading")):
        _refused(RecordsError.CATALOGUE_ENTRY_NOT_OPENABLE, lambda e=entry: svc.record_file_open(
            actor=office.specialist, organization=office.org, catalogue_entry=e))
    assert not RecordFile.objects.exists()
    assert sel.openable_catalogue_entries(user=office.specialist, organization=office.org, year=YEAR) == []


def test_opening_outside_the_catalogue_checks_its_fields():
    office = make_office()
    record = _open(office, actor=office.clerk, code="12.VT", retention_years=PERMANENT)
    assert record.unit is None and record.retention_label == "Vĩnh viễn" and record.year == YEAR
    _refused(RecordsError.RECORD_TITLE_REQUIRED, lambda: _open(office, code="13", title="   "))
    _refused(RecordsError.RECORD_CODE_REQUIRED, lambda: _open(office, code=""))
    for bad in ("abc", -1, 71, None, ""):
        e = _refused(RecordsError.BAD_RETENTION, lambda b=bad: _open(office, code="14", retention_years=b))
    assert "vĩnh viễn" in e.text("vi")
    e = _refused(RecordsError.RECORD_CODE_TAKEN, lambda: _open(office, code="12.vt"))
    assert "12.vt" in e.text("vi") and "2026" in e.text("vi")
    assert RecordFile.objects.count() == 1


def test_who_may_open():
    office = make_office()
    for person in (office.specialist, office.unit_head, office.clerk, office.leader):
        _open(office, actor=person, code=f"C{person.pk}")
    archivist = make_user(office.org, ["archivist"])
    with pytest.raises(PermissionDenied):
        _open(office, actor=archivist, code="X")
    stranger = make_office().specialist
    with pytest.raises(PermissionDenied):
        _open(office, actor=stranger, code="Y")


# --- filing ------------------------------------------------------------------------------------


def test_documents_are_appended_in_order_once_per_hồ_sơ_and_once_per_person():
    office = make_office()
    record = _open(office)
    d1 = make_doc(office.org, symbol="807/VPCP-KSTT", created_by=office.specialist)
    d2 = make_doc(office.org, symbol="814/UBND-VXNV", direction="out", created_by=office.specialist)
    assert svc.record_document_add(actor=office.specialist, record=record, document=d1).ordinal == 1
    assert svc.record_document_add(actor=office.specialist, record=record, document=d2).ordinal == 2
    e = _refused(RecordsError.DOCUMENT_ALREADY_FILED, lambda: svc.record_document_add(
        actor=office.specialist, record=record, document=d1))
    assert "01.VXNV" in e.text("vi")

    # The same person files a document in one of their hồ sơ.
    second = _open(office, code="02.VXNV")
    e = _refused(RecordsError.DOCUMENT_ALREADY_FILED, lambda: svc.record_document_add(
        actor=office.specialist, record=second, document=d1))
    assert "01.VXNV" in e.text("vi")
    assert RecordItem.objects.count() == 2


def test_another_person_files_the_same_document_in_their_own_hồ_sơ_without_a_copy():
    """Phụ lục VI III.4.e: one document, several hồ sơ of different accounts, no duplicate document."""
    from documents.selectors.records_workfiles import document_filing_for

    office = make_office()
    record = _open(office)
    d1 = make_doc(office.org, symbol="807/VPCP-KSTT", created_by=office.specialist)
    svc.record_document_add(actor=office.specialist, record=record, document=d1)
    record.access = RecordFile.Access.RESTRICTED
    record.save()

    clerk_record = _open(office, actor=office.clerk, code="03.VT")
    item = svc.record_document_add(actor=office.clerk, record=clerk_record, document=d1)
    assert item.ordinal == 1 and item.document_id == d1.pk
    assert RecordItem.objects.filter(document=d1).count() == 2

    # Each sees the filing nearest to them, and that one other hồ sơ holds it too.
    mine = document_filing_for(user=office.clerk, document=d1)
    assert mine["file_code"].endswith("03.VT") and mine["record"] == clerk_record and mine["others"] == 1
    theirs = document_filing_for(user=office.specialist, document=d1)
    assert theirs["file_code"].endswith("01.VXNV") and theirs["others"] == 1


def test_only_visible_documents_of_the_organization_can_be_filed():
    office, other = make_office(), make_office()
    record = _open(office)
    hidden = make_doc(office.org, symbol="1/KT", created_by=office.other_head)  # not the specialist's
    with pytest.raises(Http404):
        svc.record_document_add(actor=office.specialist, record=record, document=hidden)
    theirs = make_doc(other.org, symbol="2/X")
    DocumentAccess.objects.create(document=theirs, user=office.specialist)
    _refused(RecordsError.DOCUMENT_OTHER_ORGANIZATION, lambda: svc.record_document_add(
        actor=office.specialist, record=record, document=theirs))
    assert not record.items.exists()


def test_another_person_cannot_add_to_my_hồ_sơ():
    office = make_office()
    record = _open(office)
    record.access = RecordFile.Access.ORGANIZATION
    record.save()
    doc = make_doc(office.org, symbol="3/UBND", created_by=office.colleague)
    with pytest.raises(PermissionDenied):
        svc.record_document_add(actor=office.colleague, record=record, document=doc)
    with pytest.raises(PermissionDenied):
        svc.record_file_close(actor=office.leader, record=record)
    assert not record.items.exists()


def test_files_are_stored_with_their_hash_and_checked():
    office = make_office()
    record = _open(office)
    item = svc.record_file_attach(actor=office.specialist, record=record, kind="minutes", title="Biên bản họp",
                                  name="../bien-ban.pdf", data=pdf_bytes(2), content_type="application/pdf")
    assert item.ordinal == 1 and item.size > 0 and len(item.sha256) == 64 and item.file_name == "bien-ban.pdf"
    _refused(RecordsError.UPLOAD_EMPTY, lambda: svc.record_file_attach(
        actor=office.specialist, record=record, kind="photo", title="Ảnh", name="a.jpg", data=b""))
    _refused(RecordsError.ITEM_TITLE_REQUIRED, lambda: svc.record_file_attach(
        actor=office.specialist, record=record, kind="photo", title=" ", name="a.jpg", data=b"x"))
    _refused(RecordsError.BAD_ITEM_KIND, lambda: svc.record_file_attach(
        actor=office.specialist, record=record, kind="document", title="A", name="a.jpg", data=b"x"))
    with override_settings(QLVB_UPLOAD_MAX_MB=1):
        e = _refused(RecordsError.UPLOAD_TOO_LARGE, lambda: svc.record_file_attach(
            actor=office.specialist, record=record, kind="other", title="Lớn", name="big.bin",
            data=b"x" * (1024 * 1024 + 1)))
    assert "1 MB" in e.text("vi")
    assert record.items.count() == 1


def test_reorder_and_remove_keep_the_ordinals_without_gaps():
    office = make_office()
    record = _open(office)
    docs = [make_doc(office.org, symbol=f"{n}/UBND", created_by=office.specialist) for n in range(1, 5)]
    items = [svc.record_document_add(actor=office.specialist, record=record, document=d) for d in docs]
    svc.record_item_move(actor=office.specialist, record=record, item_id=items[2].pk, up=True)
    assert [i.document.symbol for i in record.items.order_by("ordinal")] == ["1/UBND", "3/UBND", "2/UBND", "4/UBND"]
    svc.record_item_move(actor=office.specialist, record=record, item_id=items[3].pk, up=False)  # already last
    svc.record_item_remove(actor=office.specialist, record=record, item_id=items[0].pk)
    assert list(record.items.order_by("ordinal").values_list("ordinal", "document__symbol")) == [
        (1, "3/UBND"), (2, "2/UBND"), (3, "4/UBND")]
    assert AuditEvent.objects.filter(action="record.item.move").count() == 1
    assert AuditEvent.objects.filter(action="record.item.remove").count() == 1
    # The removed document can be filed again.
    assert svc.record_document_add(actor=office.specialist, record=record, document=docs[0]).ordinal == 4


# --- suggestions and the picker ----------------------------------------------------------------


def test_suggestions_bring_the_thread_and_what_i_handled():
    office = make_office()
    record = _open(office)
    incoming = make_doc(office.org, symbol="807/VPCP-KSTT", subject="Về việc tăng cường gửi, nhận văn bản điện tử")
    answer = make_doc(office.org, symbol="814/UBND-VXNV", direction="out", created_by=office.specialist,
                      reply_to=incoming)
    Instruction_ = Instruction.objects.create(document=incoming, author=office.leader, text="Giao VXNV")
    Assignment.objects.create(document=incoming, instruction=Instruction_, role="lead", unit=office.unit,
                              assigned_by=office.leader)
    DocumentAccess.objects.create(document=incoming, user=office.specialist)
    last_year = make_doc(office.org, symbol="9/UBND", created_by=office.specialist, issued_on=dt.date(YEAR - 1, 5, 1))
    suggestions = sel.filing_suggestions(user=office.specialist, record=record)
    handled = [d.symbol for d in suggestions["handled"]]
    assert "807/VPCP-KSTT" in handled and "814/UBND-VXNV" in handled and last_year.symbol not in handled

    svc.record_document_add(actor=office.specialist, record=record, document=answer)
    suggestions = sel.filing_suggestions(user=office.specialist, record=record)
    assert [d.symbol for d in suggestions["thread"]] == ["807/VPCP-KSTT"]  # what 814 answers
    assert "814/UBND-VXNV" not in [d.symbol for d in suggestions["handled"]]


def test_the_picker_finds_by_symbol_or_subject_without_accents():
    office = make_office()
    record = _open(office)
    make_doc(office.org, symbol="807/VPCP-KSTT", subject="Về việc tăng cường gửi, nhận văn bản điện tử",
             created_by=office.specialist)
    make_doc(office.org, symbol="5/KT", subject="Kế hoạch kinh tế", created_by=office.other_head)
    assert [d.symbol for d in sel.document_picker(user=office.specialist, record=record, query="gui nhan")] == [
        "807/VPCP-KSTT"]
    assert [d.symbol for d in sel.document_picker(user=office.specialist, record=record, query="807/VPCP")] == [
        "807/VPCP-KSTT"]
    assert sel.document_picker(user=office.specialist, record=record, query="kinh te") == []  # not visible
    assert sel.document_picker(user=office.specialist, record=record, query="") == []


# --- closing, reopening ------------------------------------------------------------------------


def test_the_review_flags_duplicates_and_drafts():
    office = make_office()
    record = _open(office)
    content = pdf_bytes(1, "Cùng một tệp")
    a = make_doc(office.org, symbol="1/UBND", content=content, created_by=office.specialist)
    b = make_doc(office.org, symbol="1/UBND-bis", content=content, created_by=office.specialist)  # same file
    c = make_doc(office.org, symbol="807/VPCP-KSTT", created_by=office.specialist)
    d = make_doc(office.org, symbol="807/vpcp-kstt", created_by=office.specialist)  # same symbol and issuer
    draft = make_doc(office.org, symbol="", direction="out", state="draft", issued_on=None, created_by=office.specialist)
    items = [svc.record_document_add(actor=office.specialist, record=record, document=x) for x in (a, b, c, d)]
    draft_item = svc.record_document_add(actor=office.specialist, record=record, document=draft)
    assert draft_item.kind == "draft"  # filed as a draft by its state
    review = sel.record_review(record)
    assert review["duplicates"] == {items[1].pk: 1, items[3].pk: 3}
    assert review["drafts"] == [draft_item.pk]


def test_closing_sets_the_end_applies_corrections_and_tells_the_unit_head():
    office = make_office()
    record = _open(office)
    _refused(RecordsError.RECORD_EMPTY, lambda: svc.record_file_close(actor=office.specialist, record=record))
    for day in (dt.date(YEAR, 2, 1), dt.date(YEAR, 4, 20), None):
        svc.record_document_add(actor=office.specialist, record=record,
                                document=make_doc(office.org, symbol=f"{day}", issued_on=day,
                                                  created_by=office.specialist))
    _refused(RecordsError.BAD_RETENTION, lambda: svc.record_file_close(
        actor=office.specialist, record=record, retention_years="mãi"))
    record.refresh_from_db()
    assert record.state == "open"
    record = svc.record_file_close(actor=office.specialist, record=record, title="Hồ sơ đã sửa tên",
                                   code="01.VXNV", retention_years=PERMANENT)
    assert record.state == "closed" and record.closed_at and record.ended_on == dt.date(YEAR, 4, 20)
    assert record.title == "Hồ sơ đã sửa tên" and record.retention_years == PERMANENT and record.is_read_only
    assert Notice.objects.filter(user=office.unit_head, kind="records").exists()
    assert not Notice.objects.filter(user=office.other_head).exists()

    doc = make_doc(office.org, symbol="late", created_by=office.specialist)
    for call in (lambda: svc.record_document_add(actor=office.specialist, record=record, document=doc),
                 lambda: svc.record_item_remove(actor=office.specialist, record=record,
                                                item_id=record.items.first().pk),
                 lambda: svc.record_file_attach(actor=office.specialist, record=record, kind="other", title="x",
                                                name="x.txt", data=b"x")):
        _refused(RecordsError.RECORD_READ_ONLY, call)
    assert record.items.count() == 3

    _refused(RecordsError.REOPEN_REASON_REQUIRED, lambda: svc.record_file_reopen(
        actor=office.specialist, record=record, reason=" "))
    with pytest.raises(PermissionDenied):
        svc.record_file_reopen(actor=office.leader, record=record, reason="Sửa")
    record = svc.record_file_reopen(actor=office.specialist, record=record, reason="Còn thiếu văn bản")
    assert record.state == "open" and record.ended_on is None and record.closed_at is None
    event = AuditEvent.objects.get(action="record.reopen")
    assert event.data["reason"] == "Còn thiếu văn bản"
    svc.record_document_add(actor=office.specialist, record=record, document=doc)


def test_a_submitted_hồ_sơ_cannot_be_reopened_or_changed():
    office = make_office()
    record = _open(office)
    svc.record_document_add(actor=office.specialist, record=record,
                            document=make_doc(office.org, symbol="1", created_by=office.specialist))
    RecordFile.objects.filter(pk=record.pk).update(state=RecordFile.State.SUBMITTED)
    record.refresh_from_db()
    _refused(RecordsError.RECORD_NOT_REOPENABLE, lambda: svc.record_file_reopen(
        actor=office.specialist, record=record, reason="x"))
    _refused(RecordsError.RECORD_READ_ONLY, lambda: svc.record_item_move(
        actor=office.specialist, record=record, item_id=record.items.first().pk, up=True))
    # Returned by the archive: the owner may fill it again.
    RecordFile.objects.filter(pk=record.pk).update(state=RecordFile.State.RETURNED)
    record.refresh_from_db()
    svc.record_document_add(actor=office.specialist, record=record,
                            document=make_doc(office.org, symbol="2", created_by=office.specialist))
    assert record.items.count() == 2


# --- codes -------------------------------------------------------------------------------------


def test_a_filed_document_carries_the_file_code_and_its_ordinal():
    office = make_office(organ_id="000.00.00.H99")
    record = _open(office, code="05.VXNV")
    svc.record_document_add(actor=office.specialist, record=record,
                            document=make_doc(office.org, symbol="1", created_by=office.specialist))
    doc = make_doc(office.org, symbol="2", created_by=office.specialist)
    assert sel.document_filing(doc) is None
    svc.record_document_add(actor=office.specialist, record=record, document=doc)
    filing = sel.document_filing(doc)
    assert (filing.file_code, filing.ordinal) == ("000.00.00.H99.2026.05.VXNV", 2)
    assert sel.document_filing_for(user=office.other_head, document=doc)["record"] is None
    assert sel.document_filing_for(user=office.unit_head, document=doc)["record"] == record
