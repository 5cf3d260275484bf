"""Keep a set of child processes running: what `manage.py runstack` (`make run`) stands on.

Each child runs in a process group (a session) of its own, so that stopping it also stops what it
started (Celery's pool processes), and so that Ctrl+C in the terminal reaches only the supervisor,
which then stops the children in order. A child that exits while the stack runs is started again
after a back-off (1 s, 2 s, 4 s … up to 60 s; back to 1 s once it has stayed up for a while), and
the others, the web server first of all, keep running. Every start, exit and restart is logged.

No Django here: the command builds the children's command lines and environment.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO


@dataclass
class Child:
    """One process to keep running. `ready`, if given, is polled after a start before the next child starts.

    A `once` child is a step, not a service (migrate, the demo data): it runs to its end before the
    next child starts, and is not restarted; if it fails, the stack stops.
    """

    name: str
    argv: list[str]
    ready: Callable[[], bool] | None = None
    once: bool = False
    proc: subprocess.Popen | None = field(default=None, repr=False)
    started_at: float = 0.0
    restarts: int = 0
    backoff: float = 0.0
    restart_at: float | None = None  # when a child that exited is due to start again


class Supervisor:
    def __init__(self, children: list[Child], *, cwd: str, env: dict[str, str], out: IO[str] | None = None,
                 backoff_first: float = 1.0, backoff_max: float = 60.0, stable_after: float = 60.0,
                 ready_timeout: float = 30.0, stop_timeout: float = 10.0) -> None:
        self.children = children
        self.cwd = cwd
        self.env = env
        self.out = out or sys.stdout
        self.backoff_first = backoff_first
        self.backoff_max = backoff_max
        self.stable_after = stable_after
        self.ready_timeout = ready_timeout
        self.stop_timeout = stop_timeout
        self.stopping = threading.Event()
        self.failed: Child | None = None  # the `once` child that failed, if one did
        self._write_lock = threading.Lock()

    # --- output -------------------------------------------------------------------------------

    def _write(self, name: str, line: str) -> None:
        with self._write_lock:
            self.out.write(f"{name:>9} | {line.rstrip()}\n")
            self.out.flush()

    def log(self, english: str, vietnamese: str) -> None:
        self._write("runstack", f"{english} / {vietnamese}")

    def _pump(self, name: str, stream) -> None:
        # Keep reading even when the output cannot be written (`make run | head` closed it): a child
        # whose pipe is full would block on its next line.
        for raw in iter(stream.readline, b""):
            try:
                self._write(name, raw.decode(errors="replace"))
            except (OSError, ValueError):
                pass
        stream.close()

    # --- one child ----------------------------------------------------------------------------

    def _next_backoff(self, child: Child, uptime: float) -> float:
        if uptime >= self.stable_after or child.backoff == 0:
            child.backoff = self.backoff_first
        else:
            child.backoff = min(self.backoff_max, child.backoff * 2)
        return child.backoff

    def _spawn(self, child: Child) -> bool:
        try:
            proc = subprocess.Popen(child.argv, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as error:  # a missing program, no memory left: try again later, like an exit
            wait = self._next_backoff(child, 0.0)
            child.restart_at = time.monotonic() + wait
            self.log(f"{child.name} could not start ({error}); trying again in {wait:g} s",
                     f"không khởi động được {child.name} ({error}); thử lại sau {wait:g} giây")
            return False
        child.proc = proc
        child.started_at = time.monotonic()
        child.restart_at = None
        threading.Thread(target=self._pump, args=(child.name, child.proc.stdout), daemon=True,
                         name=f"pump-{child.name}").start()
        self.log(f"{child.name} started (pid {child.proc.pid})", f"đã khởi động {child.name} (pid {child.proc.pid})")
        return True

    def _wait_ready(self, child: Child) -> None:
        if child.ready is None:
            return
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline and not self.stopping.is_set():
            if child.proc.poll() is not None:
                return  # exited at once: the supervision loop restarts it
            try:
                if child.ready():
                    return
            except Exception:  # noqa: BLE001 - not ready yet, whatever the probe raised
                pass
            time.sleep(0.1)
        self.log(f"{child.name} is not ready after {self.ready_timeout:.0f} s; starting the others anyway",
                 f"{child.name} chưa sẵn sàng sau {self.ready_timeout:.0f} giây; vẫn khởi động các tiến trình khác")

    @staticmethod
    def _kill_group(pid: int, sig: int) -> None:
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def _reap(self, child: Child, now: float) -> None:
        """The child exited: clear what it left in its group, log, and schedule its restart."""
        code = child.proc.returncode
        # A worker killed with -9 leaves its pool processes behind, still in its group.
        self._kill_group(child.proc.pid, signal.SIGKILL)
        uptime = now - child.started_at
        child.restart_at = now + self._next_backoff(child, uptime)
        child.restarts += 1
        how = f"signal {-code}" if code < 0 else f"code {code}"
        how_vi = f"tín hiệu {-code}" if code < 0 else f"mã {code}"
        self.log(f"{child.name} exited ({how}) after {uptime:.0f} s; restarting in {child.backoff:g} s",
                 f"{child.name} đã dừng ({how_vi}) sau {uptime:.0f} giây; khởi động lại sau {child.backoff:g} giây")

    # --- the stack ----------------------------------------------------------------------------

    def start(self) -> None:
        for child in self.children:
            if self.stopping.is_set():
                return
            if not self._spawn(child):
                if child.once:
                    self.failed = child
                    self.stopping.set()
                continue
            if child.once:
                self._run_to_end(child)
            else:
                self._wait_ready(child)

    def _run_to_end(self, child: Child) -> None:
        while child.proc.poll() is None:
            if self.stopping.wait(0.1):
                return
        if child.proc.returncode != 0:
            self.failed = child
            self.log(f"{child.name} failed (code {child.proc.returncode}); stopping",
                     f"{child.name} thất bại (mã {child.proc.returncode}); dừng lại")
            self.stopping.set()

    def step(self) -> None:
        """One round of supervision: notice exits, restart children that are due."""
        now = time.monotonic()
        for child in self.children:
            if self.stopping.is_set():
                return
            if child.once:
                continue
            if child.restart_at is None:
                if child.proc is None or child.proc.poll() is None:
                    continue  # running (or not started yet)
                self._reap(child, now)
            if now >= child.restart_at and self._spawn(child):
                self._wait_ready(child)

    def run(self, interval: float = 0.2) -> None:
        """Start every child and supervise them until `stopping` is set (SIGTERM, Ctrl+C), then stop them."""
        try:
            self.start()
            while not self.stopping.wait(interval):
                self.step()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the children: first those nothing waits for, then those with a readiness probe (Redis),
        which the others need until they have stopped (a worker hands its unfinished tasks back to
        Redis). SIGTERM to each, then SIGKILL for whatever is left in its group."""
        self.stopping.set()
        started = [c for c in reversed(self.children) if c.proc is not None]
        for tier in ([c for c in started if c.ready is None], [c for c in started if c.ready is not None]):
            self._stop_tier(tier)
        self.log("all processes stopped", "đã dừng mọi tiến trình")

    def _stop_tier(self, children: list[Child]) -> None:
        for child in children:
            if child.proc.poll() is None:
                child.proc.terminate()  # Celery stops its own pool; the group is cleared below
        deadline = time.monotonic() + self.stop_timeout
        for child in children:
            try:
                child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.log(f"{child.name} did not stop in {self.stop_timeout:.0f} s; killing it",
                         f"{child.name} không dừng sau {self.stop_timeout:.0f} giây; buộc dừng")
            # Whatever the group still holds (a pool process, a LibreOffice) goes too.
            self._kill_group(child.proc.pid, signal.SIGKILL)
        for child in children:
            try:
                child.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
