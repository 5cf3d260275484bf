"""Build and run the local axis server process."""

from __future__ import annotations

import logging
import signal
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import FrameType

from interchange.axis.server.blobs import BlobStore
from interchange.axis.server.context import DEFAULT_MAX_PACKAGE_BYTES, AxisApp
from interchange.axis.server.database import Database
from interchange.axis.server.faults import Faults, FaultSettings
from interchange.axis.server.handler import AxisRequestHandler

log = logging.getLogger(__name__)


class AxisHTTPServer(ThreadingHTTPServer):
    """A threaded HTTP server holding the axis state; one thread per connection."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], app: AxisApp) -> None:
        super().__init__(address, AxisRequestHandler)
        self.app = app


def open_app(
    *,
    data_dir: Path,
    database_url: str | None = None,
    faults: FaultSettings | None = None,
    max_package_bytes: int = DEFAULT_MAX_PACKAGE_BYTES,
    fault_control: bool = False,
) -> AxisApp:
    """Open (creating if needed) the data folder and database of an axis."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    return AxisApp(
        database=Database(data_dir=data_dir, database_url=database_url),
        blobs=BlobStore(data_dir),
        faults=Faults(faults),
        max_package_bytes=max_package_bytes,
        fault_control=fault_control,
    )


def serve(app: AxisApp, *, host: str, port: int) -> None:
    """Serve until SIGTERM or Ctrl-C, then close the database."""
    server = AxisHTTPServer((host, port), app)

    def stop(signum: int, frame: FrameType | None) -> None:
        log.info("signal %d received: stopping", signum)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    bound_host, bound_port = server.server_address[:2]
    log.info(
        "local axis listening on http://%s:%d (data: %s; faults: %s; /_faults %s)",
        bound_host,
        bound_port,
        app.database.description,
        app.faults.settings.as_dict(),
        "on" if app.fault_control else "off",
    )
    try:
        server.serve_forever(poll_interval=0.05)
    except KeyboardInterrupt:
        log.info("interrupted: stopping")
    finally:
        server.server_close()
        app.database.close()
        log.info("local axis stopped")
