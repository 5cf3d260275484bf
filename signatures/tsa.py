"""The timestamp authority of the hosted CA, as a process of its own (no Django)::

    python -m signatures.tsa serve --port 8200 --dir PKI_DIR

``PKI_DIR`` is the hosted CA's directory (QLVB_PKI_DIR, written by ``manage.py pki_init``): its TSA
key and certificate sign the tokens. ``make run`` starts it; the RFC 3161 code is in
:mod:`signatures.pki.tsa`.
"""

import argparse
import logging

from signatures.pki.hosted import load_demo_pki
from signatures.pki.tsa import make_server

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m signatures.tsa", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve RFC 3161 timestamps over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8200)
    serve.add_argument("--dir", required=True, help="PKI directory written by pki_init")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    authority = load_demo_pki(args.dir).timestamp_authority()
    server = make_server(authority, args.host, args.port)
    log.info("timestamp authority listening on http://%s:%d/", args.host, server.server_address[1])
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
