"""Issue 13, point 4: conversions in a box.

A hostile DOCX links an external image to a listener on 127.0.0.1 (LibreOffice outside a box
fetches it twice while converting): converted in the box, the listener gets no request. A program
that forks children and sleeps past the time limit leaves no process of its group alive, and
neither does a real soffice. A box that cannot be made refuses to convert (fail closed). The
conversion task goes to its own queue, which a worker of the exchange's queue does not take."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

from documents.models import Conversion
from documents.selectors.documents import document_main_file
from documents.services.outgoing import sandbox
from documents.services.outgoing.conversion import conversion_run, soffice_command
from documents.services.outgoing.drafting import outgoing_draft_create
from documents.services.outgoing.sandbox import BoxTimeout, BoxUnavailable, box_run
from tests.documents.test_outgoing_drafting import docx, office  # noqa: F401 - the fixture
from tests.hostile import CountingListener, docx_with_external_image

pytestmark = pytest.mark.django_db
needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) not installed")
BOX = "unshare --net --pid --fork --kill-child --map-root-user"


def _draft(office, name: str, data: bytes):  # noqa: F811
    return outgoing_draft_create(
        actor=office["specialist"], organization=office["org"], document_type=office["cv"],
        subject="V/v thử chuyển đổi", content=(name, data), recipients=[office["sibling"]],
    )


def _alive(marker: str) -> list[int]:
    """PIDs of the processes whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def _group_members(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


@needs_soffice
def test_a_docx_with_an_external_image_is_converted_without_any_request(office, settings):  # noqa: F811
    settings.QLVB_CONVERT_BOX = BOX
    with CountingListener() as listener:
        doc = _draft(office, "Công văn.docx", docx_with_external_image(f"{listener.base_url}/noi-bo/bi-mat.png"))
        conversion = conversion_run(conversion_id=Conversion.objects.get(source__document=doc).pk)
        requests = list(listener.requests)

    assert requests == []
    assert conversion.state == "done", conversion.error
    pdf = document_main_file(doc)
    assert pdf.content_type == "application/pdf" and pdf.file.read(5) == b"%PDF-"


def test_a_box_that_cannot_be_made_refuses_to_convert(office, settings):  # noqa: F811
    settings.QLVB_CONVERT_BOX = "khong-co-lenh-nay --net"
    doc = _draft(office, "cv.docx", docx("Kính gửi"))
    source = document_main_file(doc)

    conversion = conversion_run(conversion_id=Conversion.objects.get(source__document=doc).pk)

    assert conversion.state == "failed" and "môi trường cách ly" in conversion.error
    assert document_main_file(doc) == source  # nothing half-written: the DOCX is still the main file


def test_a_box_that_leaves_the_network_is_refused(tmp_path):
    """A "box" that is no box (here: running the program as it is) is caught by the probe."""
    with pytest.raises(BoxUnavailable, match="network reachable"):
        box_run(["true"], box_command="env", memory_mb=512, timeout=10, workdir=str(tmp_path))


def test_a_boxed_program_cannot_open_a_socket_to_the_host(tmp_path):
    with CountingListener() as listener:
        code = ("import urllib.request, sys\n"
                f"try: urllib.request.urlopen('{listener.base_url}/x', timeout=3)\n"
                "except OSError as exc: print('blocked', exc); sys.exit(7)\n")
        result = box_run([sys.executable, "-c", code], box_command=BOX, memory_mb=1024, timeout=30,
                         workdir=str(tmp_path))
        requests = list(listener.requests)
    assert result.returncode == 7 and b"blocked" in result.output
    assert requests == []


def test_a_boxed_program_cannot_take_more_memory_than_its_ceiling(tmp_path):
    code = "import sys\ntry: block = bytearray(600 * 1024 * 1024)\nexcept MemoryError: sys.exit(9)\nprint('got it')\n"
    result = box_run([sys.executable, "-c", code], box_command=BOX, memory_mb=256, timeout=60, workdir=str(tmp_path))
    assert result.returncode == 9 and b"got it" not in result.output
    roomy = box_run([sys.executable, "-c", code], box_command=BOX, memory_mb=2048, timeout=60, workdir=str(tmp_path))
    assert roomy.returncode == 0 and b"got it" in roomy.output  # the control: the ceiling is what stopped it


FORKER = """
import os, sys, time
tag = sys.argv[1]
for n in range(3):
    if os.fork() == 0:
        if n == 2:
            os.setsid()  # one child even leaves the process group
        os.execvp(sys.executable, [sys.executable, "-c", "import time; time.sleep(600)", tag])
print("children started", flush=True)
time.sleep(600)
"""


def test_a_program_past_its_time_limit_leaves_no_process_alive(tmp_path, monkeypatch):
    tag = f"qlvb-box-test-{uuid.uuid4().hex}"
    script = tmp_path / "forker.py"
    script.write_text(FORKER)
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def recording_popen(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(sandbox.subprocess, "Popen", recording_popen)
    with pytest.raises(BoxTimeout):
        box_run([sys.executable, str(script), tag], box_command=BOX, memory_mb=1024, timeout=2,
                workdir=str(tmp_path))

    assert _alive(tag) == []
    leader = started[-1].pid
    assert _group_members(leader) == []


@needs_soffice
def test_a_real_soffice_past_its_time_limit_is_killed_with_its_whole_group(tmp_path):
    workdir = tmp_path / f"convert-{uuid.uuid4().hex}"
    workdir.mkdir()
    source = workdir / "input.docx"
    source.write_bytes(docx("Kính gửi: Sở Tài chính"))
    # Long enough for soffice to start, too short to convert even on an idle machine (1 s was not).
    with pytest.raises(BoxTimeout):
        box_run(soffice_command(shutil.which("soffice"), str(workdir), source), box_command=BOX,
                memory_mb=2048, timeout=0.3, workdir=str(workdir))
    assert _alive(str(workdir)) == []


def test_a_conversion_past_its_time_limit_fails_with_a_clear_message(office, settings, monkeypatch):  # noqa: F811
    settings.QLVB_CONVERT_BOX = BOX
    settings.QLVB_CONVERT_TIMEOUT = 1
    tag = f"qlvb-fake-soffice-{uuid.uuid4().hex}"
    fake = Path(settings.MEDIA_ROOT).parent / f"{tag}.py"
    fake.parent.mkdir(parents=True, exist_ok=True)
    fake.write_text("import os, time\nos.fork()\ntime.sleep(600)\n")
    fake.chmod(0o755)
    monkeypatch.setattr("documents.services.outgoing.conversion.libreoffice_binary", lambda: sys.executable)
    monkeypatch.setattr("documents.services.outgoing.conversion.soffice_command",
                        lambda binary, workdir, source: [binary, str(fake), tag])
    doc = _draft(office, "cv.docx", docx("Kính gửi"))
    source = document_main_file(doc)

    conversion = conversion_run(conversion_id=Conversion.objects.get(source__document=doc).pk)

    assert conversion.state == "failed"
    assert conversion.error.startswith("Chuyển đổi tệp sang PDF quá 1 giây nên đã dừng.")
    assert document_main_file(doc) == source and conversion.result is None
    assert _alive(tag) == []


# --- the queue ---------------------------------------------------------------------------------

def test_the_conversion_task_is_routed_to_its_own_queue():
    from qlvb.celery import app

    assert app.amqp.router.route({}, "documents.task_conversion_run")["queue"].name == "conversion"
    assert app.amqp.router.route({}, "interchange.task_outbound_send")["queue"].name == "celery"


def _start_worker(tmp_path, name: str, queues: str) -> tuple[subprocess.Popen, Path]:
    from django.conf import settings

    from tests.conftest import test_database_url

    log = tmp_path / f"{name}.log"
    env = {**os.environ, "DATABASE_URL": test_database_url(), "QLVB_VAR_DIR": str(tmp_path / "var"),
           "MEDIA_ROOT": str(settings.MEDIA_ROOT), "DJANGO_SETTINGS_MODULE": "qlvb.settings.test", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "qlvb", "worker", "-l", "info", "--concurrency", "1",
         "-Q", queues, "-n", f"{name}-{os.getpid()}@%h", "--without-gossip", "--without-mingle"],
        cwd=Path(__file__).resolve().parents[2], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return process, log


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait()


@needs_soffice
@pytest.mark.needs_services
@pytest.mark.django_db(transaction=True)
def test_a_worker_of_the_exchange_queue_does_not_take_a_conversion(tmp_path, settings, use_broker):
    from documents.models import DocumentType
    from qlvb.models import Heartbeat
    from qlvb.tasks import task_heartbeat_record
    from tests.conftest import wait_for
    from tests.factories import make_org, make_unit, make_user

    broker = settings.REDIS_URL
    redis.Redis.from_url(broker).flushdb()
    use_broker(broker)
    org = make_org("UBND")
    specialist = make_user(org, ["specialist"], unit=make_unit(org, "VP", "Văn phòng"))
    doc = outgoing_draft_create(actor=specialist, organization=org, document_type=DocumentType.objects.get(
        code="cong-van"), subject="V/v hàng đợi", content=("cv.docx", docx("Kính gửi")), recipients=[make_org()])
    conversion = Conversion.objects.get(source__document=doc)
    queued = [json.loads(m)["headers"]["task"] for m in redis.Redis.from_url(broker).lrange("conversion", 0, -1)]
    assert queued == ["documents.task_conversion_run"]

    exchange, log = _start_worker(tmp_path, "exchange", "celery")
    try:
        wait_for(lambda: b" ready." in log.read_bytes(), timeout=90, message="exchange worker")
        task_heartbeat_record.delay("exchange-worker")  # the exchange's queue is served...
        wait_for(lambda: Heartbeat.objects.filter(process="exchange-worker").exists(), timeout=60,
                 message="heartbeat by the exchange worker")
        conversion.refresh_from_db()
        assert conversion.state == Conversion.State.QUEUED  # ...and the conversion is left alone
        assert redis.Redis.from_url(broker).llen("conversion") == 1
    finally:
        _stop(exchange)

    converter, log = _start_worker(tmp_path, "converter", "conversion")
    try:
        wait_for(lambda: Conversion.objects.get(pk=conversion.pk).state in ("done", "failed"), timeout=120,
                 message="conversion by the conversion worker")
    finally:
        _stop(converter)
    conversion.refresh_from_db()
    assert conversion.state == "done", conversion.error
