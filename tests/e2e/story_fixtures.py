"""Shared by the outgoing tests and the seed story: the site's URLs with the outgoing screens and
API mounted, the demo cast with real keys from `manage.py pki_init`, and a timestamp authority.

Test modules import the fixtures they use (`from tests.e2e.story_fixtures import demo_cast`).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import ROOT

DEVNULL = open(os.devnull, "w")  # noqa: SIM115 - management commands' chatter, for the whole run


@dataclass
class StoryPki:
    directory: Path
    tsa_url: str


@pytest.fixture(scope="session")
def story_pki(tmp_path_factory) -> StoryPki:
    """The hosted CA (as `pki_init` creates it) in a directory of this run, and its timestamp
    authority over real HTTP on a free port."""
    from signatures.pki import tsa
    from signatures.pki.hosted import write_demo_hierarchy

    directory = tmp_path_factory.mktemp("story-pki")
    authority = write_demo_hierarchy(directory)
    server = tsa.make_server(authority.timestamp_authority(), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield StoryPki(directory, f"http://127.0.0.1:{server.server_address[1]}/")
    server.shutdown()
    server.server_close()


def pki_environment(pki: StoryPki) -> dict[str, str]:
    """What the web process and the workers need to sign and verify with the story's CA."""
    return {"QLVB_PKI_DIR": str(pki.directory), "QLVB_TSA_URL": pki.tsa_url}


@dataclass
class DemoCast:
    """The demo organizations and people (qlvb.demo.cast), each leader and organization with a key."""

    keys: Path

    def pin(self, name: str) -> str:
        """The PIN of a leader's key (by username) or an organization's seal key (by organ id)."""
        return (self.keys / f"{name}.pin").read_text().strip()

    @staticmethod
    def user(username: str):
        from qlvb.models import User

        return User.objects.get(username=username)

    @staticmethod
    def org(organ_id: str):
        from qlvb.models import Organization

        return Organization.objects.get(organ_id=organ_id)


@pytest.fixture
def demo_cast(story_pki, monkeypatch, settings, tmp_path) -> DemoCast:
    """seed_demo + pki_init on this test's database, files under tmp_path."""
    for name, value in pki_environment(story_pki).items():
        monkeypatch.setenv(name, value)  # for the processes the test starts
        setattr(settings, name, value)
    for name in ("QLVB_SIGNING_POLICY_ALLOW_BB", "QLVB_INVALID_SIGNATURE_POLICY", "QLVB_SIGNING_LEVEL",
                 "QLVB_PKI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    settings.QLVB_SIGNING_POLICY_ALLOW_BB, settings.QLVB_INVALID_SIGNATURE_POLICY = False, "warn"
    settings.QLVB_SIGNING_LEVEL, settings.QLVB_PKI_BASE_URL = "B-T", "http://127.0.0.1:8000/pki"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    call_command("pki_init", stdout=DEVNULL)
    return DemoCast(story_pki.directory / "demo-keys")


# --- looking at PDFs as a reader would ----------------------------------------------------------

def pdf_text(pdf: bytes, first: int = 1, last: int = 1) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", "-f", str(first), "-l", str(last), f.name, "-"],
                              capture_output=True, text=True, check=True, timeout=60).stdout


