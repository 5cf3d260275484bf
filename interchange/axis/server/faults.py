"""Fault injection: make the local axis misbehave the way a real one does, on purpose.

Settings come from the ``serve`` command line and can be changed while the server runs through
``POST /_faults`` (a JSON object with any of the fields below; ``GET /_faults`` shows them):

- ``failure_rate`` (0..1): that share of sendEdoc, downloadEdoc and get* calls answer a random
  500/502/503 before doing anything. Draws come from ``random.Random(seed)``, so a given
  ``seed`` and call sequence fail the same way every time.
- ``latency_ms``: every axis call waits that long before it is handled.
- ``duplicate_delivery``: each accepted message is delivered twice to every recipient, as two
  list entries with different docIds (the receiver must deduplicate on the package content).
- ``drop_status``: status messages are accepted (answer OK with a DocId) but never delivered.
- ``down``: every axis call answers 503 and the connection is closed. The ``/_faults`` and
  ``/_health`` endpoints keep working so that a test can bring the axis back.
"""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

FAILURE_STATUSES = (500, 502, 503)
MAX_LATENCY_MS = 600_000


@dataclass(frozen=True)
class FaultSettings:
    """The current faults."""

    failure_rate: float = 0.0
    seed: int | None = None
    latency_ms: int = 0
    duplicate_delivery: bool = False
    drop_status: bool = False
    down: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The settings as a JSON-ready dict."""
        return asdict(self)


def _check(name: str, value: Any) -> Any:
    if name == "failure_rate":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ValueError("failure_rate must be a number between 0 and 1")
        return float(value)
    if name == "seed":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError("seed must be an integer or null")
        return value
    if name == "latency_ms":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LATENCY_MS:
            raise ValueError(f"latency_ms must be an integer between 0 and {MAX_LATENCY_MS}")
        return value
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false")
    return value


class Faults:
    """Thread-safe holder of the fault settings and of the seeded random generator."""

    def __init__(self, settings: FaultSettings | None = None) -> None:
        self._lock = threading.Lock()
        self._settings = FaultSettings()
        self._random = random.Random()
        self.update((settings or FaultSettings()).as_dict())

    @property
    def settings(self) -> FaultSettings:
        """A snapshot of the current settings."""
        return self._settings

    def update(self, changes: dict[str, Any]) -> FaultSettings:
        """Apply some settings; a given ``seed`` restarts the random sequence.

        Raises ValueError naming the first unknown field or wrong value.
        """
        known = {f.name for f in fields(FaultSettings)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError(
                f"unknown fault setting(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        checked = {name: _check(name, value) for name, value in changes.items()}
        with self._lock:
            self._settings = replace(self._settings, **checked)
            if "seed" in checked:
                self._random = random.Random(checked["seed"])
            return self._settings

    def draw_failure(self) -> int | None:
        """Decide whether this call fails: returns the 5xx status to answer, or None."""
        with self._lock:
            rate = self._settings.failure_rate
            if rate <= 0:
                return None
            if self._random.random() < rate:
                return self._random.choice(FAILURE_STATUSES)
            return None
