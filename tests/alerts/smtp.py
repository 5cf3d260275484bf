"""A mail backend that stands for an SMTP server which can be down.

In this process, set `FlakyBackend.down`; across processes (a real Celery worker), the server is
down while the file `down` exists in $QLVB_TEST_SMTP_DIR, and delivered mail is written there.
"""

from __future__ import annotations

import itertools
import os
import smtplib
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

_seq = itertools.count(1)


class FlakyBackend(BaseEmailBackend):
    down = False
    sent: list = []

    def _folder(self) -> Path | None:
        folder = os.environ.get("QLVB_TEST_SMTP_DIR")
        return Path(folder) if folder else None

    def send_messages(self, email_messages):
        folder = self._folder()
        if type(self).down or (folder is not None and (folder / "down").exists()):
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        for message in email_messages:
            type(self).sent.append(message)
            if folder is not None:
                (folder / f"mail-{os.getpid()}-{next(_seq)}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
