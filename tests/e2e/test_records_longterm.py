"""Long-term proof in Chromium on a phone (390×844): the clerk and the leader of Bắc Kạn (no unit)
open the verification page of a signed file of an archived hồ sơ and read that it carries
long-term validation data and until when its archive timestamp holds."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import RecordFile, RecordItem
from documents.services.records.longterm import record_longterm_proof_add
from qlvb.models import Organization, User
from signatures.pdf import pades, signing
from signatures.pdf.samples import nd30_document
from signatures.pki import keys, tsa
from tests.e2e.walk import log_in
from tests.factories import make_document
from tests.signatures.conftest import demo, store_file  # noqa: F401 - fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BACKAN = "000.00.00.H05"


@pytest.fixture
def archived_proof(demo, settings, tmp_path):  # noqa: F811
    from qlvb.demo.pki import hosted_pki_register

    call_command("seed_demo", stdout=io.StringIO())
    server = tsa.make_server(demo.timestamp_authority(), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.QLVB_PKI_DIR, settings.QLVB_PKI_BASE_URL = str(demo.directory), demo.urls.base_url
    settings.QLVB_TSA_URL = f"http://127.0.0.1:{server.server_address[1]}/"
    settings.MEDIA_ROOT = tmp_path / "media"
    hosted_pki_register(authority=demo)

    # Playwright's sync API runs an event loop in this thread; pyHanko runs its own: sign in another.
    proofs = []

    def sign_and_archive() -> None:
        try:
            proofs.append(_sign_and_archive(demo))
        finally:
            connection.close()

    worker = threading.Thread(target=sign_and_archive)
    worker.start()
    worker.join()
    (proof,) = proofs
    yield proof
    server.shutdown()
    server.server_close()


def _sign_and_archive(demo):  # noqa: F811
    policy = pades.SigningPolicy(timestamper=demo.timestamp_authority().timestamper(), trust_roots=(demo.root.cert,),
                                 fetch=demo.fetch)
    signer = keys.signer_from_credential(demo.credential("nguyen-van-a"))
    image = (demo.directory / "nguyen-van-a.png").read_bytes()
    signed = signing.sign_as_leader(nd30_document(), signer, signature_image=image, policy=policy)

    organization = Organization.objects.get(organ_id=BACKAN)
    clerk = User.objects.get(username="backan.vanthu")
    document = make_document(organization, direction="out", created_by=clerk,
                             subject="Quyết định ban hành quy chế lưu trữ hồ sơ điện tử")
    store_file(document, signed.data)
    record = RecordFile.objects.create(
        organization=organization, year=2026, code="LT-01", title="Hồ sơ quy chế lưu trữ", retention_years=0,
        owner=clerk, state=RecordFile.State.ARCHIVED, started_on=date(2026, 1, 5), archived_at=timezone.now(),
    )
    RecordItem.objects.create(record=record, ordinal=1, document=document, added_by=clerk)
    (proof,) = record_longterm_proof_add(record=record).added
    return proof


def test_people_without_a_unit_read_until_when_the_archive_timestamp_holds(live_server, page, screenshot,
                                                                          archived_proof):
    until = timezone.localtime(archived_proof.tsa_valid_until).strftime("%d/%m/%Y")
    for username in ("backan.vanthu", "backan.lanhdao"):
        log_in(page, live_server.url, username)
        page.goto(f"{live_server.url}/chu-ky/tep/{archived_proof.file_id}/")
        card = page.locator("[data-longterm]")
        expect(card.get_by_role("heading", name="Dữ liệu kiểm tra dài hạn (PAdES B-LTA)")).to_be_visible()
        expect(card).to_contain_text("Dấu thời gian lưu trữ có hiệu lực đến")
        expect(card).to_contain_text(until)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        screenshot(f"longterm-{username}")
        # The version it was made from stays, without the notice.
        page.goto(f"{live_server.url}/chu-ky/tep/{archived_proof.source_id}/")
        expect(page.get_by_role("heading", name="Kiểm tra chữ ký số")).to_be_visible()
        expect(page.locator("[data-longterm]")).to_have_count(0)
