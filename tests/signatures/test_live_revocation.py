"""End to end over real HTTP: the running app publishes its CA's CRL and OCSP at the URLs written
into the certificates, and a verifier that fetches them sees a revocation made in the app."""

from datetime import timedelta

import pytest
from django.utils import timezone

from qlvb.demo.pki import hosted_pki_register
from signatures.models import Certificate
from signatures.pdf import pades
from signatures.pdf.samples import nd30_document
from signatures.pki import keys, revinfo
from signatures.pki.hosted import write_demo_hierarchy
from signatures.pki.issuing import issue_person
from signatures.services import certificate_revoke, file_verify, publication
from signatures.services.trust import certificate_store
from tests.factories import make_document, make_org
from tests.signatures.conftest import store_file


@pytest.mark.django_db(transaction=True)
def test_revocation_is_published_over_http_by_the_running_app(live_server, tmp_path, monkeypatch, settings):
    base_url = f"{live_server.url}/pki"
    settings.QLVB_PKI_DIR = str(tmp_path / "pki")
    settings.QLVB_PKI_BASE_URL = base_url
    settings.MEDIA_ROOT = tmp_path / "media"
    authority = write_demo_hierarchy(tmp_path / "pki", base_url=base_url)
    hosted_pki_register(authority=authority)
    person = issue_person(authority.issuing, authority.urls, full_name="Lê Thị C", organization="Sở Tài chính")
    row, _ = certificate_store(person.cert, kind=Certificate.Kind.PERSONAL)
    policy = pades.SigningPolicy(timestamper=authority.timestamp_authority().timestamper())
    signed = pades.sign_pdf(nd30_document(), keys.signer_from_credential(person), policy=policy)
    received = store_file(make_document(make_org()), signed.data, name="den.pdf")
    # Plain HTTP to the URLs in the certificates, as any other relying party would fetch them, held
    # to the allow-list (the live server is this deployment's own PKI host, always allowed).
    monkeypatch.setattr(publication, "revocation_fetch", lambda: publication.guarded(revinfo.http_fetch))

    before = file_verify(document_file=received)
    assert before.valid and before.details[0]["details"]["revocation_checked"], before.summary

    certificate_revoke(actor=None, certificate=row, reason="key_compromise",
                       revoked_at=timezone.now() - timedelta(hours=1))
    after = file_verify(document_file=received)
    assert after.invalid_signature and after.details[0]["revoked"]
    assert "chứng thư số đã bị thu hồi" in after.summary
