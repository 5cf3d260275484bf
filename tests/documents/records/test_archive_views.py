"""The archive's pages: each endpoint refuses another organization's people (404) and the wrong role,
shows a Vietnamese error on bad input with nothing half-written, and the include of the hồ sơ page
offers each person what they may do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from documents.models import RecordFile
from documents.models.records_archive import ArchiveReadingRequest, ArchiveTransfer
from documents.services.records.archive import archive_accept, archive_submit, reading_request_create
from tests.documents.records.archive_helpers import (  # noqa: F401 - fixtures
    enqueued_fixture,
    make_office,
    make_record,
    media_fixture,
)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _state(record) -> str:
    record.refresh_from_db()
    return record.state


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def office(media, enqueued):
    return make_office("A")


def test_the_owner_submits_from_the_submit_page_with_a_second_hồ_sơ(office):
    record, second = make_record(office, code="01.VX"), make_record(office, code="02.VX")
    client = _client(office.owner)
    page = client.get(f"/ho-so/{record.pk}/nop-luu/")
    assert page.status_code == 200 and "Nộp lưu vào Lưu trữ cơ quan" in _text(page) and "02.VX" in _text(page)
    response = client.post(f"/ho-so/{record.pk}/nop-luu/", {"also": [str(second.pk)]}, follow=True)
    transfer = ArchiveTransfer.objects.get()
    assert response.redirect_chain[-1][0] == f"/ho-so/luu-tru/lan/{transfer.pk}/"
    assert "Đã nộp lưu 2 hồ sơ" in _text(response)
    assert _state(record) == _state(second) == RecordFile.State.SUBMITTED


def test_submit_page_refusals(office):
    short = make_record(office, code="01.VX", retention=2)
    response = _client(office.owner).post(f"/ho-so/{short.pk}/nop-luu/", follow=True)
    assert "lưu tại đơn vị" in _text(response) and _state(short) == RecordFile.State.CLOSED
    record = make_record(office, code="02.VX")
    # a colleague of the unit cannot see the hồ sơ at all (unit access: owner, unit head, leaders)
    assert _client(office.colleague).post(f"/ho-so/{record.pk}/nop-luu/").status_code == 404
    # the leader sees it but may not submit it
    response = _client(office.leader).post(f"/ho-so/{record.pk}/nop-luu/", follow=True)
    assert "Chỉ người lập hồ sơ hoặc lãnh đạo đơn vị" in _text(response)
    other = make_office("B")
    assert _client(other.owner).get(f"/ho-so/{record.pk}/nop-luu/").status_code == 404
    assert _client(other.archivist).post(f"/ho-so/{record.pk}/nop-luu/").status_code == 404
    assert _state(record) == RecordFile.State.CLOSED and not ArchiveTransfer.objects.exists()


def test_the_archivist_checks_returns_and_accepts(office):
    record, returned = make_record(office, code="01.VX"), make_record(office, code="02.VX")
    transfer = archive_submit(actor=office.owner, records=[record, returned])
    client = _client(office.archivist)
    queue = client.get("/ho-so/luu-tru/")
    assert queue.status_code == 200 and f"Lượt nộp lưu số {transfer.pk}" in _text(queue)
    check = client.get(f"/ho-so/luu-tru/ho-so/{returned.pk}/")
    assert "Đủ văn bản và tệp" in _text(check) and "Trả lại hồ sơ" in _text(check)
    # bad input: a return without a reason
    response = client.post(f"/ho-so/luu-tru/ho-so/{returned.pk}/tra-lai/", {"reason": " "}, follow=True)
    assert "Phải ghi lý do khi trả lại hồ sơ." in _text(response) and _state(returned) == RecordFile.State.SUBMITTED
    client.post(f"/ho-so/luu-tru/ho-so/{returned.pk}/tra-lai/", {"reason": "Thiếu biên bản họp."})
    assert _state(returned) == RecordFile.State.RETURNED
    response = client.post(f"/ho-so/luu-tru/lan/{transfer.pk}/tiep-nhan/", follow=True)
    assert "Đã tiếp nhận hồ sơ vào Lưu trữ cơ quan" in _text(response)
    assert _state(record) == RecordFile.State.ARCHIVED
    minutes = client.get(f"/ho-so/luu-tru/lan/{transfer.pk}/bien-ban.pdf")
    assert minutes.status_code == 200 and minutes["Content-Type"] == "application/pdf"
    assert b"".join(minutes.streaming_content).startswith(b"%PDF")
    assert _client(office.owner).get(f"/ho-so/luu-tru/lan/{transfer.pk}/muc-luc.pdf").status_code == 200


def test_another_organization_and_the_wrong_role_cannot_act_on_the_queue(office):
    record = make_record(office)
    transfer = archive_submit(actor=office.owner, records=[record])
    other = make_office("B")
    for user in (other.archivist, other.leader):
        client = _client(user)
        assert f"Lượt nộp lưu số {transfer.pk}" not in _text(client.get("/ho-so/luu-tru/"))
        assert client.get(f"/ho-so/luu-tru/lan/{transfer.pk}/").status_code == 404
        assert client.post(f"/ho-so/luu-tru/lan/{transfer.pk}/tiep-nhan/").status_code == 404
        assert client.get(f"/ho-so/luu-tru/ho-so/{record.pk}/").status_code == 404
        assert client.post(f"/ho-so/luu-tru/ho-so/{record.pk}/tra-lai/", {"reason": "x"}).status_code == 404
        assert client.get(f"/ho-so/luu-tru/lan/{transfer.pk}/bien-ban.pdf").status_code == 404
    # a specialist has no queue; the leader sees it and may not act
    assert _client(office.colleague).get("/ho-so/luu-tru/").status_code == 404
    leader = _client(office.leader)
    page = leader.get(f"/ho-so/luu-tru/lan/{transfer.pk}/")
    assert page.status_code == 200 and "Tiếp nhận vào Lưu trữ" not in _text(page)
    response = leader.post(f"/ho-so/luu-tru/lan/{transfer.pk}/tiep-nhan/", follow=True)
    assert "Chỉ Lưu trữ cơ quan được thực hiện thao tác này." in _text(response)
    response = _client(office.owner).post(f"/ho-so/luu-tru/lan/{transfer.pk}/tiep-nhan/", follow=True)
    assert "Chỉ Lưu trữ cơ quan" in _text(response)
    assert _state(record) == RecordFile.State.SUBMITTED


def test_due_page_shows_late_days(office):
    today = timezone.localdate()
    make_record(office, code="01.VX", ended_on=today - dt.timedelta(days=370))
    make_record(office, code="02.VX", ended_on=today - dt.timedelta(days=350))
    page = _text(_client(office.owner).get("/ho-so/luu-tru/den-han/"))
    assert "Quá hạn (1)" in page and "quá hạn 5 ngày" in page and "Đến hạn trong 30 ngày (1)" in page
    assert "Quá hạn (0)" in _text(_client(make_office("B").leader).get("/ho-so/luu-tru/den-han/"))
    # the archivist (no unit) sees the organization's, without links to hồ sơ not yet with the archive
    archivist = _text(_client(office.archivist).get("/ho-so/luu-tru/den-han/"))
    assert "01.VX" in archivist and "/ho-so/luu-tru/ho-so/" not in archivist


@pytest.fixture
def archived(office):
    record = make_record(office)
    archive_accept(actor=office.archivist, transfer=archive_submit(actor=office.owner, records=[record]))
    return record


def test_reading_through_the_catalogue_request_and_approval(office, archived):
    owner = _client(office.owner)
    assert owner.get(f"/ho-so/luu-tru/ho-so/{archived.pk}/").status_code == 404
    catalogue = _text(owner.get("/ho-so/luu-tru/muc-luc/"))
    assert "01.VX" in catalogue and "Đề nghị đọc" in catalogue
    url = f"/ho-so/luu-tru/muc-luc/{archived.pk}/de-nghi-doc/"
    # bad input: no purpose; a date in the past; not a date
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert "Hãy ghi mục đích đọc hồ sơ." in _text(owner.post(url, {"purpose": "", "until": yesterday}, follow=True))
    assert "không được trước hôm nay" in _text(owner.post(url, {"purpose": "Tra cứu", "until": yesterday}, follow=True))
    assert "dd/mm/yyyy" in _text(owner.post(url, {"purpose": "Tra cứu", "until": "31/02/2026"}))
    assert not ArchiveReadingRequest.objects.exists()
    until = (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    response = owner.post(url, {"purpose": "Tra cứu để trả lời 807.", "until": until}, follow=True)
    assert "Đã gửi đề nghị đọc hồ sơ" in _text(response)
    reading = ArchiveReadingRequest.objects.get()
    decide = f"/ho-so/luu-tru/de-nghi-doc/{reading.pk}/quyet-dinh/"
    # the archivist sees the log but cannot decide; another organization's leader gets 404
    archivist = _client(office.archivist)
    assert "Sổ theo dõi đề nghị đọc" in _text(archivist.get("/ho-so/luu-tru/de-nghi-doc/"))
    assert "Chỉ lãnh đạo cơ quan" in _text(archivist.post(decide, {"decision": "approve"}, follow=True))
    other_leader = _client(make_office("B").leader)
    assert other_leader.post(decide, {"decision": "approve"}).status_code == 404
    assert "Tra cứu để trả lời 807." not in _text(other_leader.get("/ho-so/luu-tru/de-nghi-doc/"))
    leader = _client(office.leader)
    assert "Phải ghi lý do khi từ chối" in _text(leader.post(decide, {"decision": "refuse", "reason": ""}, follow=True))
    reading.refresh_from_db()
    assert reading.state == ArchiveReadingRequest.State.PENDING
    assert "Đã phê duyệt" in _text(leader.post(decide, {"decision": "approve"}, follow=True))
    page = owner.get(f"/ho-so/luu-tru/ho-so/{archived.pk}/")
    assert page.status_code == 200 and "Văn bản số 1 của 01.VX" in _text(page)
    document = archived.items.first().document
    assert owner.get(f"/van-ban/{document.pk}/").status_code == 200


def test_another_organization_cannot_see_the_catalogue_or_ask(office, archived):
    other = _client(make_office("B").owner)
    assert "01.VX" not in _text(other.get("/ho-so/luu-tru/muc-luc/"))
    assert other.get(f"/ho-so/luu-tru/muc-luc/{archived.pk}/de-nghi-doc/").status_code == 404
    assert other.post(f"/ho-so/luu-tru/muc-luc/{archived.pk}/de-nghi-doc/",
                      {"purpose": "x", "until": "01/01/2099"}).status_code == 404
    assert not ArchiveReadingRequest.objects.exists()


def _include(record, user) -> str:
    return render_to_string("documents/records/_archive_actions.html", {"record": record, "user": user})


def test_the_include_of_the_hồ_sơ_page_offers_what_each_person_may_do(office):
    record = make_record(office, ended_on=timezone.localdate() - dt.timedelta(days=380))
    owner = _include(record, office.owner)
    assert f'href="/ho-so/{record.pk}/nop-luu/"' in owner and "quá hạn 15 ngày" in owner
    assert "nop-luu" not in _include(record, office.colleague)
    assert "lưu tại đơn vị" in _include(make_record(office, code="03.VX", retention=1), office.owner)
    transfer = archive_submit(actor=office.owner, records=[record])
    record.refresh_from_db()
    assert "Kiểm tra, tiếp nhận" in _include(record, office.archivist)
    assert "Kiểm tra, tiếp nhận" not in _include(record, office.leader)
    assert "chờ Lưu trữ cơ quan kiểm tra" in _include(record, office.owner)
    archive_accept(actor=office.archivist, transfer=transfer)
    record.refresh_from_db()
    owner = _include(record, office.owner)
    assert f"/ho-so/luu-tru/lan/{transfer.pk}/bien-ban.pdf" in owner and "Đề nghị đọc" in owner
    assert "Đề nghị đọc" not in _include(record, office.leader)  # a leader reads it already
    reading_request_create(actor=office.owner, record=record, purpose="Tra cứu.", until=timezone.localdate())
    assert "Đọc hồ sơ lưu trữ" in _include(record, office.leader)


def test_the_archivist_reads_the_documents_of_hồ_sơ_with_the_archive_only(office):
    record, kept_at_unit = make_record(office, code="01.VX"), make_record(office, code="02.VX")
    document, other = record.items.first().document, kept_at_unit.items.first().document
    file_id = document.files.first().pk
    archivist = _client(office.archivist)
    assert archivist.get(f"/van-ban/{document.pk}/").status_code == 404
    archive_submit(actor=office.owner, records=[record])
    assert archivist.get(f"/van-ban/{document.pk}/").status_code == 200
    assert archivist.get(f"/van-ban/{document.pk}/tep/{file_id}/").status_code == 200
    assert archivist.get(f"/van-ban/{other.pk}/").status_code == 404
    page = _text(archivist.get(f"/ho-so/luu-tru/ho-so/{record.pk}/"))
    assert f'href="/van-ban/{document.pk}/tep/{file_id}/"' in page
    assert _client(make_office("B").archivist).get(f"/van-ban/{document.pk}/").status_code == 404


def test_the_papers_of_an_accepted_transfer_are_served_as_stored(office, archived):
    from documents.models.records_archive import ArchiveTransfer

    transfer = ArchiveTransfer.objects.get()
    response = _client(office.archivist).get(f"/ho-so/luu-tru/lan/{transfer.pk}/muc-luc.pdf")
    import hashlib

    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == transfer.catalogue_sha256
    assert "muc-luc-ho-so-nop-luu" in response["Content-Disposition"]
    # a colleague who neither submitted nor made a hồ sơ of the transfer does not get them
    assert _client(office.colleague).get(f"/ho-so/luu-tru/lan/{transfer.pk}/bien-ban.pdf").status_code == 404
