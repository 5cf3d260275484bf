"""Long-term proof (PAdES B-LTA) of the signed files of an archived hồ sơ: added on acceptance as new
immutable versions, idempotent, renewed when due, failures visible and nothing half-written; and
the verification page saying so. Real signatures by the demo CA, a real HTTP TSA, no mocks."""

import threading
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

import documents.tasks  # noqa: F401 - registers the tasks by name
from documents.models import DocumentFile, LongTermProof, RecordFile, RecordItem
from documents.services.records.longterm import (
    longterm_proof_renew,
    record_longterm_proof_add,
    records_longterm_renew,
)
from qlvb.audit_actions import AuditAction
from qlvb.celery import app as celery_app
from qlvb.models import AuditEvent
from signatures.pdf import longterm, verify
from signatures.pdf.samples import nd30_document
from signatures.pki import issuing as pki
from signatures.pki import tsa
from tests.factories import login_verified, make_document, make_org, make_user
from tests.signatures.conftest import (  # noqa: F401 - fixtures
    app_pki,
    cast,
    demo,
    leader_credential,
    outgoing,
    read_file,
    seal_credential,
    seal_image,
    sign_and_seal,
    signature_image,
    store_file,
    tsa_url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.needs_services]

UNREACHABLE_TSA = "http://127.0.0.1:9/tsa"


def _serve(authority):
    server = tsa.make_server(authority, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def later_tsa_url(demo):  # noqa: F811
    """A second HTTP TSA whose certificate expires years after the demo TSA's (a renewed TSA certificate)."""
    server, url = _serve(tsa.TimestampAuthority(pki.issue_tsa(demo.issuing, demo.urls, valid_days=3000)))
    yield url
    server.shutdown()
    server.server_close()


def _archived_record(cast, *documents, state=RecordFile.State.ARCHIVED) -> RecordFile:  # noqa: F811
    record = RecordFile.objects.create(
        organization=cast.organization, year=2026, code=f"HS-{RecordFile.objects.count() + 1}",
        title="Hồ sơ triển khai hệ thống quản lý văn bản điện tử", retention_years=0, owner=cast.specialist,
        state=state, started_on=date(2026, 1, 5), archived_at=timezone.now() if state == "archived" else None,
    )
    for ordinal, document in enumerate(documents, start=1):
        RecordItem.objects.create(record=record, ordinal=ordinal, document=document, added_by=cast.specialist)
    return record


@pytest.fixture
def sealed_file(cast, outgoing):  # noqa: F811
    return sign_and_seal(cast, outgoing)


def _counts():
    return DocumentFile.objects.count(), LongTermProof.objects.count()


def test_acceptance_adds_b_lta_as_a_new_version_and_a_retry_adds_nothing(cast, sealed_file):  # noqa: F811
    unsigned = store_file(sealed_file.document, nd30_document(), name="phu-luc.pdf", role="appendix")
    record = _archived_record(cast, sealed_file.document)

    run = record_longterm_proof_add(record=record)

    (proof,) = run.added
    assert run.failed == [] and proof.source == sealed_file and proof.record == record
    new = proof.file
    assert new.replaces == sealed_file and DocumentFile.objects.filter(pk=sealed_file.pk).exists()
    old_bytes, new_bytes = read_file(sealed_file), read_file(new)
    assert new_bytes.startswith(old_bytes) and new.sha256 != sealed_file.sha256
    assert proof.tsa_valid_until == longterm.archive_timestamp_expiry(new_bytes)
    assert [r.valid for r in verify.verify_pdf(new_bytes, trust_roots=cast_roots())] == [True, True]
    assert not LongTermProof.objects.filter(source=unsigned).exists()  # an unsigned PDF gets nothing
    event = AuditEvent.objects.get(action=AuditAction.RECORD_LONGTERM_PROOF_ADD)
    assert event.data["file"] == new.pk and event.data["signatures"] == 2

    before = _counts()
    task = celery_app.tasks["documents.records_longterm_proof"]
    assert task.apply(args=(record.pk,)).get() == {"added": 0, "renewed": 0, "failed": 0, "skipped": 0}
    assert record_longterm_proof_add(record=record).added == []
    assert _counts() == before


def cast_roots():
    from signatures.selectors.certificates import trust_anchor_list

    return trust_anchor_list()


def test_only_an_archived_record_gets_proofs(cast, sealed_file):  # noqa: F811
    record = _archived_record(cast, sealed_file.document, state=RecordFile.State.SUBMITTED)
    before = _counts()
    run = record_longterm_proof_add(record=record)
    assert run.added == [] and run.skipped == [(record.pk, "not_archived")]
    assert _counts() == before


def test_tsa_down_writes_nothing_and_the_daily_run_adds_it_later(cast, sealed_file, settings):  # noqa: F811
    record = _archived_record(cast, sealed_file.document)
    settings.QLVB_LTV_TSA_URL, settings.QLVB_TSA_TIMEOUT = UNREACHABLE_TSA, 2
    before = _counts()

    run = record_longterm_proof_add(record=record)

    assert run.added == [] and [file_id for file_id, _ in run.failed] == [sealed_file.pk]
    assert _counts() == before  # no version, no proof: nothing half-written
    failure = AuditEvent.objects.get(action=AuditAction.RECORD_LONGTERM_PROOF_FAILED)
    assert failure.data["source"] == sealed_file.pk and "Timestamp" in failure.data["reason"]

    settings.QLVB_LTV_TSA_URL = ""  # the TSA is back (QLVB_TSA_URL)
    again = records_longterm_renew()
    assert [p.source_id for p in again.added] == [sealed_file.pk]


def test_renewal_adds_a_second_archive_timestamp_and_moves_the_expiry(cast, sealed_file, settings,  # noqa: F811
                                                                      later_tsa_url):
    record = _archived_record(cast, sealed_file.document)
    (first,) = record_longterm_proof_add(record=record).added
    # Due only within the margin: two years ahead of a two-year TSA certificate, yes; 30 days, no.
    assert records_longterm_renew(margin=timedelta(days=30)).renewed == []

    settings.QLVB_LTV_TSA_URL = later_tsa_url
    run = records_longterm_renew(margin=timedelta(days=800))

    (second,) = run.renewed
    assert second.renewed_from == first and second.source == first.file and second.file.replaces == first.file
    assert second.tsa_valid_until > first.tsa_valid_until
    data = read_file(second.file)
    assert data.startswith(read_file(first.file))
    assert len(longterm.long_term_status(data).archive_timestamps) == 2
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_LONGTERM_PROOF_RENEW).count() == 1
    # The renewed proof is not due any more; the old one is never picked again.
    assert records_longterm_renew(margin=timedelta(days=800)).renewed == []


