"""Issue 13, point 2: verification cannot be turned into a weapon.

A PDF from anyone carries certificates made by anyone, and their CRL/OCSP URLs are whatever the
maker wrote. Each test points those URLs at a real HTTP listener on 127.0.0.1 that counts the
requests it gets: an untrusted chain makes none (even with the listener's host allow-listed), a
trusted chain makes none to a host that is not allow-listed, and many slow URLs on an allowed host
get at most the configured number of requests while the verification still returns."""

import urllib.error

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.urls import reverse

from signatures.models import Certificate
from signatures.pdf import verify
from signatures.pki import hosted as demo_pki
from signatures.pki import issuing, revinfo
from signatures.selectors.verification import file_verification_latest
from signatures.services import file_verify
from signatures.services.trust import certificate_store
from tests.factories import make_document, make_org
from tests.hostile import CountingListener, hostile_pdf, signed_pdf, signer_with_many_urls
from tests.signatures.conftest import store_file

pytestmark = pytest.mark.django_db

UNCHECKED = "chưa kiểm tra được tình trạng thu hồi chứng thư số"


@pytest.fixture
def listener():
    with CountingListener() as server:
        yield server


def _trust(cert: x509.Certificate) -> None:
    certificate_store(cert, kind=Certificate.Kind.TRUST_ANCHOR)


def test_a_hostile_pdf_checked_from_the_verification_page_sends_no_request(cast, client, listener, settings):
    # Even with the listener's host allow-listed: the chain is not trusted, so nothing is fetched.
    settings.QLVB_REVOCATION_HOSTS = ["127.0.0.1"]
    received = store_file(make_document(cast.organization), hostile_pdf(listener.base_url), name="den.pdf")
    client.force_login(cast.clerk)

    response = client.post(reverse("signatures:file-verify", args=[received.pk]))

    assert response.status_code == 302
    assert listener.requests == []
    verification = file_verification_latest(document_file=received)
    assert verification.invalid_signature and verification.outcome == "invalid"
    (report,) = verification.details
    assert not report["trusted"] and "untrusted" in report["problems"]
    assert report["details"]["revocation_fetch"]["mode"] == "untrusted_chain"
    assert report["details"]["revocation_fetch"]["attempted"] == 0
    assert "chứng thư số không do tổ chức chứng thực tin cậy cấp" in verification.summary


