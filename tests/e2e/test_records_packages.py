"""The export package of an archived hồ sơ, fetched in Chromium on a phone (390×844) by the people of
Bắc Kạn: the archivist (no unit) and the leader (no unit) get a package that verifies offline; the
specialist who opened the hồ sơ no longer reads it once archived (the archive's rule), and gets 404."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command

from documents.models.records import RecordFile
from documents.services.records.packages import record_package_verify
from qlvb.models import AuditEvent, Organization, User
from tests.documents.records.package_helpers import make_record, signed_pdf, trust_test_root
from tests.e2e.story_fixtures import DEVNULL
from tests.e2e.walk import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BACKAN = "000.00.00.H05"


def _off_the_loop(function, *args):
    """pyHanko runs asyncio.run, which cannot run in this thread while Playwright's loop does."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args).result()


def test_the_archivist_and_the_leader_take_the_package_away_and_it_verifies(live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    trust_test_root()
    _off_the_loop(signed_pdf)  # signed once, in another thread (cached)
    organization = Organization.objects.get(organ_id=BACKAN)
    specialist = User.objects.get(username="backan.chuyenvien")
    record = make_record(organization, specialist, code="05-VXNV", documents=2, other_files=1,
                         unit=specialist.memberships.get().unit, state=RecordFile.State.ARCHIVED)
    url = f"{live_server.url}/ho-so/{record.pk}/goi-xuat.zip"

    for username in ("backan.luutru", "backan.lanhdao"):
        log_in(page, live_server.url, username)
        response = page.request.get(url)
        assert response.status == 200, username
        assert response.headers["content-type"] == "application/zip"
        report = _off_the_loop(record_package_verify, io.BytesIO(response.body()))
        assert report.ok, report.problems
        assert report.documents == 2 and report.signatures == 2
        assert AuditEvent.objects.filter(action="record.package.export", actor__username=username).exists()

    log_in(page, live_server.url, "backan.chuyenvien")
    assert page.request.get(url).status == 404
