"""The command line: pki_init for the demo cast, sign_pdf with the key stores it writes, verify_pdf,
and the timestamp authority process started on pki_init's directory."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from django.core.management import CommandError, call_command

from qlvb.demo.cast import ORGANIZATIONS, PEOPLE
from qlvb.models import User
from signatures.models import Certificate, SignatureImage, SigningKey
from signatures.pdf.samples import SampleDocument, nd30_document
from signatures.pki import pkcs12
from tests.conftest import ROOT, free_port, test_database_url, wait_for
from tests.signatures.conftest import needs_poppler, pdfsig

pytestmark = pytest.mark.django_db

LEADERS = [p for p in PEOPLE if "leader" in p[5]]
ORGANIZATION_NAMES = {o[0]: o[1] for o in ORGANIZATIONS}


@pytest.fixture
def demo_pki_dir(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.QLVB_PKI_DIR = str(tmp_path / "pki")
    settings.QLVB_PKI_BASE_URL = "http://127.0.0.1:8000/pki"
    call_command("seed_demo", stdout=StringIO())
    return tmp_path / "pki"


@pytest.fixture
def out(demo_pki_dir, tmp_path) -> Path:
    """What `pki_init --out DIR` wrote."""
    directory = tmp_path / "out"
    call_command("pki_init", "--out", str(directory), stdout=StringIO())
    return directory


@pytest.fixture
def tsa_process(out, demo_pki_dir, settings):
    """`python -m signatures.tsa serve` on the directory pki_init wrote, as `make run` starts it."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "signatures.tsa", "serve", "--port", str(port), "--dir", str(demo_pki_dir)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_for(lambda: _listening(port), timeout=30, message="timestamp authority")
        settings.QLVB_TSA_URL = f"http://127.0.0.1:{port}/"
        yield process
    finally:
        process.terminate()
        process.wait(timeout=15)


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_pki_init_out_writes_root_and_a_key_store_per_leader_and_organization(demo_pki_dir, tmp_path):
    out = tmp_path / "out"
    stdout = StringIO()
    call_command("pki_init", "--out", str(out), stdout=stdout)
    assert "issued 7 leader keys and 7 organization seal keys" in stdout.getvalue()

    root = x509.load_pem_x509_certificate((out / "root.pem").read_bytes())
    anchor = Certificate.objects.get(kind=Certificate.Kind.TRUST_ANCHOR)
    assert bytes(anchor.der) == root.public_bytes(serialization.Encoding.DER)
    assert (demo_pki_dir / "pki.json").exists() and (demo_pki_dir / "tsa.key.pem").exists()

    for username, full_name, organ_id, _unit, title, _roles in LEADERS:
        credential = pkcs12.load_pkcs12((out / f"{username}.p12").read_bytes(), (out / f"{username}.pin").read_text().strip())
        subject = {a.oid: a.value for a in credential.cert.subject}
        assert subject[x509.oid.NameOID.COMMON_NAME] == full_name and subject[x509.oid.NameOID.TITLE] == title
        assert subject[x509.oid.NameOID.ORGANIZATION_NAME] == ORGANIZATION_NAMES[organ_id]
        assert credential.cert.issuer == credential.chain[0].subject and credential.chain[-1] == root
        user = User.objects.get(username=username)
        key = SigningKey.objects.get(user=user, is_active=True)
        assert key.custody == SigningKey.Custody.SERVER
        assert key.certificate.fingerprint == credential.cert.fingerprint(hashes.SHA256()).hex()
        assert SignatureImage.objects.filter(user=user).exists()
    for organ_id, name, *_ in ORGANIZATIONS:
        credential = pkcs12.load_pkcs12((out / f"{organ_id}.p12").read_bytes(), (out / f"{organ_id}.pin").read_text().strip())
        assert credential.cert.subject.get_attributes_for_oid(x509.oid.NameOID.ORGANIZATION_NAME)[0].value == name
        assert SigningKey.objects.get(organization__organ_id=organ_id, is_active=True).certificate.subject_cn == name
        assert SignatureImage.objects.filter(organization__organ_id=organ_id).exists()
    manifest = json.loads((out / "keys.json").read_text())
    assert {m["name"] for m in manifest} == {p[0] for p in LEADERS} | {o[0] for o in ORGANIZATIONS}

    # Run again: same CA, everybody keeps their key; with --out, fresh keys replace the old ones.
    call_command("pki_init", stdout=StringIO())
    assert SigningKey.objects.count() == 14 and Certificate.objects.filter(kind="trust_anchor").count() == 1
    call_command("pki_init", "--out", str(tmp_path / "again"), stdout=StringIO())
    assert SigningKey.objects.filter(is_active=True).count() == 14 and SigningKey.objects.count() == 28
    assert (tmp_path / "again" / "root.pem").read_bytes() == (out / "root.pem").read_bytes()


