"""Test harness: real PostgreSQL and Redis, real Celery workers, real Chromium.

Tests marked `needs_services` run against the PostgreSQL and Redis given by DATABASE_URL and
REDIS_URL. Without them such a test is skipped locally; with QLVB_REQUIRE_SERVICES=1 (CI) it
fails instead, so that nothing is skipped for lack of a server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
REQUIRE_SERVICES = os.environ.get("QLVB_REQUIRE_SERVICES") == "1"


def _postgres_ready() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _redis_ready() -> bool:
    url = os.environ.get("REDIS_URL")
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def pytest_collection_modifyitems(config, items):
    missing = []
    if not _postgres_ready():
        missing.append("PostgreSQL (DATABASE_URL)")
    if not _redis_ready():
        missing.append("Redis (REDIS_URL)")
    if not missing:
        return
    reason = "needs " + " and ".join(missing)
    if REQUIRE_SERVICES:
        raise pytest.UsageError(f"QLVB_REQUIRE_SERVICES=1 but this run has no {' and no '.join(missing)}")
    for item in items:
        if item.get_closest_marker("needs_services"):
            item.add_marker(pytest.mark.skip(reason=reason))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.1, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def test_database_url() -> str:
    """The URL of the database pytest-django created, for processes we start ourselves."""
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """A real `celery worker` process on Redis, using the test database."""
    if not (_postgres_ready() and _redis_ready()):
        pytest.fail("a Celery worker needs PostgreSQL and Redis")
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    env = {**os.environ, "DATABASE_URL": test_database_url(), "QLVB_VAR_DIR": str(tmp_path / "var"),
           "DJANGO_SETTINGS_MODULE": "qlvb.settings.test", "PYTHONUNBUFFERED": "1"}
    log = open(tmp_path / "worker.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "qlvb", "worker", "-l", "info", "--concurrency", "2",
         "-Q", "celery,conversion", "-n", f"test-{os.getpid()}@%h", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        wait_for(lambda: b"ready" in (tmp_path / "worker.log").read_bytes(), timeout=60, message="celery worker")
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def media_worker(request, settings, monkeypatch, tmp_path):
    """A real Celery worker (queues celery and conversion) that reads the files this test stores:
    the test's MEDIA_ROOT, passed on to the worker's environment."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    monkeypatch.setenv("MEDIA_ROOT", settings.MEDIA_ROOT)
    return request.getfixturevalue("celery_worker_process")


# --- browser ---------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    # Module scope: Playwright's sync API keeps an event loop running in this thread while it is
    # open, which would break later tests that call asyncio.run (pyHanko does).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A phone-sized page. Every browser test also checks that nothing it did broke the pages'
    Content-Security-Policy: Chromium reports each blocked script, style or handler on the console."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    pg = context.new_page()
    refused: list[str] = []
    pg.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    yield pg
    context.close()
    assert not refused, f"the page broke its Content-Security-Policy: {refused}"


@pytest.fixture
def screenshot(request, page):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True, scope="session")
def _shared_audit_key():
    """Workers and deployments the tests start write to the audit log with this process's key (the
    chain is keyed; a process with a key of its own would write rows that do not verify)."""
    from django.conf import settings

    if not os.environ.get("QLVB_AUDIT_KEY"):
        os.environ["QLVB_AUDIT_KEY_FILE"] = str(settings.QLVB_AUDIT_KEY_FILE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.4 s a user; tests create many users and don't test the hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _document_catalog(request):
    """Transactional tests empty the database after them; put the catalog back for the next."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        from documents.catalog import ensure_document_types
        from documents.models import DocumentType

        request.getfixturevalue("_django_db_helper" if transactional else "transactional_db")
        ensure_document_types(DocumentType)


@pytest.fixture
def use_broker(settings):
    """Point this process's Celery producer at another Redis db for one test, then back."""
    from qlvb.celery import app

    original = app.conf.broker_url

    def switch(url: str) -> None:
        # Drop the cached connection and producer pools; the next send opens them on `url`.
        app._pool = None
        app.amqp._producer_pool = None
        app.conf.broker_url = url
        settings.CELERY_BROKER_URL = url

    yield switch
    switch(original)
