"""/health/ for load balancers (200 or 503 with each component) and /metrics in Prometheus format."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from alerts.services.scan import alerts_scan
from interchange.models import AxisConnection
from qlvb.models import Heartbeat

from .builders import NOW, at, office, outbound, outgoing

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def healthy():
    now = timezone.now()
    for process in ("worker", "beat"):
        Heartbeat.objects.create(process=process, seen_at=now)
    org = office()["org"]
    conn = AxisConnection.objects.create(name="Trục quốc gia", endpoint="http://127.0.0.1:9", system_id="x",
                                         secret="s", last_poll_at=now)
    conn.organizations.add(org)
    return conn


@pytest.fixture
def operator(client, django_user_model):
    """A staff login: who may read the components' detail and the metrics."""
    client.force_login(django_user_model.objects.create_user("vanhanh", password="x", is_staff=True))
    return client


def test_health_200_with_every_component(operator, healthy):
    response = operator.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["components"]) == {"database", "cache", "worker", "beat", "axis", "disk"}
    assert all(c["ok"] for c in body["components"].values())
    assert body["components"]["database"]["detail"]["latency_ms"] >= 0


def test_health_503_when_the_beat_is_silent(operator, healthy):
    Heartbeat.objects.filter(process="beat").update(seen_at=timezone.now() - dt.timedelta(minutes=30))
    response = operator.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert not body["components"]["beat"]["ok"] and body["components"]["worker"]["ok"]
    assert "Im lặng 30 phút" in body["components"]["beat"]["message"]


def test_health_503_when_the_axis_is_unreachable(operator, healthy):
    AxisConnection.objects.filter(pk=healthy.pk).update(last_poll_error="Connection refused")
    response = operator.get("/health/")
    assert response.status_code == 503
    axis = response.json()["components"]["axis"]
    assert not axis["ok"] and "Connection refused" in axis["message"]


METRIC_LINE = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? -?[0-9.e+]+$')


def parse(text: str) -> dict[str, float]:
    samples, typed = {}, set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            name, kind = line.split()[2:4]
            assert kind in {"gauge", "counter"}
            typed.add(name)
        elif line.startswith("# HELP ") or not line:
            continue
        else:
            assert METRIC_LINE.match(line), line
            key, value = line.rsplit(" ", 1)
            assert key.split("{")[0] in typed, f"{key} has no TYPE line before it"
            samples[key] = float(value)
    return samples


def test_metrics_in_prometheus_text_format(operator, healthy, no_task_queue):
    org = healthy.organizations.get()
    outbound(outgoing(org), state="failed", created_at=NOW, error_permanent=True, last_error="x")
    outbound(outgoing(org), state="queued", created_at=NOW)
    outbound(outgoing(org), state="sent", created_at=NOW, sent_at=at(11, 10))
    alerts_scan(now=NOW, rules=["send_failed"])
    response = operator.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    samples = parse(response.content.decode())
    assert samples['qlvb_outbox_messages{kind="edoc",state="failed"}'] == 1
    assert samples['qlvb_outbox_messages{kind="edoc",state="queued"}'] == 1
    assert samples['qlvb_outbound_sent_total{kind="edoc"}'] == 1
    assert samples['qlvb_alerts_open{rule="send_failed",severity="critical"}'] == 1
    assert samples['qlvb_alerts_open{rule="backlog",severity="warning"}'] == 0
    assert samples['qlvb_email_outbox_messages{state="queued"}'] == 2
    assert samples['qlvb_axis_up{connection="Trục quốc gia"}'] == 1
    assert 'qlvb_heartbeat_age_seconds{process="beat"}' in samples
    assert any(k.startswith("qlvb_disk_free_bytes{") and v > 0 for k, v in samples.items())


def test_metrics_asks_for_the_token_when_one_is_set(client, healthy, settings):
    settings.QLVB_METRICS_TOKEN = "bi-mat"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer bi-mat"}).status_code == 200


def test_without_a_token_or_a_staff_login_health_says_only_up_or_down(client, healthy, django_user_model):
    AxisConnection.objects.filter(pk=healthy.pk).update(last_poll_error="Connection refused to 10.1.2.3:8443")
    response = client.get("/health/")
    assert response.status_code == 503 and response.json() == {"status": "fail"}
    assert b"10.1.2.3" not in response.content and "Trục quốc gia".encode() not in response.content
    clerk = django_user_model.objects.create_user("vanthu", password="x")  # a login is not enough
    client.force_login(clerk)
    assert client.get("/health/").json() == {"status": "fail"}
    AxisConnection.objects.filter(pk=healthy.pk).update(last_poll_error="")
    assert client.get("/health/").json() == {"status": "ok"}


def test_metrics_need_the_token_or_a_staff_login_even_when_no_token_is_set(client, healthy, settings,
                                                                           django_user_model):
    settings.QLVB_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 401
    client.force_login(django_user_model.objects.create_user("vanthu", password="x"))
    assert client.get("/metrics").status_code == 401
    settings.QLVB_METRICS_TOKEN = "bi-mat"
    assert client.get("/metrics", headers={"Authorization": "Bearer sai"}).status_code == 401
    response = client.get("/health/", headers={"Authorization": "Bearer bi-mat"})
    assert set(response.json()["components"]) == {"database", "cache", "worker", "beat", "axis", "disk"}
