"""The one rule for who reads a hồ sơ (RecordFile.objects.visible_to), the changes to it (named readers,
access mode — audited and told, Phụ lục VI III.3.b–c), and locking a hồ sơ on an authority's order (IV.1.g)."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from documents.errors import RecordsError
from documents.models import Document, Notice, RecordFile, RecordItem
from documents.services.records import access, freeze
from documents.services.records import workfiles as svc
from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent
from tests.documents.records.workfile_helpers import make_doc, make_office
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _record(office, **fields) -> RecordFile:
    return svc.record_file_open(actor=office.specialist, organization=office.org, title="Hồ sơ thử",
                                code=fields.pop("code", "01.VXNV"), retention_years=10,
                                started_on=dt.date(2026, 1, 5))


def _visible(user) -> set[int]:
    return set(RecordFile.objects.visible_to(user).values_list("pk", flat=True))


def test_who_reads_a_hồ_sơ_under_each_access_mode_and_once_archived():
    office = make_office()
    record = _record(office)
    archivist = make_user(office.org, ["archivist"])
    stranger = make_office().leader
    # Unit access (the default): owner, unit head, clerks, leaders; not a colleague, another unit, the archive.
    assert record.pk in _visible(office.specialist) & _visible(office.unit_head) & _visible(office.clerk)
    assert record.pk in _visible(office.leader)
    assert record.pk not in _visible(office.colleague) | _visible(office.other_head) | _visible(archivist)
    assert record.pk not in _visible(stranger)
    # Organization access: every colleague too.
    RecordFile.objects.filter(pk=record.pk).update(access=RecordFile.Access.ORGANIZATION)
    assert record.pk in _visible(office.colleague) and record.pk in _visible(office.other_head)
    # Restricted: the owner, the leaders and the people named.
    RecordFile.objects.filter(pk=record.pk).update(access=RecordFile.Access.RESTRICTED)
    assert record.pk not in _visible(office.clerk) | _visible(office.unit_head) | _visible(office.colleague)
    assert record.pk in _visible(office.specialist) & _visible(office.leader)
    # Archived: read through the archive — archive staff and leaders, not the owner without a grant.
    RecordFile.objects.filter(pk=record.pk).update(state=RecordFile.State.ARCHIVED)
    assert record.pk in _visible(archivist) & _visible(office.leader)
    assert record.pk not in _visible(office.specialist)
    assert record.pk not in _visible(stranger)


def test_a_named_reader_reads_the_hồ_sơ_and_its_documents_until_the_grant_expires():
    office = make_office()
    record = _record(office)
    document = make_doc(office.org, symbol="807/VPCP-KSTT", created_by=office.specialist)
    svc.record_document_add(actor=office.specialist, record=record, document=document)
    assert not Document.objects.visible_to(office.colleague).filter(pk=document.pk).exists()

    access.record_access_grant(actor=office.specialist, record=record, user=office.colleague, reason="phối hợp")
    assert record.pk in _visible(office.colleague)
    assert Document.objects.visible_to(office.colleague).filter(pk=document.pk).exists()
    # Told: the person named, the owner and the clerks; audited.
    told = set(Notice.objects.filter(kind=Notice.Kind.RIGHTS_CHANGED).values_list("user_id", flat=True))
    assert told == {office.colleague.pk, office.specialist.pk, office.clerk.pk}
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_ACCESS_GRANT, object_id=str(record.pk)).exists()

    access.record_access_grant(actor=office.specialist, record=record, user=office.colleague,
                               until=timezone.now() - dt.timedelta(minutes=1))
    assert record.pk not in _visible(office.colleague)
    assert not Document.objects.visible_to(office.colleague).filter(pk=document.pk).exists()


def test_only_the_owner_or_a_leader_changes_who_reads_and_only_people_of_the_organization():
    office = make_office()
    record = _record(office)
    with pytest.raises(PermissionDenied):
        access.record_access_grant(actor=office.colleague, record=record, user=office.colleague)
    with pytest.raises(PermissionDenied):
        access.record_access_mode_set(actor=office.clerk, record=record, mode=RecordFile.Access.ORGANIZATION)
    outsider = make_office().specialist
    with pytest.raises(ValidationError) as refused:
        access.record_access_grant(actor=office.leader, record=record, user=outsider)
    assert refused.value.code == RecordsError.GRANTEE_NOT_A_MEMBER
    with pytest.raises(ValidationError):
        access.record_access_mode_set(actor=office.specialist, record=record, mode="everyone")
    assert record.access_grants.count() == 0
    record.refresh_from_db()
    assert record.access == RecordFile.Access.UNIT
    assert not Notice.objects.exists()

    access.record_access_mode_set(actor=office.leader, record=record, mode=RecordFile.Access.RESTRICTED)
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_ACCESS_MODE).count() == 1
    assert access.record_access_revoke(actor=office.specialist, record=record, user=office.colleague) is False


def test_a_locked_hồ_sơ_takes_no_change_until_a_leader_unlocks_it():
    office = make_office()
    record = _record(office)
    document = make_doc(office.org, symbol="1/UBND", created_by=office.specialist)

    with pytest.raises(PermissionDenied):  # not a leader
        freeze.record_freeze(actor=office.clerk, record=record, reason="Thanh tra")
    with pytest.raises(ValidationError):  # no reason
        freeze.record_freeze(actor=office.leader, record=record, reason="  ")
    freeze.record_freeze(actor=office.leader, record=record, reason="Quyết định thanh tra số 12/QĐ-TTr")
    record.refresh_from_db()
    assert record.is_frozen and record.is_read_only

    with pytest.raises(ValidationError) as refused:
        svc.record_document_add(actor=office.specialist, record=record, document=document)
    assert "12/QĐ-TTr" in refused.value.text("vi")
    assert not RecordItem.objects.filter(record=record).exists()
    assert Notice.objects.filter(user=office.specialist, kind=Notice.Kind.RECORDS).exists()

    freeze.record_unfreeze(actor=office.leader, record=record, reason="Kết thúc thanh tra")
    svc.record_document_add(actor=office.specialist, record=record, document=document)
    actions = list(AuditEvent.objects.filter(object_id=str(record.pk), action__startswith="record.")
                   .values_list("action", flat=True))
    assert AuditAction.RECORD_FREEZE in actions and AuditAction.RECORD_UNFREEZE in actions


def test_the_lock_form_answers_the_leader_and_no_one_else(client):
    office = make_office()
    record = _record(office)
    url = reverse("records:freeze", args=[record.pk])
    client.force_login(office.specialist)  # the owner, not a leader
    client.post(url, {"reason": "Tự khóa"})
    record.refresh_from_db()
    assert not record.is_frozen
    client.force_login(make_office().leader)  # another organization's leader: as if it did not exist
    assert client.post(url, {"reason": "Khóa hộ"}).status_code == 404
    client.force_login(office.leader)
    assert client.get(url).status_code == 405
    response = client.post(url, {"reason": ""}, follow=True)  # bad input: the reason is required
    assert "Hãy ghi văn bản yêu cầu hoặc lý do khóa hồ sơ." in response.content.decode()
    record.refresh_from_db()
    assert not record.is_frozen
    page = client.post(url, {"reason": "Yêu cầu của Thanh tra tỉnh"}, follow=True).content.decode()
    assert "Hồ sơ đang bị khóa" in page and "Yêu cầu của Thanh tra tỉnh" in page
    client.post(url, {"action": "unfreeze", "reason": "Xong"})
    record.refresh_from_db()
    assert not record.is_frozen


def test_the_admin_role_alone_reads_no_hồ_sơ_even_one_open_to_the_organization():
    office = make_office()
    record = _record(office)
    RecordFile.objects.filter(pk=record.pk).update(access=RecordFile.Access.ORGANIZATION)
    admin = make_user(office.org, ["admin"])
    assert record.pk not in _visible(admin)
    assert record.pk in _visible(make_user(office.org, ["archivist"]))  # a colleague of the organization


def test_the_list_counts_an_accounts_hồ_sơ_and_the_page_counts_the_openings_of_its_documents(client):
    """Phụ lục VI III.4.đ (the hồ sơ of one account) and III.6.a (accesses to each hồ sơ)."""
    from documents.models import FileAccess

    office = make_office()
    record = _record(office)
    _record(office, code="02.VXNV")
    document = make_doc(office.org, symbol="807/VPCP-KSTT", created_by=office.specialist, pages=1)
    svc.record_document_add(actor=office.specialist, record=record, document=document)
    stored = document.files.get()
    for who in (office.specialist, office.clerk, office.clerk):
        FileAccess.objects.create(event_id=uuid.uuid4(), at=timezone.now(), user=who, organization=office.org,
                                  document=document, file=stored, action=FileAccess.Action.VIEW)

    client.force_login(office.specialist)
    listing = client.get(reverse("records:index"), {"cua-toi": "1"})
    assert listing.context["stats"] == {"total": 2, "states": [("Đang lập", 2)], "documents": 1}
    assert "2 hồ sơ: đang lập 2; 1 văn bản trong các hồ sơ." in listing.content.decode()
    assert client.get(reverse("records:detail", args=[record.pk])).context["access_count"] == 3
    client.force_login(office.unit_head)  # sees the hồ sơ, not the access reports
    page = client.get(reverse("records:detail", args=[record.pk]))
    assert page.status_code == 200 and page.context["access_count"] is None
    assert "data-record-access-count" not in page.content.decode()


def test_hồ_sơ_are_found_by_words_of_their_code_title_or_owner_without_accents(client):
    """Phụ lục VI III.6.d: searching hồ sơ by their fields, as the product searches documents."""
    office = make_office()
    _record(office)  # "Hồ sơ thử", 01.VXNV
    svc.record_file_open(actor=office.specialist, organization=office.org, title="Hồ sơ hội nghị giao ban",
                         code="02.VXNV", retention_years=5, started_on=dt.date(2026, 1, 5))
    client.force_login(office.clerk)
    found = client.get(reverse("records:index"), {"q": "HOI NGHI"})
    assert [r.code for r in found.context["records"]] == ["02.VXNV"]
    assert found.context["stats"]["total"] == 1
    by_owner = client.get(reverse("records:index"), {"q": "chuyên 01.vxnv"})
    assert [r.code for r in by_owner.context["records"]] == ["01.VXNV"]
    outsider = make_office().clerk
    client.force_login(outsider)
    assert list(client.get(reverse("records:index"), {"q": "hội nghị"}).context["records"]) == []