def test_a_failed_renewal_keeps_the_proof_due_and_writes_nothing(cast, sealed_file, settings):  # noqa: F811
    record = _archived_record(cast, sealed_file.document)
    (proof,) = record_longterm_proof_add(record=record).added
    settings.QLVB_LTV_TSA_URL, settings.QLVB_TSA_TIMEOUT = UNREACHABLE_TSA, 2
    before = _counts()

    assert longterm_proof_renew(proof=proof) is None

    assert _counts() == before
    proof.refresh_from_db()
    assert proof.attempts == 1 and "TimestampUnavailableError" in proof.last_error and proof.last_attempt_at
    with pytest.raises(CommandError):
        call_command("records_longterm_renew", "--days", "800")
    proof.refresh_from_db()
    assert proof.attempts == 2 and not hasattr_renewal(proof)


def hasattr_renewal(proof) -> bool:
    return LongTermProof.objects.filter(renewed_from=proof).exists()


def test_renewing_with_the_same_tsa_certificate_is_refused(cast, sealed_file):  # noqa: F811
    record = _archived_record(cast, sealed_file.document)
    (proof,) = record_longterm_proof_add(record=record).added
    before = _counts()
    assert longterm_proof_renew(proof=proof) is None  # would not push the expiry: renew the TSA first
    assert _counts() == before
    proof.refresh_from_db()
    assert "not later than" in proof.last_error


