"""Command line of the local axis server.

    python -m interchange.axis serve --port 8100 --data DIR [--host 127.0.0.1]
        [--database-url postgresql://...] [--max-package-bytes N]
        [--failure-rate 0.2 --fault-seed 1 --latency-ms 500 --duplicate-delivery --drop-status --down]
    python -m interchange.axis add-system --data DIR --system-id ID [--secret S]
        --organ-id 000.00.00.G22 [--organ-id ...] [--name "Văn phòng Chính phủ" ...]

``--name`` pairs with ``--organ-id`` in order; a single name goes to the first organization.
Without ``--secret`` the secret is read from the first line of standard input, so that it does not
appear in the machine's process list.

``serve`` answers ``/_faults`` (change the injected faults over HTTP) only when the environment has
AXIS_FAULT_CONTROL=1; otherwise faults are fixed by the command line and ``/_faults`` is 404.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from interchange.axis.server.answers import AxisFault
from interchange.axis.server.context import DEFAULT_MAX_PACKAGE_BYTES
from interchange.axis.server.faults import FaultSettings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m interchange.axis", description="The local national-axis server."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the server")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8100, help="port to listen on (default 8100)")
    _storage_arguments(serve)
    serve.add_argument(
        "--max-package-bytes",
        type=int,
        default=DEFAULT_MAX_PACKAGE_BYTES,
        help=f"largest accepted package (default {DEFAULT_MAX_PACKAGE_BYTES})",
    )
    serve.add_argument(
        "--failure-rate", type=float, default=0.0, help="share of sendEdoc/get* calls answering 5xx"
    )
    serve.add_argument("--fault-seed", type=int, default=None, help="seed of the failure draws")
    serve.add_argument("--latency-ms", type=int, default=0, help="delay added to every axis call")
    serve.add_argument("--duplicate-delivery", action="store_true", help="deliver every message twice")
    serve.add_argument(
        "--drop-status", action="store_true", help="accept status messages but never deliver them"
    )
    serve.add_argument("--down", action="store_true", help="answer 503 to every axis call")
    serve.add_argument("--log-level", default="INFO", help="DEBUG shows every HTTP request")

    add = commands.add_parser("add-system", help="register a connected system and its organizations")
    _storage_arguments(add)
    add.add_argument("--system-id", required=True, help="the system's id (XroadVnpt-systemid)")
    add.add_argument("--secret", help="the system's HMAC secret (default: read from standard input)")
    add.add_argument(
        "--organ-id", action="append", required=True, help="an organization it serves (repeatable)"
    )
    add.add_argument(
        "--name", action="append", default=[], help="the organization's name (repeatable, in order)"
    )
    return parser


def _storage_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, type=Path, help="folder for the database and the packages")
    parser.add_argument("--database-url", default=None, help="postgresql://... instead of SQLite in --data")


def _serve(args: argparse.Namespace) -> int:
    from interchange.axis.server.app import open_app, serve

    try:
        faults = FaultSettings(
            failure_rate=args.failure_rate,
            seed=args.fault_seed,
            latency_ms=args.latency_ms,
            duplicate_delivery=args.duplicate_delivery,
            drop_status=args.drop_status,
            down=args.down,
        )
        app = open_app(
            data_dir=args.data,
            database_url=args.database_url,
            faults=faults,
            max_package_bytes=args.max_package_bytes,
            fault_control=os.environ.get("AXIS_FAULT_CONTROL") == "1",
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    serve(app, host=args.host, port=args.port)
    return 0


def _add_system(args: argparse.Namespace) -> int:
    from interchange.axis.server import registry
    from interchange.axis.server.app import open_app

    names: list[str] = args.name
    if len(names) > len(args.organ_id):
        print("error: more --name than --organ-id", file=sys.stderr)
        return 2
    agencies = [
        registry.AgencyInput(code=code, name=names[i] if i < len(names) else "")
        for i, code in enumerate(args.organ_id)
    ]
    secret = args.secret if args.secret is not None else sys.stdin.readline().rstrip("\r\n")
    if not secret:
        print("error: the secret is empty (give --secret or one line on standard input)", file=sys.stderr)
        return 2
    app = open_app(data_dir=args.data, database_url=args.database_url)
    try:
        registry.system_add(app.database, system_id=args.system_id, secret=secret, agencies=agencies)
    except AxisFault as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        app.database.close()
    print(f"system {args.system_id} serves {len(agencies)} organization(s): {', '.join(args.organ_id)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return the process exit status."""
    args = _parser().parse_args(argv)
    if args.command == "serve":
        logging.basicConfig(
            level=getattr(logging, str(args.log_level).upper(), logging.INFO),
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
        return _serve(args)
    return _add_system(args)
