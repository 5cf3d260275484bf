"""Backup and restore (Phụ lục VI III.5.g, IV.1.e): a full round trip on real PostgreSQL into a
second database, then audit_verify and every file's hash; refusals (non-empty target, a changed
backup) that leave everything as it was; key material never in the backup."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from documents.models import DocumentFile
from qlvb.models import AuditEvent
from qlvb.models.people import Role
from tests.conftest import ROOT
from tests.documents.records.package_helpers import make_record
from tests.factories import make_org, make_unit, make_user

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


def _admin_conninfo(dbname: str = "postgres") -> str:
    db = settings.DATABASES["default"]
    return psycopg.conninfo.make_conninfo(host=db["HOST"], port=db.get("PORT") or 5432, user=db["USER"],
                                          password=db.get("PASSWORD") or None, dbname=dbname)


@pytest.fixture
def restore_db():
    """An empty second database (the restore target), dropped at the end."""
    name = f"{settings.DATABASES['default']['NAME']}_restore"[:63]

    def recreate():
        with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

    recreate()
    yield name, recreate
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, database: str, media: Path, var: Path) -> subprocess.CompletedProcess:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db.get('PORT') or 5432}/{database}"
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media), "QLVB_VAR_DIR": str(var),
           "DJANGO_SETTINGS_MODULE": "qlvb.settings.test", "QLVB_AUDIT_KEY_FILE": str(settings.QLVB_AUDIT_KEY_FILE)}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture
def instance(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media-source")
    org = make_org("UBND", organ_id="000.00.31.H05")
    unit = make_unit(org, "VP")
    owner = make_user(org, [Role.SPECIALIST], unit=unit)
    make_record(org, owner, code="01-VP", documents=2, other_files=1, unit=unit)
    make_record(org, owner, code="02-VP", documents=1, other_files=0, unit=unit)
    return org


def table_count(database: str) -> int:
    with psycopg.connect(_admin_conninfo(database)) as conn:
        return conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").fetchone()[0]


def test_backup_then_restore_into_an_empty_database_on_postgresql(instance, restore_db, tmp_path):
    name, _ = restore_db
    backup = tmp_path / "backup"
    call_command("backup", "--out", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"]["format"] == "pg_dump custom"
    assert manifest["database"]["pg_dump_version"].startswith("pg_dump (PostgreSQL)")
    from django.db.migrations.loader import MigrationLoader

    latest = max(name for app, name in MigrationLoader(None).graph.leaf_nodes() if app == "qlvb")
    assert latest in manifest["migrations"]["qlvb"]
    assert {e["what"].split(" (")[0] for e in manifest["key_material_excluded"]} >= {
        "audit key", "key-encryption key", "private keys of the demo/hosted PKI", "Django SECRET_KEY"}
    source_files = {f.file.name: f.sha256 for f in DocumentFile.objects.all()}
    assert len(source_files) == 6
    assert {f"media/{n}" for n in source_files} <= {f["path"] for f in manifest["files"]}
    source_events = AuditEvent.objects.count()

    media = tmp_path / "media-restored"
    restored = manage("restore", str(backup), database=name, media=media, var=tmp_path / "var")
    assert restored.returncode == 0, restored.stderr
    assert "audit log intact" in restored.stdout and "restore complete" in restored.stdout
    assert "0 problem(s)" in restored.stdout

    verified = manage("audit_verify", database=name, media=media, var=tmp_path / "var")
    assert verified.returncode == 0, verified.stderr
    assert f"{source_events + 1} rows verified" in verified.stdout  # + the restore's own event

    with psycopg.connect(_admin_conninfo(name)) as conn:
        rows = conn.execute("SELECT file, sha256 FROM documents_documentfile").fetchall()
        actions = [r[0] for r in conn.execute("SELECT action FROM qlvb_auditevent ORDER BY seq DESC LIMIT 1")]
    assert dict(rows) == source_files
    for file_name, sha in rows:  # every file's bytes match the hash its row records
        assert hashlib.sha256((media / file_name).read_bytes()).hexdigest() == sha
    assert actions == ["backup.restore"]

    # A second restore into the now non-empty database is refused.
    again = manage("restore", str(backup), database=name, media=tmp_path / "media-other", var=tmp_path / "var")
    assert again.returncode != 0 and "is not empty" in again.stderr


def test_a_changed_backup_restores_nothing(instance, restore_db, tmp_path):
    name, _ = restore_db
    backup = tmp_path / "backup"
    call_command("backup", "--out", str(backup))
    victim = next(p for p in (backup / "media").rglob("*.pdf"))
    victim.write_bytes(victim.read_bytes() + b"%tampered")
    media = tmp_path / "media-restored"
    result = manage("restore", str(backup), database=name, media=media, var=tmp_path / "var")
    assert result.returncode != 0
    assert "checksum mismatch" in result.stderr and "nothing was restored" in result.stderr
    assert table_count(name) == 0
    assert not media.exists()


def test_key_material_is_never_in_the_backup(instance, tmp_path, settings):
    """Even with the key files placed under MEDIA_ROOT by mistake, they are skipped."""
    media = Path(settings.MEDIA_ROOT)
    key_copy = media / "keys" / "audit_key"
    key_copy.parent.mkdir(parents=True)
    shutil.copyfile(settings.QLVB_AUDIT_KEY_FILE, key_copy)
    settings.QLVB_AUDIT_KEY_FILE = key_copy
    backup = tmp_path / "backup"
    call_command("backup", "--out", str(backup))
    assert not (backup / "media" / "keys" / "audit_key").exists()
    key = key_copy.read_text().strip()
    for path in backup.rglob("*"):
        if path.is_file() and path.suffix != ".pgdump":
            assert key not in path.read_text(errors="ignore")
    assert "keys/audit_key" in json.loads((backup / "manifest.json").read_text())["media"]["skipped"]


def test_restore_refuses_a_non_empty_database_and_changes_nothing(instance, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", "--out", str(backup))
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(backup))
    assert AuditEvent.objects.count() == before


def test_backup_refuses_a_directory_that_is_not_empty(instance, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "old").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", "--out", str(tmp_path / "used"))


def test_restore_of_something_that_is_not_a_backup(tmp_path):
    (tmp_path / "manifest.json").write_text('{"format": "other"}')
    with pytest.raises(CommandError, match="not a qlvb-backup"):
        call_command("restore", str(tmp_path))


def test_pg_dump_is_the_servers_major_version_or_newer():
    from qlvb.services.backup import _server_version, _tool_major

    for tool in ("pg_dump", "pg_restore"):
        assert _tool_major(tool)[1] >= _server_version()[1]


SQLITE_SEED = """
from documents.services.files import file_store
from qlvb.audit_actions import AuditAction
from qlvb.services.audit import audit_record
from tests.factories import make_document, make_org
org = make_org("UBND", organ_id="000.00.31.H05")
doc = make_document(org, subject="Tệp thử sao lưu SQLite")
stored = file_store(document=doc, name="a.pdf", data=b"%PDF-1.7 thu nghiem")
audit_record(action=AuditAction.TEST_EVENT, organization=org, obj=doc, data={"file": stored.sha256})
"""


def test_backup_and_restore_of_a_sqlite_instance(tmp_path):
    """`make run`'s default database: the online backup API, then a restore into a new file."""
    def run(*args, db: str, media: str):
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / db}", "MEDIA_ROOT": str(tmp_path / media),
               "QLVB_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "qlvb.settings.test",
               "QLVB_AUDIT_KEY_FILE": str(settings.QLVB_AUDIT_KEY_FILE)}
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        return result.stdout

    run("migrate", "-v0", db="a.sqlite3", media="media-a")
    run("shell", "-c", SQLITE_SEED, db="a.sqlite3", media="media-a")
    run("backup", "--out", str(tmp_path / "backup"), db="a.sqlite3", media="media-a")
    assert json.loads((tmp_path / "backup" / "manifest.json").read_text())["database"]["format"] == \
        "sqlite3 online backup"
    out = run("restore", str(tmp_path / "backup"), db="b.sqlite3", media="media-b")
    assert "stored files: 1 checked against their SHA-256, 0 problem(s)" in out
    assert "rows verified" in run("audit_verify", db="b.sqlite3", media="media-b")