def _sample(tmp_path: Path) -> Path:
    path = tmp_path / "quyet-dinh.pdf"
    path.write_bytes(nd30_document(SampleDocument(authority="BỘ TRƯỞNG", title="", signer_name="Nguyễn Mạnh Hùng")))
    return path


def _verify(path: Path, *args) -> tuple[list[dict], CommandError | None]:
    stdout = StringIO()
    try:
        call_command("verify_pdf", str(path), *args, stdout=stdout)
        error = None
    except CommandError as exc:
        error = exc
    return json.loads(stdout.getvalue() or "null"), error


@needs_poppler
def test_sign_pdf_leader_seal_and_attachment_then_verify_pdf(tsa_process, out, tmp_path):
    source, leader, sealed = _sample(tmp_path), tmp_path / "ky.pdf", tmp_path / "ky-dong-dau.pdf"
    pin = (out / "btttt.lanhdao.pin").read_text().strip()
    stdout = StringIO()
    call_command("sign_pdf", str(source), str(leader), "--p12", str(out / "btttt.lanhdao.p12"), "--pin", pin,
                 stdout=stdout)
    assert "B-T" in stdout.getvalue()
    org_pin = (out / "000.00.00.G14.pin").read_text().strip()
    call_command("sign_pdf", str(leader), str(sealed), "--p12", str(out / "000.00.00.G14.p12"), "--pin", org_pin,
                 "--seal", stdout=StringIO())

    entries, error = _verify(sealed)
    assert error is None
    assert [(e["signer"], e["valid"]) for e in entries] == [("Nguyễn Mạnh Hùng", True), ("Bộ Thông tin và Truyền thông", True)]
    for entry in entries:
        assert entry["intact"] and entry["trusted"] and not entry["revoked"] and entry["timestamp"]["valid"]
        assert entry["signing_time"].endswith("+07:00")
    assert [e["covers_whole_file"] for e in entries] == [False, True]
    out_text = pdfsig(sealed.read_bytes(), tmp_path)
    assert out_text.count("Signature Validation: Signature is Valid.") == 2

    with pytest.raises(CommandError) as caught:
        call_command("sign_pdf", str(leader), str(tmp_path / "x.pdf"), "--p12", str(out / "000.00.00.G14.p12"),
                     "--pin", "000000", "--seal")
    assert "Mã PIN không đúng." in str(caught.value)
    with pytest.raises(CommandError) as caught:
        call_command("sign_pdf", str(source), str(tmp_path / "x.pdf"), "--p12", str(out / "000.00.00.G14.p12"),
                     "--pin", org_pin, "--seal")
    assert "chưa có chữ ký số hợp lệ của người có thẩm quyền" in str(caught.value)

    # An attachment signed by the organization while the TSA is down: signed without a timestamp.
    attachment, stamped, stderr = tmp_path / "phu-luc.pdf", tmp_path / "phu-luc-ky.pdf", StringIO()
    attachment.write_bytes(nd30_document())
    call_command("sign_pdf", str(attachment), str(stamped), "--p12", str(out / "000.00.00.G22.p12"),
                 "--pin", (out / "000.00.00.G22.pin").read_text().strip(), "--stamp-text", "807/VPCP-KSTT",
                 "--tsa-url", "http://127.0.0.1:9/", stdout=StringIO(), stderr=stderr)
    assert "không có dấu thời gian (PAdES B-B)" in stderr.getvalue()
    (entry,), error = _verify(stamped)
    assert error is None and entry["signer"] == "Văn phòng Chính phủ" and entry["timestamp"] is None


