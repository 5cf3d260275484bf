"""Keys on a PKCS#11 token (SoftHSM2 here) sign through the same interface as server-held keys."""

import pytest

from signatures.errors import KeyAccessError, WrongPinError
from signatures.pdf import signing, verify
from signatures.pki import keys
from tests.signatures.conftest import TOKEN, TOKEN_PIN, needs_softhsm

pytestmark = needs_softhsm


@pytest.fixture
def token(softhsm_token):
    return softhsm_token


def test_token_key_signs_a_valid_leader_signature(token, demo, document, signature_image, policy):
    with token.open(TOKEN_PIN) as signer:
        signed = signing.sign_as_leader(document, signer, signature_image=signature_image, policy=policy)
    (report,) = verify.verify_pdf(signed.data, trust_roots=demo.trust_roots, fetch=demo.fetch)
    assert report.valid, report.summary
    assert report.signer == "Nguyễn Văn A"


def test_wrong_token_pin_is_a_clear_error(token):
    with pytest.raises(WrongPinError), token.open("000000"):
        pass


def test_missing_key_label_is_a_clear_error(token):
    missing = keys.Pkcs11Backend(TOKEN, "nobody")
    with pytest.raises(KeyAccessError), missing.open(TOKEN_PIN):
        pass
