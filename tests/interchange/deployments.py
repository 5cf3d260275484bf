"""Real QLVB deployments for exchange tests: each its own database, Redis db, worker and beat.

Deployment A is the test database pytest-django created (the test reads and writes it with the
ORM). Deployment B gets a database of its own, migrated by `manage.py migrate`, and is read with
plain SQL, as another agency's system would be: nothing is shared but the local axis.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from tests.conftest import ROOT, wait_for

FAST_SETTINGS = {
    "QLVB_POLL_SECONDS": "1",
    "QLVB_SWEEP_SECONDS": "1",
    "QLVB_OUTBOX_RETRY_SCHEDULE": "1,1,2,2,3,5",
    "QLVB_OUTBOX_RETRY_JITTER": "0.1",
    "QLVB_OUTBOX_QUEUED_GRACE": "2",
    "QLVB_OUTBOX_SENDING_STALE_AFTER": "4",
}


def redis_url_with_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


class Deployment:
    def __init__(self, name: str, *, database_url: str, redis_db: int, var_dir: Path, extra_env=None):
        self.name = name
        self.database_url = database_url
        self.redis_url = redis_url_with_db(os.environ["REDIS_URL"], redis_db)
        self.var_dir = var_dir
        var_dir.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ, **FAST_SETTINGS, **(extra_env or {}),
            "DATABASE_URL": database_url, "REDIS_URL": self.redis_url, "QLVB_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "qlvb.settings.test", "PYTHONUNBUFFERED": "1",
        }
        self.processes: dict[str, subprocess.Popen] = {}

    # --- processes -----------------------------------------------------------------------
    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True,
                              text=True, check=check, timeout=300)

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code).stdout

    def _log(self, role: str) -> Path:
        return self.var_dir / f"{role}.log"

    def start(self, role: str) -> subprocess.Popen:
        if role == "worker":
            # One test worker serves both queues (production runs a conversion worker of its own).
            cmd = ["worker", "-l", "info", "--concurrency", "2", "-Q", "celery,conversion",
                   "-n", f"{self.name}-{os.getpid()}@%h",
                   "--without-gossip", "--without-mingle"]
        else:
            cmd = ["beat", "-l", "info", "--schedule", str(self.var_dir / "celerybeat-schedule")]
        log = open(self._log(role), "ab")
        proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "qlvb", *cmd], cwd=ROOT, env=self.env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes[role] = proc
        if role == "worker":
            wait_for(lambda: b" ready." in self._log(role).read_bytes() or proc.poll() is not None, timeout=60,
                     message=f"{self.name} worker")
            assert proc.poll() is None, self._log(role).read_text(errors="replace")[-3000:]
        return proc

    def kill(self, role: str, sig: int = signal.SIGKILL) -> None:
        proc = self.processes.pop(role, None)
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=30)

    def stop_all(self) -> None:
        for role in list(self.processes):
            proc = self.processes[role]
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=30)
            self.processes.pop(role)

    def quiesce(self) -> None:
        """Stop the worker and beat and drop what they had queued, so that the test database can be
        flushed: a worker still committing while the flush truncates the tables deadlocks it, and a
        failed flush leaves the next test this test's rows. The next test starts them again."""
        import redis

        for role in list(self.processes):
            self.kill(role)  # what a killed worker had under way is rolled back by PostgreSQL
        redis.Redis.from_url(self.redis_url).flushdb()

    # --- reading another deployment's database -------------------------------------------
    def query(self, sql: str, params=()) -> list[tuple]:
        with psycopg.connect(self.database_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def scalar(self, sql: str, params=()):
        rows = self.query(sql, params)
        return rows[0][0] if rows else None


def create_database(admin_url: str, name: str) -> str:
    """A fresh, empty database on the same server; returns its URL.

    `name` is given as for the default database `qlvb` ("test_qlvb_b"); with another database in
    DATABASE_URL the name follows it ("test_qlvb_x_b"), so that test runs of two checkouts on one
    server do not drop each other's databases."""
    parts = urlsplit(admin_url)
    base = parts.path.lstrip("/") or "qlvb"
    name = name.replace("test_qlvb", f"test_{base}", 1)
    with psycopg.connect(urlunsplit(("postgresql", parts.netloc, "/postgres", "", "")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(("postgres", parts.netloc, f"/{name}", "", ""))
