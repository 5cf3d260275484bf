"""Backup and restore of one instance (Phụ lục VI III.5.g, IV.1.e): the database, the media files,
and a manifest with the SHA-256 of every file of the backup.

A backup directory holds:

    manifest.json        format, time, versions (migrations applied, pg_dump and server), the files
                         with their SHA-256 and size, and what was left out (key material)
    database.pgdump      PostgreSQL: pg_dump's custom format, one snapshot of the whole database
    database.sqlite3     SQLite: a copy made with SQLite's online backup API
    media/…              every file under MEDIA_ROOT (document files are immutable)

Consistency: the database is dumped first, in one snapshot; the media are copied after. Files are
written before the row that names them commits and are never changed, so every file a row of the
snapshot names is already there when the copy starts; files of later rows come along as harmless
extras.

Key material is never copied: the audit key (QLVB_AUDIT_KEY_FILE), the key-encryption key (KEK),
the PKI directory's private keys, SECRET_KEY. The server-held signing keys stay in the database:
they are sealed under the KEK (signatures.pki.kek), useless without it. Keep the keys apart (README,
"Sao lưu và khôi phục").

Restore refuses a non-empty database (unless forced) and checks every checksum before it touches
anything; then it loads the database, copies the media, checks the audit chain with the key given
out of band and every stored file against the SHA-256 its row records, and records the restore in
the audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "qlvb-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PG_DUMP_FILE = "database.pgdump"
SQLITE_FILE = "database.sqlite3"
MEDIA_DIR = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; `code` is stable, the message English (operators)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _db() -> dict:
    return settings.DATABASES["default"]


def _engine() -> str:
    engine = _db()["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError("engine_unsupported", f"backups support PostgreSQL and SQLite, not {engine}")


def _pg_env() -> dict[str, str]:
    db = _db()
    env = {**os.environ, "PGDATABASE": db["NAME"], "PGHOST": db.get("HOST") or "", "PGPORT": str(db.get("PORT") or ""),
           "PGUSER": db.get("USER") or ""}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return {k: v for k, v in env.items() if v != ""}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError("tool_missing", f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def _tool_major(name: str) -> tuple[str, int]:
    version = subprocess.run([_tool(name), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    return version, int(version.split()[-1].split(".")[0])  # "pg_dump (PostgreSQL) 15.20 (Debian …)" → 15


def _server_version() -> tuple[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        text = cursor.fetchone()[0]
    return text, int(text.split(".")[0])


def key_material() -> list[dict]:
    """What the backup leaves out, where it lives here, and how to keep it."""
    from django.conf import settings as s

    kek = s.QLVB_KEK_FILE or str(Path(s.VAR_DIR) / "keys" / "kek.key")
    pki = s.QLVB_PKI_DIR or str(Path(s.VAR_DIR) / "pki")
    return [
        {"what": "audit key (HMAC of the audit chain)", "where": "QLVB_AUDIT_KEY" if s.QLVB_AUDIT_KEY
         else str(s.QLVB_AUDIT_KEY_FILE), "needed_for": "audit_verify and new audit rows after a restore"},
        {"what": "key-encryption key (KEK) sealing the server-held signing keys in the database",
         "where": "QLVB_KEK" if s.QLVB_KEK else kek, "needed_for": "signing with the server-held keys"},
        {"what": "private keys of the demo/hosted PKI", "where": pki, "needed_for": "issuing certificates, CRLs"},
        {"what": "Django SECRET_KEY", "where": "SECRET_KEY" if os.environ.get("SECRET_KEY")
         else str(Path(s.VAR_DIR) / "secret_key"), "needed_for": "sessions and signed links (a new one logs everyone out)"},
    ]


def _excluded_paths() -> set[Path]:
    paths = set()
    for entry in key_material():
        if "/" in entry["where"]:
            paths.add(Path(entry["where"]).resolve())
    return paths


def _is_excluded(path: Path, excluded: set[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == p or p in resolved.parents for p in excluded)


@dataclass
class BackupResult:
    directory: Path
    files: int
    bytes: int
    manifest_sha256: str
    skipped: list[str] = field(default_factory=list)


def _migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).migration_qs.order_by("app", "name").values_list("app", "name"):
        applied.setdefault(app, []).append(name)
    return applied


def backup_create(*, out: Path) -> BackupResult:
    """Write a backup into `out` (a new or empty directory)."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError("out_not_empty", f"{out} is not empty: give a new directory for each backup")
    out.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    started = timezone.now()
    database: dict = {"engine": engine}
    migrations = _migrations()
    if engine == "postgresql":
        dump_version, dump_major = _tool_major("pg_dump")
        server_version, server_major = _server_version()
        if dump_major < server_major:
            raise BackupError("pg_dump_too_old", f"{dump_version} cannot dump a PostgreSQL {server_version} server")
        target = out / PG_DUMP_FILE
        # One snapshot of the whole database (pg_dump runs in a single repeatable-read transaction).
        result = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                                 f"--file={target}"], env=_pg_env(), capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError("pg_dump_failed", f"pg_dump failed: {result.stderr.strip()}")
        database.update(file=PG_DUMP_FILE, format="pg_dump custom", pg_dump_version=dump_version,
                        server_version=server_version, name=_db()["NAME"])
    else:
        target = out / SQLITE_FILE
        source = sqlite3.connect(_db()["NAME"])
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)  # the online backup API: a consistent copy while others write
        finally:
            copy.close()
            source.close()
        database.update(file=SQLITE_FILE, format="sqlite3 online backup", sqlite_version=sqlite3.sqlite_version,
                        name=Path(_db()["NAME"]).name)
    files = [{"path": database["file"], "size": target.stat().st_size, "sha256": _sha256_file(target)}]
    # The media, after the snapshot.
    media_root = Path(settings.MEDIA_ROOT)
    excluded = _excluded_paths()
    skipped = []
    if media_root.exists():
        for path in sorted(media_root.rglob("*")):
            relative = path.relative_to(media_root).as_posix()
            if path.is_symlink() or _is_excluded(path, excluded):
                skipped.append(relative)
                continue
            if not path.is_file():
                continue
            destination = out / MEDIA_DIR / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
            files.append({"path": f"{MEDIA_DIR}/{relative}", "size": destination.stat().st_size,
                          "sha256": _sha256_file(destination)})
    manifest = {
        "format": FORMAT, "version": FORMAT_VERSION,
        "created_at": started.astimezone(dt.UTC).isoformat(), "finished_at": timezone.now().astimezone(dt.UTC).isoformat(),
        "database": database, "migrations": migrations,
        "media": {"files": len(files) - 1, "bytes": sum(f["size"] for f in files[1:]), "skipped": skipped},
        "key_material_excluded": key_material(),
        "note": "Key material is NOT in this backup. The server-held signing keys in the database are sealed "
                "under the KEK. Restore needs the same audit key (and KEK to sign) supplied out of band.",
        "files": files,
    }
    data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    (out / MANIFEST).write_bytes(data)
    return BackupResult(directory=out, files=len(files), bytes=sum(f["size"] for f in files),
                        manifest_sha256=hashlib.sha256(data).hexdigest(), skipped=skipped)


