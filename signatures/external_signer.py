"""Reference external signer: what the USB-token agent on a user's computer does.

Given the base64 digest from :func:`signatures.pdf.external.prepare`, it signs
it with the key in a PKCS#12 file (RSA PKCS#1 v1.5, SHA-256) and prints the
base64 signature::

    python -m signatures.external_signer --p12 key.p12 --pin 123456 --digest B64
    echo '{"pin": "123456", "digest": "B64"}' | python -m signatures.external_signer --p12 key.p12

``--certificate`` prints the certificate and chain (base64 DER, JSON) that the
agent sends to the server before signing. Reading the PIN from standard
input keeps it out of the process list.
"""

import argparse
import base64
import json
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from signatures.pki.errors import SignatureServiceError
from signatures.pki.issuing import Credential
from signatures.pki.pkcs12 import load_pkcs12


def sign_digest(credential: Credential, digest: bytes) -> bytes:
    """RSA PKCS#1 v1.5 signature over a SHA-256 digest."""
    if len(digest) != 32:
        raise ValueError("expected a SHA-256 digest (32 bytes)")
    return credential.key.sign(digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))


def certificates(credential: Credential) -> dict:
    def der(cert) -> str:
        return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode("ascii")

    return {"certificate": der(credential.cert), "chain": [der(c) for c in credential.chain]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m signatures.external_signer", description=__doc__)
    parser.add_argument("--p12", required=True, help="PKCS#12 key store")
    parser.add_argument("--pin", help="PIN (or give it as JSON on stdin)")
    parser.add_argument("--digest", help="base64 SHA-256 digest to sign (or JSON on stdin)")
    parser.add_argument("--certificate", action="store_true", help="print certificate and chain instead")
    args = parser.parse_args(argv)

    request = {}
    if args.pin is None or (args.digest is None and not args.certificate):
        request = json.loads(sys.stdin.read() or "{}")
    pin = args.pin if args.pin is not None else request.get("pin", "")
    try:
        with open(args.p12, "rb") as handle:
            credential = load_pkcs12(handle.read(), pin)
        if args.certificate:
            print(json.dumps(certificates(credential)))
            return 0
        digest = base64.b64decode(args.digest or request["digest"], validate=True)
        print(base64.b64encode(sign_digest(credential, digest)).decode("ascii"))
        return 0
    except SignatureServiceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (KeyError, ValueError) as exc:
        print(f"error: bad request: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
