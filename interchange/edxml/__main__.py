"""Command line: ``python -m interchange.edxml inspect|validate|build``.

    inspect FILE [--extract DIR]   print every field as JSON (with --extract, also write the
                                   decoded attachments to DIR and give each its "path")
    validate FILE                  exit 0 when valid; else print one violation per line, exit 1
    build SPEC.json OUT [--key KEY.pem --cert CERT.pem]
                                   build a package from the JSON that inspect prints

Document and status messages go through the same commands; the kind is detected (inspect) or
read from the JSON's "kind" (build). Exit status 2 means the input could not be read at all.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from .builder import build, build_to
from .errors import EdxmlError
from .filenames import safe_file_name
from .jsonform import SpecError, from_json, to_json
from .model import EdocMessage, Message
from .parser import parse
from .signature import verify_signature
from .validate import validate


def main(argv: list[str] | None = None) -> int:
    args = _arguments().parse_args(argv)
    try:
        return args.run(args)
    except (EdxmlError, SpecError, OSError, json.JSONDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m interchange.edxml", description="edXML (QCVN 102:2016) packages"
    )
    commands = parser.add_subparsers(required=True, dest="command")
    inspect = commands.add_parser("inspect", help="print every field of a package as JSON")
    inspect.add_argument("file", type=Path)
    inspect.add_argument("--extract", type=Path, metavar="DIR", help="write decoded attachments to DIR")
    inspect.set_defaults(run=_inspect)
    check = commands.add_parser("validate", help="check a package against the standard's rules")
    check.add_argument("file", type=Path)
    check.set_defaults(run=_validate)
    make = commands.add_parser("build", help="build a package from JSON")
    make.add_argument("spec", type=Path)
    make.add_argument("out", type=Path)
    make.add_argument("--key", type=Path, help="PEM private key to sign with")
    make.add_argument("--cert", type=Path, help="PEM certificate of the signing key")
    make.set_defaults(run=_build)
    return parser


def _inspect(args: argparse.Namespace) -> int:
    data = args.file.read_bytes()
    message = parse(data, attachment_errors="keep")
    if args.extract is not None and isinstance(message, EdocMessage):
        message = _extract(message, args.extract)
    described = to_json(message)
    check = verify_signature(data)
    described["signature_check"] = {
        "status": check.status.value,
        "reason": check.reason,
        "signer": check.signer,
    }
    json.dump(described, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _extract(message: EdocMessage, folder: Path) -> Message:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index, attachment in enumerate(message.attachments, 1):
        if attachment.data is None:
            written.append(attachment)
            continue
        # A numbered folder per attachment keeps equal names apart.
        target = folder / str(index) / safe_file_name(attachment.name)
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(attachment.data)
        written.append(dataclasses.replace(attachment, path=target.resolve()))
    return dataclasses.replace(message, attachments=tuple(written))


def _validate(args: argparse.Namespace) -> int:
    violations = validate(args.file.read_bytes())
    for violation in violations:
        print(violation)
    if not violations:
        print("valid")
    return 1 if violations else 0


def _build(args: argparse.Namespace) -> int:
    spec = json.loads(args.spec.read_text(encoding="utf-8"))
    message = from_json(spec, base_dir=args.spec.resolve().parent)
    if args.key is not None or args.cert is not None:
        if args.key is None or args.cert is None:
            raise SpecError("signing needs both --key and --cert")
        args.out.write_bytes(build(message, signing_key=args.key.read_bytes(), cert=args.cert.read_bytes()))
    else:
        with args.out.open("wb") as out:
            build_to(message, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
