"""Signing benchmark: a 20-page A4 decision signed by the leader, sealed, and verified.

Prints the median time of each step over N runs, and of bare pyHanko
signing of the same file (invisible field, same in-process timestamp
authority), with the ratio leader signing / bare signing.

    .venv/bin/python bench/sign_bench.py [--runs 15] [--pages 20]
"""

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import fields, signers  # noqa: E402

from signatures.pdf import pades, signing, verify  # noqa: E402
from signatures.pdf.samples import SampleDocument, nd30_document  # noqa: E402
from signatures.pki import hosted, keys  # noqa: E402


def timed(function, runs: int) -> tuple[float, object]:
    """Median wall time in milliseconds over ``runs`` calls (after one warm-up call), and the last result."""
    (median,), result = timed_alternately([function], runs)
    return median, result


def timed_alternately(functions, runs: int) -> tuple[list[float], object]:
    """Medians for several functions run in turn, so load changes on the machine hit them alike."""
    result = [function() for function in functions][0]
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(runs):
        for index, function in enumerate(functions):
            start = time.perf_counter()
            outcome = function()
            times[index].append((time.perf_counter() - start) * 1000)
            if index == 0:
                result = outcome
    return [statistics.median(t) for t in times], result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        demo = hosted.write_demo_hierarchy(
            directory,
            people=[("Nguyễn Văn A", "Bộ Thông tin và Truyền thông", "Thứ trưởng")],
            organizations=[("Bộ Thông tin và Truyền thông", "BTTTT")],
        )
        leader = keys.signer_from_credential(demo.credential("nguyen-van-a"))
        clerk = keys.signer_from_credential(demo.credential("btttt"))
        signature_image = (demo.directory / "nguyen-van-a.png").read_bytes()
        seal_image = (demo.directory / "btttt.png").read_bytes()
        timestamper = demo.timestamp_authority().timestamper()
        policy = pades.SigningPolicy(timestamper=timestamper)
        pdf = nd30_document(SampleDocument(pages=args.pages))

        def sign_leader():
            return signing.sign_as_leader(pdf, leader, signature_image=signature_image, policy=policy)

        def bare():
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            meta = signers.PdfSignatureMetadata(
                field_name="Signature1", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
            )
            return signers.sign_pdf(writer, meta, signer=leader, timestamper=timestamper).getvalue()

        def find_block():
            return signing.leader_appearance(pdf, signature_image, signer_name="Nguyễn Văn A")

        (leader_ms, bare_ms, block_ms), signed = timed_alternately([sign_leader, bare, find_block], args.runs)

        def seal():
            return signing.seal_document(
                signed.data, clerk, seal_image=seal_image, policy=policy, trust_roots=demo.trust_roots
            )

        seal_ms, sealed = timed(seal, args.runs)

        def check():
            return verify.verify_pdf(sealed.data, trust_roots=demo.trust_roots)

        verify_ms, reports = timed(check, args.runs)
        assert all(r.valid for r in reports), [r.summary for r in reports]

    print(f"document: {args.pages} pages A4, {len(pdf) / 1024:.0f} KiB; median of {args.runs} runs")
    print(f"leader signature (find block, image, B-T):   {leader_ms:7.1f} ms")
    print(f"bare pyHanko signature (invisible, B-T):     {bare_ms:7.1f} ms")
    print(f"ratio leader / bare:                         {leader_ms / bare_ms:7.2f} x")
    print(f"  of which finding the signing block:        {block_ms:7.1f} ms (pdftotext)")
    print(f"seal (verify leader, place seal, B-T):       {seal_ms:7.1f} ms")
    print(f"verify both signatures:                      {verify_ms:7.1f} ms")


if __name__ == "__main__":
    main()
