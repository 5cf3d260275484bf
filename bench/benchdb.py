"""What the database benchmarks share: a database of their own, Django set up on it, and medians.

Import it before Django: `own_database("qlvb_bench_x", "x")` points DATABASE_URL (from the
environment, or the local default) at that database, with media and var folders of its own;
`django_on_fresh_database()` drops and creates it, sets Django up and migrates; `timed` runs a
function several times and returns the median time and the last result.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_state: dict[str, str] = {}


def own_database(name: str, label: str) -> None:
    base = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qlvb"))
    _state.update(name=name, netloc=base.netloc)
    os.environ["DATABASE_URL"] = urlunsplit((base.scheme, base.netloc, f"/{name}", "", ""))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qlvb.settings.development")
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix=f"qlvb-{label}-bench-")
    os.environ.setdefault("QLVB_VAR_DIR", tempfile.mkdtemp(prefix=f"qlvb-{label}-bench-var-"))


def django_on_fresh_database() -> None:
    import psycopg

    admin = urlunsplit(("postgresql", _state["netloc"], "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_state["name"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{_state["name"]}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(fn, rounds: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result
