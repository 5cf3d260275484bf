"""The download of a hồ sơ's package (records:package-download): who may, who may not, audited."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from documents.models import Document
from documents.models.records import RecordFile
from documents.services.records.packages import record_package_verify
from qlvb.models import AuditEvent
from qlvb.models.people import Role
from tests.documents.records.package_helpers import make_record, trust_test_root
from tests.factories import make_org, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world():
    trust_test_root()
    org = make_org("UBND", organ_id="000.00.31.H05")
    unit = make_unit(org, "VP")
    owner = make_user(org, [Role.SPECIALIST], unit=unit)
    record = make_record(org, owner, code="01-VP", documents=1, other_files=1, unit=unit)
    return org, unit, owner, record


def url(record):
    return reverse("records:package-download", args=[record.pk])


def test_the_url_is_where_the_brief_puts_it(world):
    *_, record = world
    assert url(record) == f"/ho-so/{record.pk}/goi-xuat.zip"


def test_the_owner_downloads_a_package_that_verifies(client, world):
    org, unit, owner, record = world
    client.force_login(owner)
    response = client.get(url(record))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="goi-ho-so-2026-01-VP.zip"' in response["Content-Disposition"]
    report = record_package_verify(io.BytesIO(b"".join(response.streaming_content)))
    assert report.ok, report.problems
    event = AuditEvent.objects.get(action="record.package.export")
    assert event.actor == owner and event.object_id == str(record.pk)
    assert event.data["manifest_sha256"] == report.manifest_sha256


def test_a_leader_and_the_archivist_of_an_archived_record_may_download(client, world):
    org, unit, owner, record = world
    RecordFile.objects.filter(pk=record.pk).update(state=RecordFile.State.ARCHIVED)
    for roles in ([Role.LEADER], [Role.ARCHIVIST]):
        client.force_login(make_user(org, roles))
        assert client.get(url(record)).status_code == 200


def test_another_organizations_leader_gets_404_and_nothing_is_recorded(client, world):
    org, unit, owner, record = world
    stranger = make_user(make_org("SoTC"), [Role.LEADER, Role.CLERK])
    client.force_login(stranger)
    assert client.get(url(record)).status_code == 404
    assert not AuditEvent.objects.filter(action="record.package.export").exists()


def test_wrong_roles_get_404(client, world):
    """An archivist before the hồ sơ reaches the archive; a specialist who did not open it; an admin;
    the owner once the hồ sơ is archived (reading then goes through the archive)."""
    org, unit, owner, record = world
    for user in (make_user(org, [Role.ARCHIVIST]), make_user(org, [Role.SPECIALIST], unit=unit),
                 make_user(org, [Role.ADMIN])):
        client.force_login(user)
        assert client.get(url(record)).status_code == 404, user
    RecordFile.objects.filter(pk=record.pk).update(state=RecordFile.State.ARCHIVED)
    client.force_login(owner)
    assert client.get(url(record)).status_code == 404
    assert not AuditEvent.objects.filter(action="record.package.export").exists()


def test_a_secret_document_needs_the_readers_clearance(client, world):
    org, unit, owner, record = world
    Document.objects.filter(record_items__record=record).update(secrecy=1)
    clerk = make_user(org, [Role.CLERK])  # sees the hồ sơ, has no secret clearance
    client.force_login(clerk)
    response = client.get(url(record))
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode()
    assert not AuditEvent.objects.filter(action="record.package.export").exists()
    cleared = make_user(org, [Role.CLERK], secret_clearance=True)
    client.force_login(cleared)
    assert client.get(url(record)).status_code == 200


def test_anonymous_is_sent_to_sign_in_and_bad_input_is_404(client, world):
    org, unit, owner, record = world
    response = client.get(url(record))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(owner)
    assert client.get(f"/ho-so/{record.pk + 999}/goi-xuat.zip").status_code == 404
    assert client.get("/ho-so/abc/goi-xuat.zip").status_code == 404
    assert client.post(url(record)).status_code == 405
