"""Messages as plain JSON data, for the command line (``inspect`` prints it, ``build`` reads it).

Keys are the model's field names; dates are ``yyyy/MM/dd`` and timestamps
``yyyy/MM/dd HH:mm:ss`` as in edXML; ``kind`` is "edoc" or "status". Attachments are described,
not embedded (name, content_type, size, sha256, …); to build, each needs a ``path`` to its file,
relative to the JSON file's folder. Facts about a received package (sizes, digests, warnings,
notes, manifest, signature check) are output only and ignored on input.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .dates import format_date, format_timestamp, parse_date, parse_timestamp
from .model import Attachment, EdocMessage, Message, StatusMessage

KINDS: dict[str, type[EdocMessage] | type[StatusMessage]] = {"edoc": EdocMessage, "status": StatusMessage}
# Output-only keys: what a received package showed, not what a sender chooses.
_OUTPUT_ONLY = frozenset(
    {
        "kind",
        "notes",
        "manifest",
        "size",
        "sha256",
        "warnings",
        "members",
        "error",
        "content_type",
        "status_label",
        "signature_check",
        "raw_name",
    }
)


class SpecError(ValueError):
    """The JSON does not describe a message we can build."""


# ---- to JSON ---------------------------------------------------------------------------------


def to_json(message: Message) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": message.kind}
    data.update(_encode(message))
    if isinstance(message, StatusMessage):
        data["status_label"] = message.label
    return data


def _encode(value: Any) -> Any:
    if isinstance(value, Attachment):
        return _encode_attachment(value)
    if isinstance(value, Exception):
        return str(value)
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Path):
        return str(value)
    return value


def _encode_attachment(attachment: Attachment) -> dict[str, Any]:
    described: dict[str, Any] = {
        "name": attachment.name,
        **({"raw_name": attachment.raw_name} if attachment.raw_name not in (None, attachment.name) else {}),
        "content_type": attachment.content_type,
        "size": attachment.size if attachment.data is not None or attachment.path is not None else None,
        "sha256": attachment.digest() if attachment.data is not None or attachment.path is not None else None,
        "content_id": attachment.content_id,
        "description": attachment.description,
        "zip_entry_name": attachment.zip_entry_name,
        "warnings": list(attachment.warnings),
    }
    if attachment.members:
        described["members"] = [
            {"name": member.name, "size": len(member.data)} for member in attachment.members
        ]
    if attachment.error is not None:
        described["error"] = str(attachment.error)
    if attachment.path is not None:
        described["path"] = str(attachment.path)
    return described


# ---- from JSON -------------------------------------------------------------------------------


def from_json(data: dict[str, Any], *, base_dir: Path) -> Message:
    kind = data.get("kind")
    if kind not in KINDS:
        raise SpecError(f"'kind' must be one of {sorted(KINDS)}, not {kind!r}")
    return _decode_dataclass(KINDS[kind], data, where="", base_dir=base_dir)


def _decode_dataclass(cls: type, data: Any, *, where: str, base_dir: Path) -> Any:
    if not isinstance(data, dict):
        raise SpecError(f"{where or 'the message'}: expected an object")
    if cls is Attachment:
        return _decode_attachment(data, where=where, base_dir=base_dir)
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls) if f.init and f.name not in _OUTPUT_ONLY]
    unknown = set(data) - set(names) - _OUTPUT_ONLY
    if unknown:
        raise SpecError(f"{where or 'the message'}: unknown keys {sorted(unknown)}")
    values = {}
    for name in names:
        if name in data:
            values[name] = _decode(hints[name], data[name], where=_join(where, name), base_dir=base_dir)
    try:
        return cls(**values)
    except TypeError as exc:
        raise SpecError(f"{where or 'the message'}: {exc}") from exc


def _decode_attachment(data: dict[str, Any], *, where: str, base_dir: Path) -> Attachment:
    known = {"name", "path", "content_id", "description", "zip_entry_name"}
    unknown = set(data) - known - _OUTPUT_ONLY
    if unknown:
        raise SpecError(f"{where}: unknown keys {sorted(unknown)}")
    if not data.get("path"):
        raise SpecError(f"{where}: an attachment needs a 'path' to its file")
    path = Path(data["path"])
    path = path if path.is_absolute() else base_dir / path
    if not path.is_file():
        raise SpecError(f"{where}: no file at {str(path)!r}")
    attachment = Attachment.from_path(
        path, name=data.get("name"), content_id=data.get("content_id"), description=data.get("description")
    )
    if data.get("zip_entry_name"):
        attachment = dataclasses.replace(attachment, zip_entry_name=data["zip_entry_name"])
    return attachment


def _decode(hint: Any, value: Any, *, where: str, base_dir: Path) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _decode(inner[0], value, where=where, base_dir=base_dir)
    if origin is tuple:
        if not isinstance(value, list):
            raise SpecError(f"{where}: expected a list")
        item = typing.get_args(hint)[0]
        return tuple(
            _decode(item, entry, where=f"{where}[{index}]", base_dir=base_dir)
            for index, entry in enumerate(value, 1)
        )
    if dataclasses.is_dataclass(hint):
        return _decode_dataclass(hint, value, where=where, base_dir=base_dir)
    if hint is datetime:
        moment = parse_timestamp(value) if isinstance(value, str) else None
        if moment is None:
            raise SpecError(f"{where}: expected a timestamp yyyy/MM/dd HH:mm:ss, got {value!r}")
        return moment
    if hint is date:
        day = parse_date(value) if isinstance(value, str) else None
        if day is None:
            raise SpecError(f"{where}: expected a date yyyy/MM/dd, got {value!r}")
        return day
    if hint is bool:
        if not isinstance(value, bool):
            raise SpecError(f"{where}: expected true or false, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SpecError(f"{where}: expected a whole number, got {value!r}")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise SpecError(f"{where}: expected text, got {value!r}")
        return value
    raise SpecError(f"{where}: cannot be given in JSON")


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name
