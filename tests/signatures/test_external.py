"""Two-phase signing: the server prepares, a separate signer (the token agent) signs the digest."""

import base64
import json
import subprocess
import sys

import pytest
from cryptography import x509

from signatures.errors import ExternalSignatureError
from signatures.pdf import external, pades, signing, verify


def _agent(p12, request: dict, *extra: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "signatures.external_signer", "--p12", str(p12), *extra],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


@pytest.fixture(scope="module")
def agent_key(demo):
    p12 = demo.directory / "nguyen-van-a.p12"
    pin = (demo.directory / "nguyen-van-a.pin").read_text().strip()
    certs = json.loads(_agent(p12, {"pin": pin}, "--certificate"))
    cert = x509.load_der_x509_certificate(base64.b64decode(certs["certificate"]))
    chain = [x509.load_der_x509_certificate(base64.b64decode(c)) for c in certs["chain"]]
    return p12, pin, cert, chain


@pytest.mark.parametrize("level", [pades.Level.B_T, pades.Level.B_LT])
def test_end_to_end_with_the_reference_agent(level, agent_key, demo, document, signature_image, policy):
    p12, pin, cert, chain = agent_key
    lt_policy = pades.SigningPolicy(
        level=level, timestamper=policy.timestamper, trust_roots=(demo.root.cert,), fetch=demo.fetch
    )
    look = signing.leader_appearance(document, signature_image, signer_name="Nguyễn Văn A")
    session, digest = external.prepare(
        document, cert, chain=chain, policy=lt_policy, appearance=look, field_prefix="leader"
    )
    stored = json.dumps(session.to_dict())  # kept by the web layer between the two requests

    signature = _agent(p12, {"pin": pin, "digest": digest})
    signed = external.complete(
        external.ExternalSession.from_dict(json.loads(stored)), signature, timestamper=policy.timestamper
    )

    (report,) = verify.verify_pdf(signed.data, trust_roots=demo.trust_roots, fetch=demo.fetch)
    assert report.valid, report.summary
    assert report.timestamp.valid and report.widget is not None
    assert signed.data.startswith(document) and signed.level is level
    assert report.revocation_checked


def test_signature_that_does_not_match_is_refused(agent_key, demo, document, policy):
    p12, pin, cert, chain = agent_key
    session, digest = external.prepare(document, cert, chain=chain, policy=policy)
    other_digest = base64.b64encode(bytes(32)).decode()
    wrong = _agent(p12, {"pin": pin, "digest": other_digest})
    with pytest.raises(ExternalSignatureError) as caught:
        external.complete(session, wrong, timestamper=policy.timestamper)
    assert caught.value.user_message == "Chữ ký nhận từ thiết bị ký số không hợp lệ."
    with pytest.raises(ExternalSignatureError):
        external.complete(session, "not base64!", timestamper=policy.timestamper)


def test_agent_with_wrong_pin_fails_without_signing(agent_key):
    p12, _pin, _cert, _chain = agent_key
    result = subprocess.run(
        [sys.executable, "-m", "signatures.external_signer", "--p12", str(p12)],
        input=json.dumps({"pin": "000000", "digest": base64.b64encode(bytes(32)).decode()}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and not result.stdout
    assert "PIN" in result.stderr
