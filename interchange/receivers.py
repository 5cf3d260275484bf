"""The app that owns documents, as the exchange sees it: one receiver, registered at start-up.

The exchange stores, parses and acknowledges what the axis brings; what a package means for a
document (a new one, an update, a replacement, a request to take one back) is the receiver's to
decide. The receiver also names the files that travel with a document the exchange sends.

Without a registered receiver the exchange refuses to take a package (ImproperlyConfigured) and
the package stays on the axis: nothing is acknowledged that nobody has read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from interchange import edxml
    from interchange.models import Inbound


@dataclass(frozen=True)
class Arrival:
    """An edXML document just accepted from the axis: new, update, replace or revoke alike.

    `business_type` is the package's business doc type (edxml.BusinessDocType, 0 when absent).
    """

    inbound: Inbound
    message: edxml.EdocMessage
    business_type: int


@dataclass(frozen=True)
class RecallRequest:
    """A status 13 just accepted from the axis: the sender asks to take a document back."""

    inbound: Inbound
    message: edxml.StatusMessage


class Receiver(Protocol):
    def receive(self, arrival: Arrival) -> Any | None:
        """Take an arriving package in; return the document it became or concerns (stored on the Inbound row)."""

    def recall_requested(self, request: RecallRequest) -> Any | None:
        """Take a recall request in; return the document it concerns, if there is one."""

    def outgoing_files(self, document: Any) -> Iterable[Any]:
        """The files that travel with `document`: each has `.file.path`, `.name` and `.get_role_display()`."""


_receiver: Receiver | None = None


def register_receiver(receiver: Receiver | None) -> Receiver | None:
    """Make `receiver` the one the exchange hands packages to (None: no receiver); returns the previous one."""
    global _receiver
    previous, _receiver = _receiver, receiver
    return previous


def registered_receiver() -> Receiver:
    """The registered receiver; ImproperlyConfigured when there is none."""
    if _receiver is None:
        raise ImproperlyConfigured(
            "interchange has no document receiver registered: the app that owns documents must call "
            "interchange.receivers.register_receiver() at start-up (AppConfig.ready); the package is left "
            "on the axis, unacknowledged"
        )
    return _receiver
