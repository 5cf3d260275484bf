"""The local timestamp authority answers RFC 3161 requests, in process and over HTTP."""

import hashlib
import threading

import pytest
from asn1crypto import core, tsp
from pyhanko.sign.timestamps import TimestampRequestError

from signatures.pki import tsa
from signatures.pki.issuing import to_asn1
from tests.signatures.conftest import LEADER


def _request(data: bytes) -> bytes:
    return tsp.TimeStampReq(
        {
            "version": 1,
            "message_imprint": {
                "hash_algorithm": {"algorithm": "sha256"},
                "hashed_message": hashlib.sha256(data).digest(),
            },
            "nonce": 424242,
            "cert_req": True,
        }
    ).dump()


def test_token_stamps_the_digest_it_was_given(demo):
    response = tsp.TimeStampResp.load(demo.timestamp_authority().respond(_request(b"van ban")))
    assert response["status"]["status"].native == "granted"
    info = response["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed
    assert info["message_imprint"]["hashed_message"].native == hashlib.sha256(b"van ban").digest()
    assert info["nonce"].native == 424242
    signer_certs = [c.chosen for c in response["time_stamp_token"]["content"]["certificates"]]
    assert any(c.subject == to_asn1(demo.tsa.cert).subject for c in signer_certs)


def test_malformed_request_is_rejected_not_crashed(demo):
    response = core.Sequence.load(demo.timestamp_authority().respond(b"\x30\x03garbage"))
    assert len(response) == 1  # a status and no token
    status = tsp.PKIStatusInfo.load(response[0].dump())
    assert status["status"].native == "rejection"
    assert status["fail_info"].native == {"bad_data_format"}


@pytest.fixture
def http_tsa(demo):
    server = tsa.make_server(demo.timestamp_authority(), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_http_client_gets_a_timestamp_from_the_server(http_tsa):
    import asyncio

    token = asyncio.run(
        tsa.http_timestamper(http_tsa).async_timestamp(hashlib.sha256(b"x").digest(), "sha256")
    )
    info = token["content"]["encap_content_info"]["content"].parsed
    assert info["message_imprint"]["hashed_message"].native == hashlib.sha256(b"x").digest()


def test_unreachable_server_is_a_timestamp_error():
    import asyncio

    client = tsa.http_timestamper("http://127.0.0.1:9/", timeout=2)
    with pytest.raises(TimestampRequestError):
        asyncio.run(client.async_timestamp(hashlib.sha256(b"x").digest(), "sha256"))


def test_signing_through_the_http_tsa(http_tsa, demo, document, leader_signer, signature_image):
    from signatures.pdf import pades, signing, verify

    policy = pades.SigningPolicy(timestamper=tsa.http_timestamper(http_tsa))
    signed = signing.sign_as_leader(document, leader_signer, signature_image=signature_image, policy=policy)
    (report,) = verify.verify_pdf(signed.data, trust_roots=demo.trust_roots, fetch=demo.fetch)
    assert report.valid and report.timestamp.valid
    assert report.signer == LEADER[0]
