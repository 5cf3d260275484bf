"""Run the whole stack in the foreground: local axis, timestamp authority, web server, Celery workers
(the default queue, and the conversion queue) and beat.

Used by `make run`. Each process's output is prefixed with its name; Ctrl+C stops them all,
and if one dies the others are stopped too, so nothing runs half-alive.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from qlvb.demo.cast import DEMO_PASSWORD, PEOPLE
from signatures import conf as signatures_conf


def _pump(name: str, stream) -> None:
    for line in iter(stream.readline, b""):
        sys.stdout.write(f"{name:>6} | {line.decode(errors='replace')}")
        sys.stdout.flush()


class Command(BaseCommand):
    help = "Start the local axis, web, worker and beat together (the embedded default needs no server)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.QLVB_RUN_HOST)
        parser.add_argument("--port", type=int, default=settings.QLVB_RUN_PORT)

    def handle(self, *args, host: str, port: int, **options):
        python = sys.executable
        var = str(settings.VAR_DIR)
        axis_port = settings.QLVB_LOCAL_AXIS_URL.rsplit(":", 1)[-1].strip("/")
        tsa_port = signatures_conf.tsa_url().rsplit(":", 1)[-1].strip("/")
        processes = {
            "axis": [python, "-m", "interchange.axis", "serve", "--port", axis_port,
                     "--data", os.path.join(var, "axis")],
            "tsa": [python, "-m", "signatures.tsa", "serve", "--port", tsa_port,
                    "--dir", str(signatures_conf.pki_dir())],
            "web": [python, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
            # The exchange and everything else on the default queue; conversions (LibreOffice) on a
            # worker of their own, so a slow DOCX never holds up the exchange.
            "worker": [python, "-m", "celery", "-A", "qlvb", "worker", "-l", "info", "--concurrency", "2",
                       "-Q", "celery", "-n", "worker@%h"],
            "converter": [python, "-m", "celery", "-A", "qlvb", "worker", "-l", "info", "--concurrency", "1",
                          "-Q", "conversion", "-n", "converter@%h"],
            "beat": [python, "-m", "celery", "-A", "qlvb", "beat", "-l", "info",
                     "--schedule", os.path.join(var, "celerybeat-schedule")],
        }
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
        running: dict[str, subprocess.Popen] = {}
        for name, cmd in processes.items():
            proc = subprocess.Popen(cmd, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            threading.Thread(target=_pump, args=(name, proc.stdout), daemon=True).start()
            running[name] = proc
        db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        broker = "Redis" if settings.REDIS_URL else "filesystem (embedded)"
        logins = ", ".join(p[0] for p in PEOPLE if p[0].split(".")[0] in {"vpcp", "backan", "admin"})
        self.stdout.write(self.style.SUCCESS(
            f"\nQLVB is running at http://{host}:{port}/  (database: {db}, broker: {broker}, "
            f"local axis: {settings.QLVB_LOCAL_AXIS_URL})\n"
            f"Demo logins (password {DEMO_PASSWORD}): {logins}\n"
            "Press Ctrl+C to stop.\n"
        ))
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            while not stop.is_set():
                for name, proc in running.items():
                    if proc.poll() is not None:
                        self.stderr.write(f"{name} exited with code {proc.returncode}; stopping the stack")
                        stop.set()
                        break
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for proc in running.values():
                if proc.poll() is None:
                    proc.terminate()  # the process stops its own children (Celery's pool)
            deadline = time.monotonic() + 10
            for proc in running.values():
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
