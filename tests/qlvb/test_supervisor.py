"""The supervisor under `make run`: a child that stops is started again with a growing back-off (reset
once it has stayed up), its siblings keep running, and Ctrl+C stops every process, grandchildren too.

Real processes (sh, sleep, false); no database."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from qlvb.demo.supervisor import Child, Supervisor
from tests.conftest import ROOT, wait_for


class Lines(io.StringIO):
    def lines(self) -> list[str]:
        return self.getvalue().splitlines()


def _groups() -> set[int]:
    groups = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            groups.add(int(stat.read_text().rsplit(")", 1)[1].split()[2]))
        except (OSError, IndexError, ValueError):
            pass
    return groups


def _waits(out: Lines, name: str) -> list[float]:
    pattern = re.compile(rf"\| {name} exited \(code \d+\) after \d+ s; restarting in ([\d.]+) s / {name} đã dừng")
    return [float(m.group(1)) for line in out.lines() if (m := pattern.search(line))]


def _pids(out: Lines, name: str) -> list[int]:
    pattern = re.compile(rf"\| {name} started \(pid (\d+)\)")
    return [int(m.group(1)) for line in out.lines() if (m := pattern.search(line))]


def test_a_child_that_keeps_stopping_waits_longer_each_time_up_to_the_cap_and_its_siblings_keep_running():
    out = Lines()
    children = [Child("web", ["sleep", "600"]),
                Child("flaky", ["false"]),  # exits at once, every time
                Child("tired", ["sleep", "1"]),  # stays up longer than stable_after, then exits
                Child("ghost", ["/nonexistent/qlvb-ghost"])]  # cannot even start
    supervisor = Supervisor(children, cwd=str(ROOT), env=dict(os.environ), out=out, backoff_first=0.2,
                            backoff_max=0.8, stable_after=0.5)
    runner = threading.Thread(target=supervisor.run, kwargs={"interval": 0.05})
    runner.start()
    try:
        wait_for(lambda: len(_waits(out, "flaky")) >= 5 and len(_waits(out, "tired")) >= 2, timeout=30,
                 message=f"restarts\n{out.getvalue()}")
    finally:
        supervisor.stopping.set()
        runner.join(timeout=30)
    assert _waits(out, "flaky")[:5] == [0.2, 0.4, 0.8, 0.8, 0.8]  # doubled, capped
    assert set(_waits(out, "tired")) == {0.2}  # it had stayed up: the back-off starts over
    assert re.findall(r"ghost could not start .*; trying again in ([\d.]+) s", out.getvalue())[:3] == ["0.2", "0.4", "0.8"]
    [web] = _pids(out, "web")  # started once: a sibling's restarts never touched it
    assert "flaky exited (code 1)" in out.getvalue() and "khởi động lại sau 0.2 giây" in out.getvalue()
    assert web not in _groups()  # and stopping the supervisor stopped it


SCRIPT = textwrap.dedent("""
    import sys
    from qlvb.demo.supervisor import Child, Supervisor
    # "leader" starts a grandchild of its own, as Celery starts its pool.
    children = [Child("leader", ["sh", "-c", "sleep 600 & sleep 600"]), Child("web", ["sleep", "600"])]
    Supervisor(children, cwd=".", env={"PATH": "/usr/bin:/bin"}, out=sys.stdout).run(interval=0.05)
""")


def test_ctrl_c_stops_every_child_and_what_the_children_started():
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    seen: list[str] = []
    threading.Thread(target=lambda: seen.extend(iter(proc.stdout.readline, "")), daemon=True).start()
    try:
        wait_for(lambda: sum("started (pid" in line for line in seen) == 2, timeout=20, message="the children")
        groups = [int(m.group(1)) for line in seen if (m := re.search(r"started \(pid (\d+)\)", line))]
        wait_for(lambda: all(_members(g) >= n for g, n in zip(groups, (2, 1), strict=True)), timeout=10,
                 message="the grandchildren")
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal does on Ctrl+C: the foreground group only
        assert proc.wait(timeout=20) == 0
        wait_for(lambda: not set(groups) & _groups(), timeout=10, message="every process to stop")
        assert any("all processes stopped / đã dừng mọi tiến trình" in line for line in seen)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def _members(group: int) -> int:
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            count += 1
    return count


def test_setup_steps_run_to_their_end_in_order_and_one_that_fails_stops_the_stack():
    out = Lines()
    children = [Child("prepare", ["sh", "-c", "sleep 0.3; echo prepared"], once=True), Child("web", ["sleep", "600"])]
    supervisor = Supervisor(children, cwd=str(ROOT), env=dict(os.environ), out=out)
    runner = threading.Thread(target=supervisor.run, kwargs={"interval": 0.05})
    runner.start()
    try:
        wait_for(lambda: _pids(out, "web"), timeout=10, message=f"the web server\n{out.getvalue()}")
    finally:
        supervisor.stopping.set()
        runner.join(timeout=30)
    lines = out.lines()
    assert lines.index("  prepare | prepared") < next(i for i, line in enumerate(lines) if "web started" in line)
    assert supervisor.failed is None and "prepare exited" not in out.getvalue()  # a finished step is not restarted

    out = Lines()
    children = [Child("migrate", ["sh", "-c", "exit 2"], once=True), Child("web", ["sleep", "600"])]
    supervisor = Supervisor(children, cwd=str(ROOT), env=dict(os.environ), out=out)
    supervisor.run(interval=0.05)  # returns by itself: the stack stopped
    assert supervisor.failed is children[0]
    assert "migrate failed (code 2); stopping / migrate thất bại (mã 2); dừng lại" in out.getvalue()
    assert _pids(out, "web") == []
