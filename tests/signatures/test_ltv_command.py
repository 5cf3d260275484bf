"""manage.py verify_pdf --at: an archived (PAdES B-LTA) file years ahead is still valid; a plain
B-T file then is not provable. Offline (the validation data in the file only)."""

import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import call_command
from django.core.management.base import CommandError

from signatures.clock import now_utc
from signatures.pdf import longterm
from signatures.pki import issuing as pki
from signatures.pki import tsa

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(tmp_path, demo, leader_signed):
    archive = tsa.TimestampAuthority(pki.issue_tsa(demo.issuing, demo.urls, valid_days=3000)).timestamper()
    archived = longterm.add_long_term_proof(
        leader_signed.data, trust_roots=demo.trust_roots, timestamper=archive, fetch=demo.fetch
    )
    root = tmp_path / "root.pem"
    root.write_bytes(demo.root.cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "lta.pdf").write_bytes(archived.data)
    (tmp_path / "bt.pdf").write_bytes(leader_signed.data)
    return tmp_path, root


def _run(path, root, at, capsys):
    call_command("verify_pdf", str(path), "--trust", str(root), "--at", at)
    return json.loads(capsys.readouterr().out)


def test_verify_pdf_years_ahead(files, capsys):
    directory, root = files
    at = (now_utc() + timedelta(days=4 * 365)).strftime("%Y-%m-%d")
    (entry,) = _run(directory / "lta.pdf", root, at, capsys)
    assert entry["valid"] and entry["archive_timestamp"]["valid"], entry["summary"]

    with pytest.raises(CommandError) as caught:
        _run(directory / "bt.pdf", root, at, capsys)
    assert caught.value.returncode == 1
    (plain,) = json.loads(capsys.readouterr().out)
    assert not plain["valid"] and "not_provable" in plain["problems"]


def test_verify_pdf_at_takes_a_date(files):
    directory, root = files
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("verify_pdf", str(directory / "lta.pdf"), "--trust", str(root), "--at", "31/12/2030")
