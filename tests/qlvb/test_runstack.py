"""`make run` stays up: `manage.py runstack` with no REDIS_URL runs its own redis-server, restarts a
child that dies (worker, Redis) while the web server keeps answering, and SIGTERM leaves nothing behind.

Real processes: the command itself, with its private Redis on a socket in a temporary var dir, the
local axis, the TSA, runserver, two Celery workers and beat, against the test database.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from qlvb.models import Heartbeat
from tests.conftest import ROOT, free_port, test_database_url, wait_for

HEARTBEAT = "qlvb.tasks.task_heartbeat_record"
pytestmark = pytest.mark.needs_services  # and redis-server (tests/system-deps.sh installs it)


class Stack:
    """`manage.py runstack` in a process of its own, its output collected line by line."""

    def __init__(self, var: Path, web_port: int) -> None:
        self.var = var
        self.url = f"http://127.0.0.1:{web_port}/dang-nhap/"
        self.lines: list[str] = []
        env = {name: value for name, value in os.environ.items() if name not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
        env.update(DATABASE_URL=test_database_url(), QLVB_VAR_DIR=str(var), PORT=str(web_port),
                   QLVB_LOCAL_AXIS_URL=f"http://127.0.0.1:{free_port()}", QLVB_TSA_URL=f"http://127.0.0.1:{free_port()}",
                   DJANGO_SETTINGS_MODULE="qlvb.settings.development", PYTHONUNBUFFERED="1")
        # As `make run` seeds the demo: a setup step that queues a task, run once Redis is up.
        setup = f"shell -c \"from qlvb.services.enqueue import enqueue; enqueue({HEARTBEAT!r}, 'setup')\""
        self.proc = subprocess.Popen([sys.executable, "manage.py", "runstack", "--setup", setup], cwd=ROOT, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for raw in iter(self.proc.stdout.readline, b""):
            self.lines.append(raw.decode(errors="replace"))

    def pids(self, name: str) -> list[int]:
        """Every pid the supervisor has started `name` with, in order."""
        started = re.compile(rf"\| {name} started \(pid (\d+)\)")
        return [int(m.group(1)) for line in list(self.lines) if (m := started.search(line))]

    def saw(self, pattern: str) -> int:
        return sum(1 for line in list(self.lines) if re.search(pattern, line))

    def output(self) -> str:
        return "".join(self.lines[-200:])


def _process_groups() -> set[int]:
    """The process group of every process on the machine."""
    groups = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            groups.add(int(stat.read_text().rsplit(")", 1)[1].split()[2]))
        except (OSError, IndexError, ValueError):
            pass
    return groups


class WebWatch(threading.Thread):
    """Asks the web server for the login page every 0.2 s; records every answer that was not 200."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.answered = 0
        self.failures: list[str] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            try:
                with urllib.request.urlopen(self.url, timeout=10) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError as error:
                self.failures.append(f"{type(error).__name__}: {error}")
                continue
            if status == 200:
                self.answered += 1
            else:
                self.failures.append(f"HTTP {status}")


@pytest.fixture
def stack(transactional_db, use_broker):
    # A short directory: the Redis socket's path must fit in 107 bytes.
    var = Path(tempfile.mkdtemp(prefix="qlvb-run-"))
    running = Stack(var, free_port())
    use_broker(f"redis+socket://{var / 'redis' / 'redis.sock'}")  # this process sends to the stack's Redis
    try:
        yield running
    finally:
        if running.proc.poll() is None:
            running.proc.send_signal(signal.SIGTERM)
            try:
                running.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(running.proc.pid, signal.SIGKILL)
        for name in ("redis", "axis", "tsa", "web", "worker", "converter", "beat"):
            for pid in running.pids(name):
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        shutil.rmtree(var, ignore_errors=True)


def _a_task_runs(label: str) -> None:
    """Send the heartbeat task through the stack's Redis; its worker writes the row."""
    from qlvb.celery import app

    app.send_task(HEARTBEAT, args=(label,))
    wait_for(lambda: Heartbeat.objects.filter(process=label).exists(), timeout=30, message=f"the task {label!r} to run")


def _worker_ready(stack: Stack, times: int) -> None:
    wait_for(lambda: stack.saw(r"^\s*worker \| .*worker@\S+ ready\.") >= times, timeout=40,
             message=f"the worker to be ready ({times})\n{stack.output()}")


def test_a_killed_worker_or_redis_is_restarted_the_web_server_answers_throughout_and_sigterm_stops_all(stack):
    """The finding: the worker died and runstack stopped everything, the web server included."""
    wait_for(lambda: stack.pids("web") and stack.pids("worker"), timeout=40, message=f"the stack\n{stack.output()}")
    # The private Redis runs on a socket under var/, nothing listens on a port for it.
    assert (stack.var / "redis" / "redis.sock").is_socket()
    watch = WebWatch(stack.url)
    wait_for(lambda: _answers(stack.url), timeout=40, message=f"the web server\n{stack.output()}")
    watch.start()
    _worker_ready(stack, 1)
    # The task the setup step queued before any worker ran was kept by Redis and has run.
    wait_for(lambda: Heartbeat.objects.filter(process="setup").exists(), timeout=30, message="the setup step's task")
    assert stack.saw(r"broker unreachable") == 0
    _a_task_runs("before")

    # kill -9 the worker: it is started again, its leftover pool processes go, and tasks still run.
    [worker] = stack.pids("worker")
    os.kill(worker, signal.SIGKILL)
    wait_for(lambda: len(stack.pids("worker")) == 2, timeout=20, message=f"the worker's restart\n{stack.output()}")
    assert stack.saw(r"worker exited \(signal 9\).*restarting in 1 s / worker đã dừng") == 1
    wait_for(lambda: worker not in _process_groups(), timeout=10, message="the killed worker's pool to be gone")
    _worker_ready(stack, 2)
    _a_task_runs("after-worker-kill")

    # kill -9 Redis: it is started again on the same socket, and the worker reconnects by itself.
    [redis_pid] = stack.pids("redis")
    os.kill(redis_pid, signal.SIGKILL)
    wait_for(lambda: len(stack.pids("redis")) == 2, timeout=20, message=f"Redis's restart\n{stack.output()}")
    _a_task_runs("after-redis-kill")
    assert len(stack.pids("worker")) == 2  # the same worker, reconnected: not restarted
    assert len(stack.pids("web")) == 1  # the web server never went down

    watch.done.set()
    watch.join()
    assert watch.answered > 0 and watch.failures == []

    # kill -9 the web server itself: it is started again and answers.
    [web] = stack.pids("web")
    os.kill(web, signal.SIGKILL)
    wait_for(lambda: len(stack.pids("web")) == 2, timeout=20, message=f"the web server's restart\n{stack.output()}")
    wait_for(lambda: _answers(stack.url), timeout=30, message=f"the restarted web server\n{stack.output()}")

    # SIGTERM: the command stops, and so does every process any child started.
    groups = [pid for name in ("redis", "axis", "tsa", "web", "worker", "converter", "beat") for pid in stack.pids(name)]
    before_stop = len(stack.lines)
    stack.proc.send_signal(signal.SIGTERM)
    assert stack.proc.wait(timeout=30) == 0
    # Redis stops last: no process lost its broker while it was still shutting down.
    assert not [line for line in stack.lines[before_stop:] if "Error" in line or "Traceback" in line]
    wait_for(lambda: not set(groups) & _process_groups(), timeout=10, message="every child's processes to be gone")
    assert stack.saw(r"all processes stopped / đã dừng mọi tiến trình") == 1


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False
