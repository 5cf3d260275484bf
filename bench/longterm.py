"""Long-term proof benchmark: PAdES B-LTA (validation data and an archive timestamp) added to a
2-page and a 20-page decision signed by the leader and sealed by the organization (B-T), its
renewal, and verification years ahead.

Prints medians over N runs. The CA's CRLs and OCSP answers and the TSA are in process (no
network): the figures are the cost of the PDF and the cryptography, not of a remote TSA.

    .venv/bin/python bench/longterm.py [--runs 15]
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from signatures.clock import now_utc  # noqa: E402
from signatures.pdf import longterm, pades, signing, verify  # noqa: E402
from signatures.pdf.samples import SampleDocument, nd30_document  # noqa: E402
from signatures.pki import hosted, keys, tsa  # noqa: E402
from signatures.pki import issuing as pki  # noqa: E402


def median_ms(function, runs: int) -> tuple[float, object]:
    result = function()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        demo = hosted.write_demo_hierarchy(
            directory,
            people=[("Nguyễn Văn A", "Bộ Thông tin và Truyền thông", "Thứ trưởng")],
            organizations=[("Bộ Thông tin và Truyền thông", "BTTTT")],
        )
        stamper = demo.timestamp_authority().timestamper()
        archive = tsa.TimestampAuthority(pki.issue_tsa(demo.issuing, demo.urls, valid_days=3000)).timestamper()
        policy = pades.SigningPolicy(timestamper=stamper, trust_roots=(demo.root.cert,), fetch=demo.fetch)
        leader = keys.signer_from_credential(demo.credential("nguyen-van-a"))
        seal = keys.signer_from_credential(demo.credential("btttt"))
        leader_image = (Path(directory) / "nguyen-van-a.png").read_bytes()
        seal_image = (Path(directory) / "btttt.png").read_bytes()
        roots = demo.trust_roots
        ahead = now_utc() + timedelta(days=4 * 365)

        print(f"runs: {args.runs} (medians, ms)")
        print(f"{'pages':>5} {'bytes':>9} {'add B-LTA':>10} {'renew':>8} {'verify +4y':>11} {'added bytes':>12}")
        for pages in (2, 20):
            pdf = nd30_document(SampleDocument(pages=pages))
            signed = signing.sign_as_leader(pdf, leader, signature_image=leader_image, policy=policy)
            sealed = signing.seal_document(signed.data, seal, seal_image=seal_image, policy=policy, trust_roots=roots)
            add_ms, archived = median_ms(
                lambda data=sealed.data: longterm.add_long_term_proof(
                    data, trust_roots=roots, timestamper=archive, fetch=demo.fetch), args.runs)
            renew_ms, _ = median_ms(
                lambda data=archived.data: longterm.renew_long_term_proof(
                    data, trust_roots=roots, timestamper=archive, fetch=demo.fetch), args.runs)
            verify_ms, reports = median_ms(
                lambda data=archived.data: verify.verify_pdf(data, trust_roots=roots, now=ahead), args.runs)
            assert all(r.valid for r in reports), [r.summary for r in reports]
            grown = len(archived.data) - len(sealed.data)
            print(f"{pages:>5} {len(sealed.data):>9} {add_ms:>10.1f} {renew_ms:>8.1f} {verify_ms:>11.1f} {grown:>12}")


if __name__ == "__main__":
    main()
