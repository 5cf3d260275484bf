"""Keys on a PKCS#11 token (SoftHSM2 here) sign through the same interface as server-held keys."""

import os
import shutil
from pathlib import Path

import pytest

from signatures import keys, pkcs11_provision, signing, verify
from signatures.errors import KeyAccessError, WrongPinError

pytestmark = pytest.mark.skipif(
    not (Path(keys.SOFTHSM_MODULE).exists() and shutil.which("softhsm2-util")),
    reason="softhsm2 not installed (CI must install the Debian package softhsm2)",
)

TOKEN, PIN, SO_PIN = "qlvb-test", "246810", "13579135"


@pytest.fixture(scope="module")
def token(tmp_path_factory, demo):
    config = pkcs11_provision.write_softhsm_config(tmp_path_factory.mktemp("softhsm"))
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(config)  # read by SoftHSM when the module is first loaded
    try:
        pkcs11_provision.init_softhsm_token(TOKEN, PIN, SO_PIN, dict(os.environ))
        leader = demo.credential("nguyen-van-a")
        pkcs11_provision.import_credential(keys.SOFTHSM_MODULE, TOKEN, PIN, leader, "leader")
        yield keys.Pkcs11Backend(TOKEN, "leader", chain=leader.chain)
    finally:
        if previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = previous


def test_token_key_signs_a_valid_leader_signature(token, demo, document, signature_image, policy):
    with token.open(PIN) as signer:
        signed = signing.sign_as_leader(document, signer, signature_image=signature_image, policy=policy)
    (report,) = verify.verify_pdf(signed.data, trust_roots=demo.trust_roots, fetch=demo.fetch)
    assert report.valid, report.summary
    assert report.signer == "Nguyễn Văn A"


def test_wrong_token_pin_is_a_clear_error(token):
    with pytest.raises(WrongPinError), token.open("000000"):
        pass


def test_missing_key_label_is_a_clear_error(token):
    missing = keys.Pkcs11Backend(TOKEN, "nobody")
    with pytest.raises(KeyAccessError), missing.open(PIN):
        pass
