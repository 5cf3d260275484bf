"""Alert e-mail reaches the SMTP server named by the environment (EMAIL_HOST, EMAIL_PORT, the login,
DEFAULT_FROM_EMAIL, EMAIL_TIMEOUT), read once by the settings when the process starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from alerts.models import EmailMessage
from tests.conftest import ROOT, test_database_url

from .smtp import LocalSmtpServer

SMTP_VARIABLES = ("EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
                  "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT", "DEFAULT_FROM_EMAIL")

SEND = """
import json
from django.core import mail
from alerts.services.email import email_send

connection = mail.get_connection()
print(json.dumps({
    "backend": type(connection).__module__, "host": connection.host, "port": connection.port,
    "username": connection.username, "timeout": connection.timeout, "use_tls": connection.use_tls,
    "use_ssl": connection.use_ssl, "result": email_send(email_id=%d),
}))
"""


@pytest.mark.needs_services
@pytest.mark.django_db(transaction=True)
def test_alert_mail_is_delivered_to_the_smtp_server_the_environment_names(tmp_path):
    row = EmailMessage.objects.create(to="vanthu@backan.gov.vn", subject="Gửi lỗi: 15/UBND-VXNV",
                                      body="Không gửi được văn bản 15/UBND-VXNV qua trục.")
    with LocalSmtpServer() as server:
        env = {name: value for name, value in os.environ.items() if name not in SMTP_VARIABLES}
        env.update({
            "DJANGO_SETTINGS_MODULE": "qlvb.settings.test", "DATABASE_URL": test_database_url(),
            "QLVB_VAR_DIR": str(tmp_path / "var"),
            "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(server.port), "EMAIL_HOST_USER": "canhbao",
            "EMAIL_HOST_PASSWORD": "mat-khau-smtp", "EMAIL_TIMEOUT": "7",
            "DEFAULT_FROM_EMAIL": "QLVB <canhbao@qlvb.backan.gov.vn>",
        })
        done = subprocess.run([sys.executable, "manage.py", "shell", "-c", SEND % row.pk], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]
        seen = json.loads(done.stdout.strip().splitlines()[-1])

    assert seen == {"backend": "django.core.mail.backends.smtp", "host": "127.0.0.1", "port": server.port,
                    "username": "canhbao", "timeout": 7.0, "use_tls": False, "use_ssl": False, "result": "sent"}
    assert server.logins == [("canhbao", "mat-khau-smtp")]
    [received] = server.received
    assert received.sender == "canhbao@qlvb.backan.gov.vn"
    assert received.recipients == ["vanthu@backan.gov.vn"]
    message = received.message()
    assert message["From"] == "QLVB <canhbao@qlvb.backan.gov.vn>" and message["To"] == "vanthu@backan.gov.vn"
    assert message["Subject"] == "Gửi lỗi: 15/UBND-VXNV"
    assert "15/UBND-VXNV qua trục" in message.get_content()
    row.refresh_from_db()
    assert row.state == EmailMessage.State.SENT and row.attempts == 1
