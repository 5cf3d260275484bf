"""Recovery time of backup → restore: an instance with N documents (each a draft and a signed PDF
of ~100 KB, with audit events), `manage.py backup`, then `manage.py restore` into a second, empty
PostgreSQL database and `manage.py audit_verify` there, each as the operator would run it (a new
process). Prints the wall times (the RTO is restore + verify) and the sizes. Throw-away databases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qlvb .venv/bin/python bench/backup_bench.py [--documents 500]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qlvb.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qlvb")
WORK = Path(tempfile.mkdtemp(prefix="qlvb-backup-bench-"))
os.environ["MEDIA_ROOT"] = str(WORK / "media")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=500)
    args = parser.parse_args()

    from qlvb.models.people import Role
    from tests.documents.records.package_helpers import make_record
    from tests.factories import make_org, make_unit, make_user

    old = setup_databases(verbosity=0, interactive=False)
    db = settings.DATABASES["default"]
    target = f"{db['NAME']}_rto"
    admin = psycopg.conninfo.make_conninfo(host=db["HOST"], port=db.get("PORT") or 5432, user=db["USER"],
                                           password=db.get("PASSWORD") or None, dbname="postgres")
    try:
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        org = make_org("UBND", organ_id="000.00.31.H05")
        unit = make_unit(org, "VP")
        owner = make_user(org, [Role.SPECIALIST], unit=unit)
        for start in range(0, args.documents, 100):
            make_record(org, owner, code=f"RTO-{start}", documents=min(100, args.documents - start), other_files=1,
                        unit=unit)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{target}"')
        backup = WORK / "backup"
        started = time.perf_counter()
        call_command("backup", "--out", str(backup), stdout=open(os.devnull, "w"))
        backup_s = time.perf_counter() - started
        size = sum(p.stat().st_size for p in backup.rglob("*") if p.is_file())
        env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:"
                                             f"{db.get('PORT') or 5432}/{target}",
               "MEDIA_ROOT": str(WORK / "media-restored"), "QLVB_VAR_DIR": str(WORK / "var"),
               "QLVB_AUDIT_KEY_FILE": str(settings.QLVB_AUDIT_KEY_FILE)}
        timings = {}
        for name, command in (("restore", ["restore", str(backup)]), ("audit_verify", ["audit_verify"])):
            started = time.perf_counter()
            result = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True,
                                    text=True)
            timings[name] = time.perf_counter() - started
            assert result.returncode == 0, result.stderr
        print(f"instance: {args.documents} documents ({2 * args.documents} PDFs), backup {size / 1e6:.0f} MB")
        print(f"backup (pg_dump + media + SHA-256): {backup_s:.1f} s")
        print(f"restore (checksums, pg_restore, media, file hashes, audit chain): {timings['restore']:.1f} s; "
              f"audit_verify after: {timings['audit_verify']:.1f} s")
        print(f"RTO (restore + audit_verify, from a backup on local disk): {sum(timings.values()):.1f} s")
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
