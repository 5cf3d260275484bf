"""Errors raised by the axis client.

Callers decide on ``permanent``: a transient error (network, timeout, 5xx, 429, axis down) is
retried later with the same bytes; a permanent one (validation, unknown recipient, bad
credentials, other refusals) needs a person and ends the send as failed.
"""

from __future__ import annotations

from typing import Any


class AxisError(Exception):
    """A call to the axis did not succeed.

    ``raw_answer`` holds the bytes the axis answered (empty when there was no answer),
    ``answer`` the parsed JSON object if it was one, ``http_status`` and ``error_code`` what
    the axis said.
    """

    permanent: bool = False

    def __init__(
        self,
        message: str,
        *,
        operation: str = "",
        http_status: int | None = None,
        error_code: str | None = None,
        raw_answer: bytes = b"",
        answer: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation
        self.http_status = http_status
        self.error_code = error_code
        self.raw_answer = raw_answer
        self.answer = answer


class AxisTransientError(AxisError):
    """The call may succeed if tried again later."""

    permanent = False


class AxisPermanentError(AxisError):
    """Trying again with the same request will fail the same way."""

    permanent = True