def test_sign_pdf_seals_only_with_the_key_of_the_organization_whose_leader_signed(out, tmp_path):
    """Attack: another organization's seal key, or a person's key, over a leader's signature."""
    btttt, vpcp = "000.00.00.G14", "000.00.00.G22"
    leader, target = tmp_path / "ky.pdf", tmp_path / "dong-dau.pdf"
    call_command("sign_pdf", str(_sample(tmp_path)), str(leader), "--p12", str(out / "btttt.lanhdao.p12"),
                 "--pin", (out / "btttt.lanhdao.pin").read_text().strip(), "--no-timestamp", stdout=StringIO())

    def seal(p12: str, pin: str):
        with pytest.raises(CommandError) as caught:
            call_command("sign_pdf", str(leader), str(target), "--p12", str(out / f"{p12}.p12"), "--pin", pin,
                         "--seal", "--no-timestamp", stdout=StringIO())
        assert not target.exists()
        return str(caught.value)

    message = seal(vpcp, (out / f"{vpcp}.pin").read_text().strip())
    assert message.splitlines()[0] == (
        f"The seal key belongs to {ORGANIZATION_NAMES[vpcp]}, but the signature under the seal is by a leader of "
        f"{ORGANIZATION_NAMES[btttt]}; an organization seals only its own documents.")
    message = seal("btttt.lanhdao", (out / "btttt.lanhdao.pin").read_text().strip())
    assert message.splitlines()[0] == (
        "The key is not an organization's seal key: its certificate names a person, Nguyễn Mạnh Hùng.")

    # The organization's own key seals.
    call_command("sign_pdf", str(leader), str(target), "--p12", str(out / f"{btttt}.p12"),
                 "--pin", (out / f"{btttt}.pin").read_text().strip(), "--seal", "--no-timestamp", stdout=StringIO())
    entries, error = _verify(target)
    assert error is None and [e["signer"] for e in entries] == ["Nguyễn Mạnh Hùng", ORGANIZATION_NAMES[btttt]]


@pytest.mark.needs_services  # the child process reads the PostgreSQL test database
def test_verify_pdf_exit_status_in_a_real_process(tsa_process, out, tmp_path):
    signed = tmp_path / "ky.pdf"
    call_command("sign_pdf", str(_sample(tmp_path)), str(signed), "--p12", str(out / "btttt.lanhdao.p12"),
                 "--pin", (out / "btttt.lanhdao.pin").read_text().strip(), stdout=StringIO())
    tampered = tmp_path / "sua.pdf"
    data = bytearray(signed.read_bytes())
    data[data.index(b"ReportLab PDF Library")] = ord("r")
    tampered.write_bytes(bytes(data))
    not_pdf = tmp_path / "a.pdf"
    not_pdf.write_bytes(b"%PDF-1.7 nothing else")
    env = {**os.environ, "DATABASE_URL": test_database_url(), "QLVB_VAR_DIR": str(tmp_path / "var")}

    def run(path: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", "verify_pdf", str(path), "--trust", str(out / "root.pem"), "--no-fetch"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )

    good, bad, broken = run(signed), run(tampered), run(not_pdf)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)[0]["valid"] is True
    assert bad.returncode == 1 and json.loads(bad.stdout)[0]["intact"] is False
    assert "1/1 chữ ký số không hợp lệ" in bad.stderr
    assert broken.returncode == 2
