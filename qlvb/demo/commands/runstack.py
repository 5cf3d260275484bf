"""Run the whole stack in the foreground: a private Redis (unless REDIS_URL is set), the local axis,
the timestamp authority, the web server, Celery workers (the default queue, and the conversion
queue) and beat.

Used by `make run`, which first runs migrate and the demo data through `--setup`, once Redis is up,
so that the tasks they queue reach the workers. Each process's output is prefixed with its name. A process that dies is
started again after a back-off and the others keep running (`qlvb.demo.supervisor`); Ctrl+C or
SIGTERM stops them all.

With no REDIS_URL the stack starts `redis-server` on a Unix socket under `var/redis/` (append-only
file there, so queued tasks survive a restart) and gives every child REDIS_URL=unix://<socket>:
the broker, and the cache the exchange shares between processes, are that Redis.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qlvb.demo.cast import DEMO_PASSWORD, PEOPLE
from qlvb.demo.supervisor import Child, Supervisor
from signatures import conf as signatures_conf

# A Unix socket's path must fit in sockaddr_un (108 bytes with the final NUL).
MAX_SOCKET_PATH = 107


def redis_child(socket_path: str, data_dir: str) -> Child:
    """A redis-server listening only on `socket_path`, keeping an append-only file in `data_dir`."""
    server = shutil.which("redis-server")
    if server is None:
        raise CommandError("redis-server is not installed: run `make run` (it installs the Debian package "
                           "redis-server), or set REDIS_URL to a Redis of your own")
    if len(socket_path.encode()) > MAX_SOCKET_PATH:
        raise CommandError(f"the Redis socket path {socket_path} is longer than {MAX_SOCKET_PATH} bytes: "
                           "set QLVB_VAR_DIR to a shorter path, or REDIS_URL to a Redis of your own")
    os.makedirs(data_dir, mode=0o700, exist_ok=True)
    argv = [server, "--port", "0", "--unixsocket", socket_path, "--unixsocketperm", "700",
            "--dir", data_dir, "--appendonly", "yes", "--save", "", "--daemonize", "no",
            "--logfile", "", "--loglevel", "warning"]

    def ready() -> bool:
        import redis

        return bool(redis.Redis(unix_socket_path=socket_path, socket_timeout=1).ping())

    return Child("redis", argv, ready=ready)


class Command(BaseCommand):
    help = "Start Redis (unless REDIS_URL is set), the local axis, web, workers and beat, and keep them running."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.QLVB_RUN_HOST)
        parser.add_argument("--port", type=int, default=settings.QLVB_RUN_PORT)
        parser.add_argument("--setup", action="append", default=[], metavar="COMMAND",
                            help="a manage.py command (with its arguments) to run to its end once Redis is up and "
                                 "before the other processes start; repeat for several, in order (make run: "
                                 "migrate and the demo data, so the tasks they queue reach the workers)")

    def handle(self, *args, host: str, port: int, setup: list[str], **options):
        python = sys.executable
        var = str(settings.VAR_DIR)
        axis_port = settings.QLVB_LOCAL_AXIS_URL.rsplit(":", 1)[-1].strip("/")
        tsa_port = signatures_conf.tsa_url().rsplit(":", 1)[-1].strip("/")
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
        children: list[Child] = []
        if settings.REDIS_URL:
            broker = settings.REDIS_URL
        else:
            socket_path = str(settings.QLVB_EMBEDDED_REDIS_SOCKET)
            children.append(redis_child(socket_path, os.path.dirname(socket_path)))
            env["REDIS_URL"] = broker = f"unix://{socket_path}"
        for command in setup:
            words = shlex.split(command)
            children.append(Child(words[0], [python, "manage.py", *words], once=True))
        children += [
            Child("axis", [python, "-m", "interchange.axis", "serve", "--port", axis_port,
                           "--data", os.path.join(var, "axis")]),
            Child("tsa", [python, "-m", "signatures.tsa", "serve", "--port", tsa_port,
                          "--dir", str(signatures_conf.pki_dir())]),
            Child("web", [python, "manage.py", "runserver", f"{host}:{port}", "--noreload"]),
            # The exchange and everything else on the default queue; conversions (LibreOffice) on a
            # worker of their own, so a slow DOCX never holds up the exchange.
            Child("worker", [python, "-m", "celery", "-A", "qlvb", "worker", "-l", "info", "--concurrency", "2",
                             "-Q", "celery", "-n", "worker@%h"]),
            Child("converter", [python, "-m", "celery", "-A", "qlvb", "worker", "-l", "info", "--concurrency", "1",
                                "-Q", "conversion", "-n", "converter@%h"]),
            Child("beat", [python, "-m", "celery", "-A", "qlvb", "beat", "-l", "info",
                           "--schedule", os.path.join(var, "celerybeat-schedule")]),
        ]
        supervisor = Supervisor(children, cwd=str(settings.BASE_DIR), env=env, out=self.stdout)
        signal.signal(signal.SIGTERM, lambda *_: supervisor.stopping.set())
        db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        logins = ", ".join(p[0] for p in PEOPLE if p[0].split(".")[0] in {"vpcp", "backan", "admin"})
        self.stdout.write(self.style.SUCCESS(
            f"\nQLVB is starting at http://{host}:{port}/  (database: {db}, broker and cache: {broker}, "
            f"local axis: {settings.QLVB_LOCAL_AXIS_URL})\n"
            f"Demo logins (password {DEMO_PASSWORD}): {logins}\n"
            "A process that stops is started again. Press Ctrl+C to stop everything.\n"
        ))
        supervisor.run()
        if supervisor.failed is not None:
            raise CommandError(f"`manage.py {shlex.join(supervisor.failed.argv[2:])}` failed; the stack was stopped")
