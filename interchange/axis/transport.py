"""HTTP transport of the axis client: one keep-alive connection with connect and read timeouts.

Network failures become :class:`AxisTransientError`. A request that fails on a reused
keep-alive connection before any answer arrives (the axis closed the idle connection) is sent
once more on a fresh connection; a sendEdoc repeated this way can at worst reach the axis
twice, which receivers handle as a duplicate.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from interchange.axis.errors import AxisPermanentError, AxisTransientError

MAX_ANSWER_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Request:
    """A request ready to send."""

    operation: str
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None


@dataclass(frozen=True)
class Response:
    """What the axis answered."""

    status: int
    content_type: str
    body: bytes


class _ReadTimeoutMixin:
    """Connect under the connect timeout, then wait for answers under the read timeout."""

    read_timeout: float
    sock: socket.socket

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self.sock.settimeout(self.read_timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _HTTPConnection(_ReadTimeoutMixin, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_ReadTimeoutMixin, http.client.HTTPSConnection):
    pass


class Transport:
    """Sends requests to one endpoint over a reused connection. Not thread-safe: one per worker."""

    def __init__(self, endpoint: str, *, connect_timeout: float, read_timeout: float) -> None:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"the axis endpoint must be an http(s) URL, not {endpoint!r}")
        self.base_path = parts.path.rstrip("/")
        self._scheme = parts.scheme
        self._host = parts.hostname
        self._port = parts.port
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._connection: http.client.HTTPConnection | None = None
        self._used = False

    def path_of(self, operation: str) -> str:
        """The request path of an operation (a path in the endpoint is kept)."""
        return f"{self.base_path}/{operation}"

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            if self._scheme == "https":
                connection: http.client.HTTPConnection = _HTTPSConnection(
                    self._host,
                    self._port,
                    timeout=self._connect_timeout,
                    context=ssl.create_default_context(),
                )
            else:
                connection = _HTTPConnection(self._host, self._port, timeout=self._connect_timeout)
            connection.read_timeout = self._read_timeout  # type: ignore[attr-defined]
            self._connection = connection
            self._used = False
        return self._connection

    def close(self) -> None:
        """Close the connection (a new one is opened by the next request)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def send(self, request: Request) -> Response:
        """Send a request and read the whole answer."""
        try:
            return self._send_once(request)
        except _StaleConnection:
            self.close()
            return self._send_once(request)  # on a fresh connection: cannot be stale again

    def _send_once(self, request: Request) -> Response:
        connection = self._connect()
        reused = self._used
        try:
            try:
                connection.request(
                    request.method, request.path, body=request.body, headers=_encoded(request.headers)
                )
            except (BrokenPipeError, ConnectionResetError) as exc:
                # The axis may have answered early (e.g. package too large) and closed.
                response = self._early_answer(connection)
                if response is None:
                    self.close()
                    if reused:
                        raise _StaleConnection() from exc
                    raise self._network_error(request, exc) from None
            else:
                response = connection.getresponse()
            body = response.read(MAX_ANSWER_BYTES + 1)
        except (_StaleConnection, AxisTransientError):
            raise
        except (ConnectionResetError, BrokenPipeError) as exc:  # includes RemoteDisconnected
            self.close()
            if reused:
                raise _StaleConnection() from exc
            raise self._network_error(request, exc) from None
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise self._network_error(request, exc) from None
        if len(body) > MAX_ANSWER_BYTES:
            self.close()
            raise AxisPermanentError(
                f"{request.operation}: the axis answer is larger than {MAX_ANSWER_BYTES} bytes",
                operation=request.operation,
                http_status=response.status,
            )
        self._used = True
        if response.will_close:
            self.close()
        return Response(response.status, response.getheader("Content-Type", "") or "", body)

    @staticmethod
    def _early_answer(connection: http.client.HTTPConnection) -> http.client.HTTPResponse | None:
        try:
            return connection.getresponse()
        except (OSError, http.client.HTTPException):
            return None

    def _network_error(self, request: Request, exc: BaseException) -> AxisTransientError:
        if isinstance(exc, TimeoutError):
            what = "timed out"
        elif isinstance(exc, ConnectionRefusedError):
            what = "connection refused"
        else:
            what = f"network error ({type(exc).__name__}: {exc})"
        return AxisTransientError(
            f"{request.operation}: could not reach the axis at {self._scheme}://{self._host}"
            f"{':' + str(self._port) if self._port else ''}: {what}",
            operation=request.operation,
        )


def _encoded(headers: list[tuple[str, str]]) -> dict[str, str | bytes]:
    """Header values for http.client: non-ASCII values go as UTF-8 bytes (the signature covers UTF-8)."""
    return {name: value if value.isascii() else value.encode("utf-8") for name, value in headers}


class _StaleConnection(Exception):
    """The reused connection was closed by the axis before it answered."""
