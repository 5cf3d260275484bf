"""A mail backend that stands for an SMTP server which can be down, and a real local SMTP server.

In this process, set `FlakyBackend.down`; across processes (a real Celery worker), the server is
down while the file `down` exists in $QLVB_TEST_SMTP_DIR, and delivered mail is written there.
`LocalSmtpServer` is for what goes through Django's SMTP backend, configured from the environment.
"""

from __future__ import annotations

import base64
import email
import email.message
import email.policy
import itertools
import os
import smtplib
import socketserver
import threading
from dataclasses import dataclass
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


class LocalSmtpServer:
    """A real SMTP server on 127.0.0.1 (ESMTP with AUTH PLAIN, no TLS) that keeps what it receives.

    `with LocalSmtpServer() as server:` listens on `server.port`; `server.received` lists one
    `Received` per message, `server.logins` the (user, password) pairs clients logged in with.
    """

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.logins: list[tuple[str, str]] = []
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self) -> None:
                self.reply("220 qlvb-test ESMTP")
                sender, recipients = "", []
                while line := self.rfile.readline():
                    command = line.decode("ascii", "replace").strip()
                    verb = command.split(" ", 1)[0].upper()
                    if verb == "EHLO":
                        self.reply("250-qlvb-test")
                        self.reply("250-AUTH PLAIN")
                        self.reply("250 8BITMIME")
                    elif verb == "HELO":
                        self.reply("250 qlvb-test")
                    elif verb == "AUTH":
                        _, user, password = base64.b64decode(command.split()[2]).decode().split("\0")
                        outer.logins.append((user, password))
                        self.reply("235 2.7.0 Authentication successful")
                    elif verb == "MAIL":
                        sender, recipients = command.split(":", 1)[1].split()[0].strip("<>"), []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        lines = []
                        while (data := self.rfile.readline()) not in (b".\r\n", b""):
                            lines.append(data[1:] if data.startswith(b"..") else data)
                        outer.received.append(Received(sender, recipients, b"".join(lines)))
                        self.reply("250 OK queued")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:  # RSET, NOOP
                        self.reply("250 OK")

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]

    def __enter__(self) -> LocalSmtpServer:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)