def pdfsig(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        result = subprocess.run(["pdfsig", "-nocert", f.name], capture_output=True, text=True, timeout=60)
        return result.stdout + result.stderr


def file_bytes(document_file) -> bytes:
    with document_file.file.open("rb") as fh:
        return fh.read()


ARTIFACTS = ROOT / "test-artifacts"


# --- drafts and the local axis ------------------------------------------------------------------

def draft_ready_to_sign(cast: DemoCast, letter=None, *, recipients=None, paper=None, secrecy: int = 0,
                        appendices=(), layout=None):
    """A draft of `letter` (807/VPCP-KSTT by default) through both checks, waiting for the leader."""
    from documents.models import Document, DocumentType
    from documents.rendering.layout import render_document
    from documents.services.outgoing.drafting import outgoing_draft_create
    from documents.services.outgoing.review import outgoing_submit, review_decide
    from qlvb.demo.story import VPCP_807

    letter = letter or VPCP_807
    drafter = cast.user(letter.drafter)
    organization = cast.org(letter.organ_id)
    pdf = render_document(layout) if layout is not None else letter.pdf()
    document = outgoing_draft_create(
        actor=drafter, organization=organization, document_type=DocumentType.objects.get(code="cong-van"),
        subject=letter.subject, content=(f"{letter.number}.pdf", pdf), appendices=list(appendices),
        recipients=[cast.org(o) for o in (letter.recipients if recipients is None else recipients)],
        paper_recipients=list(letter.paper_recipients if paper is None else paper),
        urgency=letter.urgency, secrecy=secrecy,
    )
    outgoing_submit(actor=drafter, document=document)
    # A secret draft's content goes to a reader with the clearance: in the demo, the leader.
    review_decide(actor=cast.user(letter.leader if secrecy else letter.unit_head), document=document, approve=True)
    review_decide(actor=cast.user(letter.clerk), document=document, approve=True)
    document.refresh_from_db()
    assert document.state == Document.State.APPROVED
    return document


AXIS_SECRETS = {"qlvb.trunguong": "trung-uong-bi-mat-1", "qlvb.h05": "bac-kan-bi-mat-2"}


@pytest.fixture
def local_axis(tmp_path):
    """The local axis server as its own process, with the two demo systems (ministries; Bắc Kạn)."""
    from qlvb.demo.commands.demo_axis import SYSTEMS
    from tests.axis.harness import AxisProcess, add_system

    data = tmp_path / "axis"
    for system_id, _label, organ_ids in SYSTEMS:
        add_system(data, system_id, AXIS_SECRETS[system_id], organ_ids)
    server = AxisProcess(data).start()
    yield server
    server.stop()


def axis_connect(endpoint: str) -> None:
    """Connect the demo organizations to the axis as `manage.py demo_axis` does: one system for the
    ministries, one for Bắc Kạn's province center."""
    from interchange.services.connections import axis_connection_upsert
    from qlvb.demo.commands.demo_axis import SYSTEMS

    for system_id, label, organ_ids in SYSTEMS:
        axis_connection_upsert(endpoint=endpoint, system_id=system_id, secret=AXIS_SECRETS[system_id],
                               organ_ids=organ_ids, name=label, read_timeout=10)


def external_key_for(cast: DemoCast, username: str):
    """Register the leader's certificate as a key on their own device (the server signs nothing with
    it); returns the credential the signing agent on that device would use."""
    from signatures.models import SigningKey
    from signatures.pki.pkcs12 import load_pkcs12
    from signatures.services import signing_key_register

    user = cast.user(username)
    held = SigningKey.objects.get(user=user, custody=SigningKey.Custody.SERVER, is_active=True)
    signing_key_register(actor=None, custody=SigningKey.Custody.EXTERNAL, certificate=held.certificate, user=user)
    return load_pkcs12((cast.keys / f"{username}.p12").read_bytes(), cast.pin(username))


def agent_signature(credential, digest_b64: str) -> str:
    """What `python -m signatures.external_signer` prints for the digest."""
    import base64

    from signatures.external_signer import sign_digest

    return base64.b64encode(sign_digest(credential, base64.b64decode(digest_b64))).decode()


def personal_key_for(cast: DemoCast, username: str, pin: str, *, title: str = "Cục trưởng"):
    """A server-held signing key (from the story's CA) and a signature image for someone who is not
    a demo leader, e.g. a deputy who signs under a delegation."""
    from signatures.models import SignatureImage
    from signatures.pki.hosted import load_demo_pki
    from signatures.pki.images import signature_png
    from signatures.pki.issuing import issue_person
    from signatures.services import server_key_store

    user = cast.user(username)
    authority = load_demo_pki(cast.keys.parent)
    membership = user.memberships.select_related("organization").first()
    credential = issue_person(authority.issuing, authority.urls, full_name=user.full_name,
                              organization=membership.organization.name, title=title)
    server_key_store(actor=None, credential=credential, pin=pin, user=user)
    SignatureImage.objects.create(kind=SignatureImage.Kind.SIGNATURE, user=user, png=signature_png(user.full_name))
    return user
