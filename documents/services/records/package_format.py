"""The records package (gói hồ sơ) as bytes: the zip layout, its limits, the hardened reading of a
zip somebody else made, and the XML index (Thông tư 02/2019/TT-BNV fields) with its schema.

No database here: what is read and checked is the package alone. docs/RECORDS-PACKAGE.md
describes the layout.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

FORMAT = "qlvb-records-package"
FORMAT_VERSION = 1
NS = "urn:qlvb:records-package:1"
MANIFEST = "manifest.json"
INDEX = "index.xml"
AUDIT = "audit/events.json"
TRUST_DIR = "trust/"
FILES_DIR = "files/"
SCHEMA_PATH = Path(__file__).with_name("records_package.xsd")


@dataclass(frozen=True)
class Limits:
    """What a package from outside may hold before it is refused unread."""

    max_members: int = 50_000
    max_member_bytes: int = 100 * 1024 * 1024  # as documents.services.files.MAX_FILE_BYTES
    max_total_bytes: int = 8 * 1024 * 1024 * 1024
    max_metadata_bytes: int = 64 * 1024 * 1024  # manifest, index, audit events
    max_ratio: int = 200  # uncompressed ÷ compressed, for members larger than 1 MiB
    max_name_length: int = 400


LIMITS = Limits()


class PackageError(Exception):
    """The package cannot be read at all (not a zip, a hostile member, a missing manifest). `code`
    is stable; the message is English (command line and log)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- reading a zip from outside -----------------------------------------------------------------

def _name_problem(name: str, limits: Limits) -> str | None:
    if not name or len(name) > limits.max_name_length:
        return "empty or too long name"
    if "\\" in name or "\x00" in name:
        return "backslash or NUL in the name"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "path traversal (an empty, '.' or '..' component)"
    if posixpath.normpath(name.rstrip("/")) != name.rstrip("/"):
        return "name is not in normal form"
    return None


class SafeZip:
    """A zip opened for reading with every member checked before any is read: names (no absolute
    paths, no '..', no backslashes), no symbolic links or special files, no duplicate names, the
    number of members, each member's and the total uncompressed size, and the compression ratio.
    Reading a member stops at its declared size, so a header that lies about the size is caught."""

    def __init__(self, source: str | Path | io.IOBase, limits: Limits = LIMITS):
        self.limits = limits
        try:
            self.zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise PackageError("not_a_zip", f"the package is not a readable zip file ({exc})") from exc
        infos = self.zip.infolist()
        if len(infos) > limits.max_members:
            raise PackageError("too_many_members", f"the package has {len(infos)} members, more than "
                                                   f"{limits.max_members}")
        self.members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            name = info.filename
            if problem := _name_problem(name, limits):
                raise PackageError("unsafe_member_name", f"member {name!r} refused: {problem}")
            mode = info.external_attr >> 16
            if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # links, devices, pipes
                raise PackageError("unsafe_member_type", f"member {name!r} refused: a symbolic link or special file")
            if info.flag_bits & 0x1:
                raise PackageError("encrypted_member", f"member {name!r} refused: encrypted")
            if name.endswith("/"):
                continue
            if name in self.members:
                raise PackageError("duplicate_member", f"member {name!r} appears twice")
            limit = limits.max_metadata_bytes if not name.startswith(FILES_DIR) else limits.max_member_bytes
            if info.file_size > limit:
                raise PackageError("member_too_large", f"member {name!r} is {info.file_size} bytes, more than "
                                                       f"{limit}")
            if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise PackageError("compression_bomb", f"member {name!r} expands {info.file_size} bytes from "
                                                       f"{info.compress_size}: refused as a zip bomb")
            total += info.file_size
            if total > limits.max_total_bytes:
                raise PackageError("package_too_large", f"the package expands to more than "
                                                        f"{limits.max_total_bytes} bytes")
            self.members[name] = info

    def names(self) -> list[str]:
        return list(self.members)

    def read(self, name: str) -> bytes:
        info = self.members[name]
        try:
            with self.zip.open(info) as handle:
                data = handle.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise PackageError("member_corrupt", f"member {name!r} cannot be read: {exc}") from exc
        if len(data) != info.file_size:
            raise PackageError("member_size_mismatch", f"member {name!r} does not have its declared size")
        return data

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- XML ----------------------------------------------------------------------------------------

def _parser() -> etree.XMLParser:
    """No DTD loaded, no entity expanded, no network, no huge trees (lxml's own limits stay on)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_pis=True, collect_ids=False)


def xml_parse(data: bytes, *, limit: int = LIMITS.max_metadata_bytes) -> etree._Element:
    """Parse the index of a package from outside; refuses a DOCTYPE (and so every entity trick)."""
    if len(data) > limit:
        raise PackageError("index_too_large", f"{INDEX} is larger than {limit} bytes")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise PackageError("index_has_dtd", f"{INDEX} declares a DTD or entities, which a package may not")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise PackageError("index_not_xml", f"{INDEX} is not well-formed XML: {exc}") from exc
    if root.getroottree().docinfo.doctype:
        raise PackageError("index_has_dtd", f"{INDEX} declares a DTD, which a package may not")
    return root


_schema: etree.XMLSchema | None = None


def schema() -> etree.XMLSchema:
    global _schema
    if _schema is None:
        _schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH), parser=_parser()))
    return _schema


def xml_validate(root: etree._Element) -> list[str]:
    """The schema's complaints about the index, one line each (empty when valid)."""
    checker = schema()
    if checker.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def text(element: etree._Element, tag: str, default: str = "") -> str:
    child = element.find(q(tag))
    return (child.text or "").strip() if child is not None and child.text else default


# --- the manifest -------------------------------------------------------------------------------

def manifest_parse(data: bytes) -> dict:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackageError("manifest_not_json", f"{MANIFEST} is not JSON: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageError("not_a_records_package", f"{MANIFEST} does not describe a {FORMAT}")
    if manifest.get("version") != FORMAT_VERSION:
        raise PackageError("unknown_version", f"package version {manifest.get('version')!r} is not "
                                              f"{FORMAT_VERSION}")
    files = manifest.get("files")
    if not isinstance(files, list) or not all(
        isinstance(f, dict) and isinstance(f.get("path"), str) and isinstance(f.get("sha256"), str)
        and isinstance(f.get("size"), int) for f in files
    ):
        raise PackageError("manifest_malformed", f"{MANIFEST} has no valid list of files")
    return manifest
