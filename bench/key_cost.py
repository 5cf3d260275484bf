"""Key-cost benchmark: what a server-held key costs the signer, and what one guessed PIN costs an attacker,
with the old key format and the new one, measured in the same run.

* old: the bare PKCS#12 the database used to keep (PBES2 with 100,000 rounds, MAC with 2,048 rounds);
* new: the PKCS#12 made now (PBES2 with ``--iterations`` rounds, the default of QLVB_KEY_KDF_ITERATIONS,
  MAC with twice as many), sealed under the key-encryption key (AES-256-GCM) as the database keeps it.

Prints medians over N runs of: the leader's signature of a document with the key opened from the stored
blob (what a signing request costs), opening the key alone, and one wrong-PIN guess (the cheapest test of
a PIN: OpenSSL checks the MAC first), with the ratios; then what trying every PIN costs on 2 cores.

    .venv/bin/python bench/key_cost.py [--runs 15] [--pages 2] [--iterations 600000]
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sign_bench import timed_alternately  # noqa: E402
from signatures.pdf import pades, signing  # noqa: E402
from signatures.pdf.samples import SampleDocument, nd30_document  # noqa: E402
from signatures.pki import hosted, kek, keys, pkcs12  # noqa: E402

OLD_PIN, NEW_PIN = "135791", "2718281828"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pages", type=int, default=2)
    parser.add_argument("--iterations", type=int, default=pkcs12.KDF_ROUNDS)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        demo = hosted.write_demo_hierarchy(
            directory, people=[("Nguyễn Văn A", "Bộ Thông tin và Truyền thông", "Thứ trưởng")], iterations=100_000
        )
        credential = demo.credential("nguyen-van-a")
        old_blob = pkcs12.export_pkcs12_legacy(credential, OLD_PIN)
        keyring = kek.Keyring.of(os.urandom(kek.KEY_BYTES))
        new_blob = keyring.seal(pkcs12.export_pkcs12(credential, NEW_PIN, iterations=args.iterations))
        old_cost, new_cost = pkcs12.store_cost(old_blob), pkcs12.store_cost(keyring.open(new_blob))
        signature_image = (demo.directory / "nguyen-van-a.png").read_bytes()
        policy = pades.SigningPolicy(timestamper=demo.timestamp_authority().timestamper())
        pdf = nd30_document(SampleDocument(pages=args.pages))

        def open_old():
            return pkcs12.load_pkcs12(old_blob, OLD_PIN)

        def open_new():
            return pkcs12.load_pkcs12(keyring.open(new_blob), NEW_PIN)

        def sign_with(opener):
            def sign():
                signer = keys.signer_from_credential(opener())
                return signing.sign_as_leader(pdf, signer, signature_image=signature_image, policy=policy)
            return sign

        def guess(blob_of, pin):
            def attempt():
                try:
                    pkcs12.load_pkcs12(blob_of(), pin)
                except pkcs12.WrongPinError:
                    return True
                raise AssertionError("the guess should be wrong")
            return attempt

        (sign_old, sign_new), _ = timed_alternately([sign_with(open_old), sign_with(open_new)], args.runs)
        (unlock_old, unlock_new), _ = timed_alternately([open_old, open_new], args.runs)
        inner = keyring.open(new_blob)  # an attacker who also holds the KEK
        (guess_old, guess_new), _ = timed_alternately(
            [guess(lambda: old_blob, "000000"), guess(lambda: inner, "0000000000")], args.runs
        )

    print(f"document: {args.pages} pages A4; median of {args.runs} runs, old and new in turn")
    print(f"old store: PBES2 {old_cost.min_kdf_iterations:,} rounds, MAC {old_cost.mac_iterations:,} rounds, "
          "bare PKCS#12 in the database")
    print(f"new store: PBES2 {new_cost.min_kdf_iterations:,} rounds, MAC {new_cost.mac_iterations:,} rounds, "
          "sealed under the KEK (AES-256-GCM)")
    print(f"leader signature, key opened from the stored blob:  old {sign_old:7.1f} ms   new {sign_new:7.1f} ms"
          f"   ratio {sign_new / sign_old:5.2f} x")
    print(f"opening the key (right PIN):                        old {unlock_old:7.1f} ms   new {unlock_new:7.1f} ms"
          f"   ratio {unlock_new / unlock_old:5.1f} x")
    print(f"one PIN guess (wrong PIN, MAC check):               old {guess_old:7.3f} ms   new {guess_new:7.3f} ms"
          f"   ratio {guess_new / guess_old:5.0f} x")
    old_space, new_space = 10**6, 10**8  # 6-digit PINs then; 8 digits at least now (fewer without runs/repeats)
    print(f"every PIN on 2 cores: old 6 digits {old_space * guess_old / 2000:,.0f} s;  "
          f"new 8 digits {new_space * guess_new / 2000 / 86400:,.0f} days, and only with the KEK "
          "(from a database dump alone: no PIN can be tried)")


if __name__ == "__main__":
    main()
