"""Running an untrusted-input program (LibreOffice on an uploaded DOCX) in a box: no network, a
memory ceiling, a time limit, and on timeout the whole process group killed.

The box is a command put in front of the program, QLVB_CONVERT_BOX, by default
``unshare --net --pid --fork --kill-child --map-root-user``: a network namespace with only a
loopback interface that is down (no socket reaches anything, not even 127.0.0.1), and a PID
namespace that dies with it, so a process that leaves the process group dies too. ``prlimit`` sets
the address-space ceiling (RLIMIT_AS) and no core files before the box starts.

Before each run the box is probed: the same prefix runs a tiny Python program that lists the
network interfaces it can see and must see only ``lo``. If the box cannot be made (no unshare,
no permission, a container that forbids namespaces) or leaves the network visible, nothing runs:
:class:`BoxUnavailable` (fail closed).
"""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass

log = logging.getLogger(__name__)

# Exits 0 only when the network it sees is a bare loopback (a fresh network namespace).
_PROBE = (
    "import socket, sys\n"
    "names = sorted(name for _, name in socket.if_nameindex())\n"
    "print(','.join(names))\n"
    "sys.exit(0 if names == ['lo'] else 3)\n"
)
PROBE_TIMEOUT = 30


class BoxUnavailable(RuntimeError):
    """The box cannot be made here (or does not cut the network): nothing was run."""


class BoxTimeout(RuntimeError):
    """The program ran past its time limit; its whole process group was killed."""


@dataclass(frozen=True)
class BoxResult:
    returncode: int
    output: bytes


def box_prefix(box_command: str, *, memory_mb: int) -> list[str]:
    """``prlimit`` with the memory ceiling, then the box command: what goes before the program."""
    box = shlex.split(box_command or "")
    if not box:
        raise BoxUnavailable("no box command configured (QLVB_CONVERT_BOX is blank)")
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        raise BoxUnavailable("prlimit (util-linux) is not installed")
    if shutil.which(box[0]) is None:
        raise BoxUnavailable(f"box command {box[0]!r} not found")
    if memory_mb <= 0:
        raise BoxUnavailable(f"memory limit must be positive, not {memory_mb}")
    return [prlimit, f"--as={memory_mb * 1024 * 1024}", "--core=0", "--", *box]


def box_check(prefix: list[str]) -> None:
    """Run the probe in the box: it must start and see no network but a loopback."""
    try:
        probe = subprocess.run(
            [*prefix, sys.executable, "-c", _PROBE], capture_output=True, timeout=PROBE_TIMEOUT,
            stdin=subprocess.DEVNULL, env=_clean_env(os.getcwd()),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BoxUnavailable(f"the box did not start: {exc}") from exc
    seen = probe.stdout.decode(errors="replace").strip()
    if probe.returncode == 3:
        raise BoxUnavailable(f"the box leaves the network reachable (interfaces: {seen})")
    if probe.returncode != 0:
        detail = (probe.stderr or probe.stdout).decode(errors="replace").strip()[-300:]
        raise BoxUnavailable(f"the box failed (exit {probe.returncode}): {detail}")


def _clean_env(home: str) -> dict[str, str]:
    """What the boxed program gets of the environment: no secrets (database URL, keys), only a
    path, a home of its own and the language."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "LANG": "C.UTF-8",
        "TMPDIR": home,
    }


def kill_group(pgid: int) -> None:
    """SIGKILL every process of the group ``pgid`` (gone already: nothing to do)."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def box_run(command: list[str], *, box_command: str, memory_mb: int, timeout: float, workdir: str) -> BoxResult:
    """Run ``command`` in the box, in its own session and process group, in ``workdir``.

    Past ``timeout`` seconds the whole group is killed (the box's PID namespace goes with it) and
    :class:`BoxTimeout` raised; the group is killed after a normal end too, so nothing outlives
    the run.
    """
    prefix = box_prefix(box_command, memory_mb=memory_mb)
    box_check(prefix)
    process = subprocess.Popen(
        [*prefix, *command], cwd=workdir, env=_clean_env(workdir), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process.pid)  # the leader is not reaped yet, so the group id is still ours
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        raise BoxTimeout(f"{command[0]} ran past {timeout:g} s; process group {process.pid} killed") from None
    finally:
        kill_group(process.pid)
    return BoxResult(process.returncode, output)
