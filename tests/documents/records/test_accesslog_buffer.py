"""The access log of documents' files: every view, download, print and page image served is logged,
through a buffer drained in batches; nothing is lost when Redis is down, nothing doubled when a drain
is retried; on PostgreSQL the table refuses UPDATE and DELETE."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test.utils import CaptureQueriesContext

from documents.models import FileAccess
from documents.services import access_log

from .accesslog_setup import (
    drained,
    file_url,
    main_file,
    office_with_empty_buffer,
    page_url,
    print_url,
    registered,
)

pytestmark = [pytest.mark.django_db, pytest.mark.needs_services]


@pytest.fixture
def office(db):
    yield from office_with_empty_buffer()


def inserts(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "documents_fileaccess"')]


def test_each_kind_of_access_is_logged_with_who_when_and_from_where(client, office):
    doc = registered(office)
    client.force_login(office.clerk)
    assert client.get(file_url(doc), HTTP_USER_AGENT="Thử nghiệm/1.0").status_code == 200
    assert client.get(file_url(doc, download=True)).status_code == 200
    assert client.get(page_url(doc, 1)).status_code == 200
    assert client.get(print_url(doc)).status_code == 200
    rows = drained()
    # A PDF is never shown inline: opened or not, it is downloaded (documents.views.files).
    assert [r.action for r in rows] == ["download", "download", "page_image", "print"]
    assert {r.user_id for r in rows} == {office.clerk.pk}
    assert {(r.document_id, r.file_id, r.organization_id) for r in rows} == {(doc.pk, main_file(doc).pk, office.org.pk)}
    assert rows[0].user_agent == "Thử nghiệm/1.0" and rows[0].client_address == "127.0.0.1"
    assert rows[2].page == 1


def test_many_views_are_one_insert_in_the_drain_and_none_on_the_request_path(client, office):
    doc = registered(office)
    client.force_login(office.clerk)
    with CaptureQueriesContext(connection) as during_views:
        for _ in range(30):
            client.get(file_url(doc, download=True))
    assert inserts(during_views.captured_queries) == []  # the page view only pushed to Redis
    assert access_log.access_log_waiting() == 30
    with CaptureQueriesContext(connection) as during_drain:
        assert access_log.access_log_drain() == 30
    assert len(inserts(during_drain.captured_queries)) == 1
    assert FileAccess.objects.filter(document_id=doc.pk).count() == 30
    assert access_log.access_log_waiting() == 0


def test_a_full_buffer_queues_a_drain(client, office, settings):
    settings.QLVB_ACCESS_LOG_DRAIN_AT = 3
    doc = registered(office)
    client.force_login(office.clerk)
    with mock.patch.object(access_log, "enqueue_stored") as queued:
        for _ in range(7):
            client.get(file_url(doc, download=True))
    assert [c.args for c in queued.call_args_list] == [(access_log.DRAIN_TASK,)] * 2  # at 3 and at 6


def test_with_redis_down_the_access_is_inserted_at_once(client, office, settings):
    doc = registered(office)
    client.force_login(office.clerk)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    assert client.get(file_url(doc, download=True)).status_code == 200
    assert client.get(page_url(doc, 1)).status_code == 200
    assert list(FileAccess.objects.values_list("action", flat=True).order_by("id")) == ["download", "page_image"]
    assert access_log.access_log_drain() == 0  # nothing to drain, and no error
    # The page views after the first failure did not try Redis again (no connect timeout each).
    with mock.patch.object(access_log, "_client_for") as client_for:
        client.get(file_url(doc, download=True))
    client_for.assert_not_called()
    assert FileAccess.objects.count() == 3


def test_a_drain_retried_after_dying_before_trimming_inserts_each_event_once(client, office):
    doc = registered(office)
    client.force_login(office.clerk)
    for _ in range(5):
        client.get(file_url(doc, download=True))
    redis_client = access_log.buffer_client()
    with mock.patch.object(type(redis_client), "ltrim", side_effect=ConnectionError("worker killed")), \
            pytest.raises(ConnectionError):
        access_log.access_log_drain()
    assert FileAccess.objects.count() == 5  # inserted, but still in the buffer
    assert access_log.access_log_waiting() == 5
    assert access_log.access_log_drain() == 5  # the retry reads the same batch…
    assert FileAccess.objects.count() == 5  # …and inserts nothing twice
    assert access_log.access_log_waiting() == 0


def test_a_second_drain_at_the_same_time_does_nothing(client, office):
    doc = registered(office)
    client.force_login(office.clerk)
    client.get(file_url(doc, download=True))
    lock = access_log.buffer_client().lock(access_log.DRAIN_LOCK_KEY, timeout=30)
    assert lock.acquire(blocking=False)
    try:
        assert access_log.access_log_drain() == 0
        assert FileAccess.objects.count() == 0
    finally:
        lock.release()
    assert access_log.access_log_drain() == 1


def test_an_unreadable_event_is_dropped_and_the_rest_inserted(client, office):
    doc = registered(office)
    client.force_login(office.clerk)
    client.get(file_url(doc, download=True))
    access_log.buffer_client().rpush(access_log.BUFFER_KEY, b"not json")
    client.get(file_url(doc, download=True))
    assert access_log.access_log_drain() == 3
    assert FileAccess.objects.count() == 2


def test_the_table_refuses_update_and_delete_on_postgresql(client, office):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's")
    doc = registered(office)
    client.force_login(office.clerk)
    client.get(file_url(doc, download=True))
    row = drained()[0]
    for change in (lambda: FileAccess.objects.filter(pk=row.pk).update(action="print"),
                   lambda: FileAccess.objects.filter(pk=row.pk).delete()):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            change()
    assert FileAccess.objects.get(pk=row.pk).action == "download"


def test_removing_a_document_keeps_its_access_history(client, office):
    doc = registered(office)
    client.force_login(office.clerk)
    client.get(file_url(doc, download=True))
    drained()
    pk = doc.pk
    doc.delete()  # (disposal) the log does not block it, and is not deleted with it
    assert FileAccess.objects.filter(document_id=pk).count() == 1


def test_a_refused_file_is_not_logged(client, office):
    doc = registered(office)
    client.force_login(office.outsider)
    assert client.get(file_url(doc, download=True)).status_code == 404
    assert drained() == []
