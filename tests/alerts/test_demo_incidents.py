"""The demo incidents that `make run` loads show up as alerts."""

import pytest
from django.core.management import call_command

from alerts.models import Alert
from alerts.services.scan import alerts_scan
from documents.models import Document
from interchange.models import Outbound

pytestmark = pytest.mark.django_db


def test_demo_incidents_are_loaded_once_and_the_backlog_is_found():
    from interchange.services.connections import axis_connection_upsert

    call_command("seed_demo")
    axis_connection_upsert(endpoint="http://127.0.0.1:9", system_id="h05", secret="s", organ_ids=["000.00.01.H05"])
    call_command("seed_incidents")
    call_command("seed_incidents")  # idempotent
    assert Document.objects.filter(symbol="1203/STC-NS", state="arrived").count() == 1
    failing = Outbound.objects.get(document__symbol="15/VPUBND-HCTC")
    assert failing.recipients.get().organ_id == "000.00.09.H99"
    alerts_scan(rules=["backlog"])
    alert = Alert.objects.get(rule="backlog")
    assert alert.state == "open" and alert.documents.filter(symbol="1203/STC-NS").exists()
