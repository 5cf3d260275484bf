"""Run the real local axis server as a separate process for tests, and talk to its admin endpoints."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interchange.axis.client import AxisClient

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
WIRE_FIXTURES = SHARED / "fixtures" / "axis-wire"
EDXML_FIXTURES = SHARED / "fixtures" / "edxml" / "vnpt-built"

VPCP_SYSTEM = "vpcp.local"
VPCP_SECRET = "vpcp-Secret/Key+1="
VPCP_ORGAN = "000.00.00.G22"

PROVINCE_SYSTEM = "h05.center"
PROVINCE_SECRET = "tỉnh-H05-bí-mật"  # non-ASCII: the secret is used as UTF-8 text
PROVINCE_ORGANS = ("000.00.00.H05", "000.00.01.H05")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def add_system(
    data_dir: Path,
    system_id: str,
    secret: str,
    organs: Sequence[str],
    names: Sequence[str] = (),
    database_url: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m interchange.axis add-system`` (raises if it fails); the secret goes through
    standard input, as an operator would give it."""
    args = [sys.executable, "-m", "interchange.axis", "add-system", "--data", str(data_dir)]
    args += ["--system-id", system_id]
    for organ in organs:
        args += ["--organ-id", organ]
    for name in names:
        args += ["--name", name]
    if database_url:
        args += ["--database-url", database_url]
    return subprocess.run(args, cwd=REPO, input=secret + "\n", capture_output=True, text=True, check=True,
                          timeout=60)


class AxisProcess:
    """One ``python -m interchange.axis serve`` process on 127.0.0.1."""

    def __init__(self, data_dir: Path, *, port: int | None = None, args: Sequence[str] = (),
                 fault_control: bool = True) -> None:
        self.data_dir = data_dir
        self.fault_control = fault_control  # the tests' axis answers /_faults (AXIS_FAULT_CONTROL=1)
        self.port = port or free_port()
        self.args = list(args)
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / f"server-{self.port}.log"

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> AxisProcess:
        """Start the server and wait until it answers."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "interchange.axis", "serve", "--port", str(self.port)]
        command += ["--data", str(self.data_dir), *self.args]
        with open(self.log_path, "ab") as log:
            env = {k: v for k, v in os.environ.items() if k != "AXIS_FAULT_CONTROL"}
            if self.fault_control:
                env["AXIS_FAULT_CONTROL"] = "1"
            self.process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=env)
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"the axis server exited at start:\n{self.log()}")
            try:
                if self.admin("GET", "/_health")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"the axis server did not answer within {timeout}s:\n{self.log()}")

    def stop(self) -> None:
        """Stop the server gracefully (SIGTERM)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def kill(self) -> None:
        """Kill the server abruptly (SIGKILL), as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def admin(self, method: str, path: str, body: bytes | None = None) -> tuple[int, Any]:
        """Call an admin endpoint; return (HTTP status, parsed JSON or raw bytes)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            raw = response.read()
        finally:
            connection.close()
        try:
            return response.status, json.loads(raw)
        except ValueError:
            return response.status, raw

    def set_faults(self, **changes: Any) -> dict[str, Any]:
        """Change fault settings at runtime; return the settings now in force."""
        status, answer = self.admin("POST", "/_faults", json.dumps(changes).encode())
        assert status == 200, answer
        return answer["faults"]

    def raw_request(
        self, method: str, path: str, headers: Sequence[tuple[str, str]], body: bytes | None = None
    ) -> tuple[int, bytes]:
        """Send one request as given (no signing); return (HTTP status, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                connection.putheader(
                    name, value.encode("latin-1", "replace") if isinstance(value, str) else value
                )
            if body is not None and not any(name.lower() == "content-length" for name, _ in headers):
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def client_for(server: AxisProcess, system_id: str, secret: str, **options: float) -> AxisClient:
    """A client of ``server`` as one system (short timeouts for tests)."""
    options.setdefault("read_timeout", 20.0)
    options.setdefault("connect_timeout", 5.0)
    return AxisClient(server.endpoint, system_id=system_id, secret=secret, **options)
