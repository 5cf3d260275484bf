"""B-LT over real HTTP: revocation data fetched from the CRL and OCSP URLs in the certificates."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from signatures.clock import now_utc
from signatures.pdf import pades, verify
from signatures.pki import hosted as demo_pki
from signatures.pki import issuing as pki
from signatures.pki import keys, revinfo


def _serve(holder: dict) -> ThreadingHTTPServer:
    class PkiHandler(BaseHTTPRequestHandler):
        def _answer(self, body: bytes | None) -> None:
            url = f"http://127.0.0.1:{self.server.server_address[1]}{self.path}"
            try:
                data = holder["demo"].fetch(url, body)
            except LookupError:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802
            self._answer(None)

        def do_POST(self) -> None:  # noqa: N802
            self._answer(self.rfile.read(int(self.headers["Content-Length"])))

        def log_message(self, *args) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", 0), PkiHandler)


@pytest.fixture(scope="module")
def served_pki(tmp_path_factory):
    holder: dict = {}
    server = _serve(holder)
    base_url = f"http://127.0.0.1:{server.server_address[1]}/pki"
    holder["demo"] = demo_pki.write_demo_hierarchy(
        tmp_path_factory.mktemp("served-pki"),
        people=[("Nguyễn Văn A", "Bộ Nội vụ", "Thứ trưởng")],
        base_url=base_url,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield holder["demo"]
    server.shutdown()
    server.server_close()


def test_b_lt_with_revocation_data_fetched_over_http(served_pki, document):
    demo = served_pki
    policy = pades.SigningPolicy(
        level=pades.Level.B_LT,
        timestamper=demo.timestamp_authority().timestamper(),
        trust_roots=(demo.root.cert,),
    )
    assert policy.fetch is revinfo.http_fetch
    signer = keys.signer_from_credential(demo.credential("nguyen-van-a"))
    signed = pades.sign_pdf(document, signer, policy=policy)
    assert signed.level is pades.Level.B_LT

    (offline,) = verify.verify_pdf(signed.data, trust_roots=demo.trust_roots)
    assert offline.valid and offline.revocation_checked


def test_revocation_published_over_http_is_seen_by_the_verifier(served_pki, document):
    demo = served_pki
    person = pki.issue_person(demo.issuing, demo.urls, full_name="Lê Văn C", organization="Bộ Nội vụ")
    demo.revoke(person.cert, at=now_utc() - timedelta(hours=1))
    policy = pades.SigningPolicy(timestamper=demo.timestamp_authority().timestamper())
    signed = pades.sign_pdf(document, keys.signer_from_credential(person), policy=policy)
    (offline,) = verify.verify_pdf(signed.data, trust_roots=demo.trust_roots)
    assert not offline.revocation_checked and not offline.revoked
    (online,) = verify.verify_pdf(signed.data, trust_roots=demo.trust_roots, fetch=revinfo.http_fetch)
    assert online.revoked and not online.valid