def test_the_command_renews_only_what_is_due(cast, sealed_file, settings, later_tsa_url, capsys):  # noqa: F811
    record = _archived_record(cast, sealed_file.document)
    (proof,) = record_longterm_proof_add(record=record).added
    settings.QLVB_LTV_RENEW_DAYS = 30
    call_command("records_longterm_renew")
    assert "renewed 0" in capsys.readouterr().out
    settings.QLVB_LTV_TSA_URL = later_tsa_url
    call_command("records_longterm_renew", "--days", "800")
    out = capsys.readouterr().out
    renewed = LongTermProof.objects.get(renewed_from=proof)
    assert f"renewed file {renewed.file_id}" in out and "renewed 1" in out


def test_the_beat_schedule_runs_the_renewal_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["records-longterm-renew"]
    assert entry["task"] == "documents.records_longterm_renew" and entry["schedule"] == 24 * 3600.0
    assert "documents.records_longterm_renew" in celery_app.tasks


def test_the_verification_page_says_until_when_the_archive_timestamp_holds(client, cast, sealed_file):  # noqa: F811
    record = _archived_record(cast, sealed_file.document)
    (proof,) = record_longterm_proof_add(record=record).added
    login_verified(client, cast.clerk)

    page = client.get(reverse("signatures:file-verification", args=[proof.file_id]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Dữ liệu kiểm tra dài hạn" in text
    assert timezone.localtime(proof.tsa_valid_until).strftime("%d/%m/%Y") in text
    old = client.get(reverse("signatures:file-verification", args=[sealed_file.pk])).content.decode()
    assert "Dữ liệu kiểm tra dài hạn" not in old


def test_another_organization_does_not_see_the_proof(client, cast, sealed_file):  # noqa: F811
    record = _archived_record(cast, sealed_file.document)
    (proof,) = record_longterm_proof_add(record=record).added
    stranger = make_user(make_org(short="UBND-X"), ["clerk"])
    login_verified(client, stranger)
    before = _counts()
    assert client.get(reverse("signatures:file-verification", args=[proof.file_id])).status_code == 404
    assert client.post(reverse("signatures:file-verify", args=[proof.file_id])).status_code == 404
    assert _counts() == before


def test_a_specialist_without_access_to_the_document_does_not_see_it(client, cast, sealed_file):  # noqa: F811
    other_doc = make_document(cast.organization, direction="out", created_by=cast.leader, secrecy=0)
    record = _archived_record(cast, sealed_file.document)
    (proof,) = record_longterm_proof_add(record=record).added
    outsider = make_user(cast.organization, ["specialist"])
    login_verified(client, outsider)
    assert other_doc.pk  # an unrelated document of the same organization exists
    assert client.get(reverse("signatures:file-verification", args=[proof.file_id])).status_code == 404


def test_the_demo_data_adds_proofs_to_archived_records_once(cast, sealed_file):  # noqa: F811
    import io

    from qlvb.demo.records_longterm import demo_longterm

    _archived_record(cast, sealed_file.document)
    out = io.StringIO()
    assert demo_longterm(stdout=out)["added"] == 1 and "1 added" in out.getvalue()
    before = _counts()
    assert demo_longterm()["added"] == 0
    assert _counts() == before


def test_a_file_altered_in_storage_gets_no_proof(cast, sealed_file):  # noqa: F811
    record = _archived_record(cast, sealed_file.document)
    with open(sealed_file.file.path, "ab") as handle:
        handle.write(b"\n% altered\n")
    before = _counts()
    run = record_longterm_proof_add(record=record)
    assert run.added == [] and "SHA-256" in run.failed[0][1]
    assert _counts() == before


def test_an_imported_b_lta_file_shows_its_archive_timestamp_after_a_check(client, cast, sealed_file):  # noqa: F811
    from signatures.services import file_verify

    record = _archived_record(cast, sealed_file.document)
    (proof,) = record_longterm_proof_add(record=record).added
    imported = store_file(make_document(cast.organization, created_by=cast.clerk), read_file(proof.file))
    verification = file_verify(document_file=imported, actor=cast.clerk)
    assert verification.valid, verification.summary
    login_verified(client, cast.clerk)
    text = client.get(reverse("signatures:file-verification", args=[imported.pk])).content.decode()
    assert "Tệp có dấu thời gian lưu trữ lúc" in text
    assert timezone.localtime(proof.tsa_valid_until).strftime("%d/%m/%Y") in text
