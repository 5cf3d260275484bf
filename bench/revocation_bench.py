"""Verification against slow revocation servers (issue 13, point 2).

A listener on 127.0.0.1 answers every request after ``--delay`` seconds. Three PDFs are verified
with the guarded fetch a verification uses (defaults of QLVB_REVOCATION_*: 8 URLs, 5 s each, 15 s
in all, the listener's host allow-listed):

- a PDF signed under an untrusted CA whose certificates point at the listener (nothing fetched);
- a PDF signed under a trusted CA with ``--urls`` CRL and OCSP URLs at the listener;
- the same, verified with the unguarded HTTP fetch (how verification worked before), if ``--old``.

Prints the median wall time and the requests the listener received, per case.

    .venv/bin/python bench/revocation_bench.py [--runs 3] [--delay 9] [--urls 6] [--old]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from signatures.pdf import verify  # noqa: E402
from signatures.pki import issuing  # noqa: E402
from signatures.pki.revinfo import FetchLimits, GuardedFetch, http_fetch, parse_allowed_hosts  # noqa: E402
from tests.hostile import CountingListener, hostile_pdf, signed_pdf, signer_with_many_urls  # noqa: E402


def measure(listener: CountingListener, runs: int, verify_once) -> tuple[float, float]:
    """Median seconds of ``verify_once()`` and the median number of requests per run."""
    times, counts = [], []
    for _ in range(runs):
        before = listener.count
        start = time.perf_counter()
        verify_once()
        times.append(time.perf_counter() - start)
        counts.append(listener.count - before)
    return statistics.median(times), statistics.median(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--delay", type=float, default=9.0)
    parser.add_argument("--urls", type=int, default=6)
    parser.add_argument("--old", action="store_true", help="also time the unguarded fetch (slow: urls × 2 × delay)")
    args = parser.parse_args()

    with CountingListener(delay=args.delay) as listener:
        limits = FetchLimits(allowed_hosts=parse_allowed_hosts([f"127.0.0.1:{listener.port}"]))
        root = issuing.create_root_ca("CA thử nghiệm", slug="root")
        many = signed_pdf(signer_with_many_urls(root, [f"{listener.base_url}/r/{n}" for n in range(args.urls)]))
        hostile = hostile_pdf(listener.base_url)

        def guarded(pdf, roots):
            return lambda: verify.verify_pdf(pdf, trust_roots=roots, fetch=GuardedFetch(http_fetch, limits))

        cases = [
            ("untrusted CA, URLs at the listener", guarded(hostile, [])),
            (f"trusted CA, {args.urls} CRL + {args.urls} OCSP slow URLs, guarded", guarded(many, [root.cert])),
        ]
        if args.old:
            cases.append((f"same, unguarded fetch ({args.delay:g} s timeouts)",
                          lambda: verify.verify_pdf(many, trust_roots=[root.cert],
                                                    fetch=lambda u, b=None: http_fetch(u, b, args.delay + 1))))
        print(f"listener delay {args.delay:g} s; limits: {limits.max_urls} URLs, {limits.timeout:g} s each, "
              f"{limits.budget:g} s in all; median of {args.runs} runs")
        for name, run in cases:
            seconds, requests = measure(listener, args.runs, run)
            print(f"  {name}: {seconds:.2f} s, {requests:g} requests")


if __name__ == "__main__":
    main()