def test_a_forged_intermediate_named_like_a_trusted_ca_is_not_a_chain(listener, settings, tmp_path):
    """Names alone do not make a chain: a CA certificate that copies the trusted issuing CA's name
    (and claims the trusted root as issuer) but is signed by the attacker's key is not followed."""
    settings.QLVB_REVOCATION_HOSTS = ["127.0.0.1"]
    real = demo_pki.write_demo_hierarchy(tmp_path / "pki-real", base_url="http://pki.qlvb.invalid/pki")
    _trust(real.root.cert)
    attacker_key = issuing.new_key()
    forged_ca_cert = (
        x509.CertificateBuilder()
        .subject_name(real.issuing.cert.subject)
        .issuer_name(real.root.cert.subject)
        .public_key(attacker_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(real.issuing.cert.not_valid_before_utc)
        .not_valid_after(real.issuing.cert.not_valid_after_utc)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(attacker_key, hashes.SHA256())
    )
    forged_ca = issuing.Credential(key=attacker_key, cert=forged_ca_cert, chain=(real.root.cert,), slug="issuing")
    signer = issuing.issue_person(forged_ca, issuing.PkiUrls(f"{listener.base_url}/pki"),
                                  full_name="Kẻ Mạo Danh", organization="Cơ quan lạ")
    received = store_file(make_document(make_org()), signed_pdf(signer), name="den.pdf")

    verification = file_verify(document_file=received)

    assert listener.requests == []
    (report,) = verification.details
    assert not report["trusted"] and report["details"]["revocation_fetch"]["mode"] == "untrusted_chain"


def test_a_trusted_chain_pointing_at_a_host_not_on_the_allow_list_sends_no_request(listener, settings, tmp_path):
    # A real CA, trusted here, whose certificates name the listener as their CRL and OCSP server;
    # the listener's host is not allow-listed (and is not this deployment's own PKI host).
    settings.QLVB_PKI_BASE_URL = "http://pki.qlvb.invalid/pki"
    settings.QLVB_REVOCATION_HOSTS = ["crl.example.invalid"]
    demo = demo_pki.write_demo_hierarchy(tmp_path / "pki", base_url=f"{listener.base_url}/pki")
    _trust(demo.root.cert)
    person = issuing.issue_person(demo.issuing, demo.urls, full_name="Trần Văn B", organization="Sở Nội vụ")
    received = store_file(make_document(make_org()), signed_pdf(person, demo.tsa), name="den.pdf")

    verification = file_verify(document_file=received)

    assert listener.requests == []
    assert verification.valid  # a good signature stays good; its revocation is reported as unchecked
    (report,) = verification.details
    assert report["trusted"] and not report["details"]["revocation_checked"]
    assert UNCHECKED in verification.summary
    fetch = report["details"]["revocation_fetch"]
    assert fetch["mode"] == "trusted_chain" and fetch["attempted"] == 0
    assert {r["reason"] for r in fetch["refused"]} == {"host_not_allowed"}
    assert all(r["url"].startswith(listener.base_url) for r in fetch["refused"])


def test_the_same_chain_on_an_allowed_host_is_checked(listener, settings, tmp_path):
    """The control for the test above: with the host allow-listed the URLs are fetched (the
    listener answers 404, so revocation stays unchecked, but the requests arrive)."""
    settings.QLVB_PKI_BASE_URL = "http://pki.qlvb.invalid/pki"
    settings.QLVB_REVOCATION_HOSTS = [f"127.0.0.1:{listener.port}"]
    demo = demo_pki.write_demo_hierarchy(tmp_path / "pki", base_url=f"{listener.base_url}/pki")
    _trust(demo.root.cert)
    person = issuing.issue_person(demo.issuing, demo.urls, full_name="Trần Văn B", organization="Sở Nội vụ")
    received = store_file(make_document(make_org()), signed_pdf(person, demo.tsa), name="den.pdf")

    verification = file_verify(document_file=received)

    assert listener.count > 0
    assert verification.details[0]["details"]["revocation_fetch"]["attempted"] == listener.count
    assert {path for _method, path in listener.requests} <= {"/pki/ocsp/", "/pki/crl/issuing.crl", "/pki/crl/root.crl"}


def _verify_with_slow_urls(settings, *, max_urls: int, timeout: float, budget: float):
    """A trusted signer whose certificate lists 24 CRL/OCSP URLs on an allowed host that answers after
    3 s; returns the verification and the requests the host received."""
    settings.QLVB_REVOCATION_MAX_URLS = max_urls
    settings.QLVB_REVOCATION_TIMEOUT = timeout
    settings.QLVB_REVOCATION_BUDGET = budget
    root = issuing.create_root_ca("CA thử nghiệm tin cậy", slug="root")
    _trust(root.cert)
    with CountingListener(delay=3) as slow:
        settings.QLVB_REVOCATION_HOSTS = [f"127.0.0.1:{slow.port}"]
        signer = signer_with_many_urls(root, [f"{slow.base_url}/slow/{n}" for n in range(12)])
        received = store_file(make_document(make_org()), signed_pdf(signer), name="den.pdf")
        verification = file_verify(document_file=received)
        return verification, list(slow.requests)


def test_many_slow_urls_on_an_allowed_host_get_at_most_the_cap(settings):
    verification, requests = _verify_with_slow_urls(settings, max_urls=3, timeout=0.5, budget=60)

    assert len(requests) == 3  # 24 URLs offered, 3 fetched, each abandoned after its timeout
    assert verification.valid and UNCHECKED in verification.summary
    (report,) = verification.details
    assert report["trusted"] and not report["details"]["revocation_checked"]
    fetch = report["details"]["revocation_fetch"]
    assert fetch["attempted"] == 3 and {r["reason"] for r in fetch["refused"]} == {"too_many_urls"}


def test_the_time_budget_stops_fetching_before_the_cap(settings):
    verification, requests = _verify_with_slow_urls(settings, max_urls=100, timeout=0.4, budget=1)
    count = len(requests)

    assert 1 <= count < 24  # the budget ran out long before the 24 URLs (no figure on the clock)
    fetch = verification.details[0]["details"]["revocation_fetch"]
    assert "time_budget_spent" in {r["reason"] for r in fetch["refused"]}
    assert UNCHECKED in verification.summary


def test_the_guard_refuses_without_a_request(listener):
    """The guard on its own: refused URLs raise before the transport is called; answers are reused."""
    from signatures.pki.revinfo import FetchLimits, GuardedFetch, RevocationFetchRefused

    calls = []

    def transport(url, body, timeout):
        calls.append((url, timeout))
        return revinfo.http_fetch(url, body, timeout)

    allowed = f"{listener.base_url}/crl/a.crl"
    guard = GuardedFetch(transport, FetchLimits(allowed_hosts=frozenset({("127.0.0.1", listener.port)}),
                                                max_urls=1, timeout=2, budget=10))
    for url, reason in [("http://10.0.0.1/x.crl", "host_not_allowed"),
                        (f"http://127.0.0.1:{listener.port + 1}/x.crl", "host_not_allowed"),
                        ("file:///etc/passwd", "host_not_allowed")]:
        with pytest.raises(RevocationFetchRefused) as refused:
            guard(url, None)
        assert refused.value.reason == reason
    with pytest.raises(urllib.error.HTTPError):  # the listener answers 404
        guard(allowed, None)
    with pytest.raises(RevocationFetchRefused) as refused:
        guard(f"{listener.base_url}/crl/b.crl", None)
    assert refused.value.reason == "too_many_urls"
    assert [url for url, _ in calls] == [allowed] and calls[0][1] <= 2
    assert listener.requests == [("GET", "/crl/a.crl")]


def test_verify_pdf_without_the_service_also_skips_untrusted_chains(listener):
    """The pure library keeps the rule too (the verify_pdf command, signing's own check)."""
    pdf = hostile_pdf(listener.base_url)
    (report,) = verify.verify_pdf(pdf, trust_roots=[], fetch=revinfo.http_fetch)
    assert listener.requests == []
    assert not report.trusted and report.details["revocation_fetch"]["mode"] == "untrusted_chain"