# --- restore ------------------------------------------------------------------------------------

def backup_verify(directory: Path) -> tuple[dict, list[str]]:
    """The manifest and the problems with the backup's files (missing, extra, changed)."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError("manifest_unreadable", f"{directory / MANIFEST} cannot be read: {exc}") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError("not_a_backup", f"{directory} is not a {FORMAT} version {FORMAT_VERSION}")
    problems = []
    listed = set()
    for entry in manifest["files"]:
        path = directory / entry["path"]
        listed.add(entry["path"])
        if ".." in Path(entry["path"]).parts or Path(entry["path"]).is_absolute():
            problems.append(f"{entry['path']}: unsafe path in the manifest")
        elif not path.is_file():
            problems.append(f"{entry['path']}: missing")
        elif path.stat().st_size != entry["size"] or _sha256_file(path) != entry["sha256"]:
            problems.append(f"{entry['path']}: checksum mismatch")
    for path in directory.rglob("*"):
        relative = path.relative_to(directory).as_posix()
        if path.is_file() and relative != MANIFEST and relative not in listed:
            problems.append(f"{relative}: not in the manifest")
    return manifest, problems


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def media_is_empty() -> bool:
    root = Path(settings.MEDIA_ROOT)
    return not root.exists() or not any(p.is_file() for p in root.rglob("*"))


@dataclass
class FileCheck:
    checked: int = 0
    problems: list[str] = field(default_factory=list)


def stored_files_check() -> FileCheck:
    """Every stored file of every model that records a SHA-256 next to its file (document files,
    hồ sơ items…) against its bytes."""
    check = FileCheck()
    for model in apps.get_models():
        file_fields = [f for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        names = {f.name for f in model._meta.get_fields()}
        if not file_fields or "sha256" not in names:
            continue
        file_field = file_fields[0].name
        for pk, name, sha in model._default_manager.exclude(**{file_field: ""}).values_list("pk", file_field, "sha256"):
            if not sha:
                continue
            check.checked += 1
            path = Path(settings.MEDIA_ROOT) / name
            if not path.is_file():
                check.problems.append(f"{model._meta.label} {pk}: file {name} is missing")
            elif _sha256_file(path) != sha:
                check.problems.append(f"{model._meta.label} {pk}: file {name} does not match its SHA-256")
    return check


@dataclass
class RestoreResult:
    files: int
    media_files: int
    audit_rows: int = 0
    audit_problems: list[str] = field(default_factory=list)
    audit_key_missing: bool = False
    file_check: FileCheck = field(default_factory=FileCheck)
    recorded: bool = False


def _reset_schema() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            for table in connection.introspection.table_names():
                cursor.execute(f'DROP TABLE IF EXISTS "{table}"')


def _audit_key_available() -> bool:
    return bool(settings.QLVB_AUDIT_KEY) or Path(settings.QLVB_AUDIT_KEY_FILE).exists()


def backup_restore(*, directory: Path, force: bool = False) -> RestoreResult:
    """Rebuild this (empty) instance from the backup in `directory`."""
    directory = Path(directory)
    manifest, problems = backup_verify(directory)
    if problems:
        raise BackupError("checksum_mismatch", "the backup does not match its manifest, nothing was restored: "
                                               + "; ".join(problems))
    engine = _engine()
    if manifest["database"]["engine"] != engine:
        raise BackupError("engine_mismatch", f"the backup is of a {manifest['database']['engine']} database, "
                                             f"this instance uses {engine}")
    if not force and not database_is_empty():
        raise BackupError("database_not_empty", f"the database {_db()['NAME']} is not empty: restore rebuilds an "
                                                "empty instance (give --force to replace everything in it)")
    if not force and not media_is_empty():
        raise BackupError("media_not_empty", f"MEDIA_ROOT {settings.MEDIA_ROOT} is not empty (give --force)")
    if force:
        _reset_schema()
    dump = directory / manifest["database"]["file"]
    if engine == "postgresql":
        restore_version, restore_major = _tool_major("pg_restore")
        connection.close()
        result = subprocess.run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                                 "--single-transaction", f"--dbname={_db()['NAME']}", str(dump)],
                                env=_pg_env(), capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError("pg_restore_failed", f"pg_restore ({restore_version}) failed, the database was left "
                                                   f"as it was: {result.stderr.strip()}")
    else:
        connection.close()
        source = sqlite3.connect(dump)
        target = sqlite3.connect(_db()["NAME"])
        try:
            with target:
                source.backup(target)
        finally:
            source.close()
            target.close()
    media_root = Path(settings.MEDIA_ROOT)
    media_files = 0
    for entry in manifest["files"]:
        if entry["path"].startswith(f"{MEDIA_DIR}/"):
            destination = media_root / entry["path"][len(MEDIA_DIR) + 1:]
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(directory / entry["path"], destination)
            media_files += 1
    result = RestoreResult(files=len(manifest["files"]), media_files=media_files)
    result.file_check = stored_files_check()
    if not _audit_key_available():
        result.audit_key_missing = True
        return result
    from qlvb.audit_actions import AuditAction
    from qlvb.services.audit import audit_check, audit_record

    report = audit_check()
    result.audit_rows = report.rows
    result.audit_problems = [p.message for p in report.problems]
    if report.intact:
        audit_record(action=AuditAction.BACKUP_RESTORE, data={
            "backup_created_at": manifest["created_at"], "manifest_sha256": hashlib.sha256(
                (directory / MANIFEST).read_bytes()).hexdigest(),
            "files": result.files, "stored_files_checked": result.file_check.checked,
            "stored_file_problems": len(result.file_check.problems)})
        result.recorded = True
    return result
