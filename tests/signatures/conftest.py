"""Shared fixtures: one demo PKI per test session, signers, and helpers to look at rendered pages."""

import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from signatures.pdf import pades, signing
from signatures.pdf.samples import SampleDocument, nd30_document
from signatures.pki import hosted as demo_pki
from signatures.pki import issuing as pki
from signatures.pki import keys, pkcs11_provision

LEADER = ("Nguyễn Văn A", "Bộ Thông tin và Truyền thông", "Thứ trưởng")
ORGANIZATION = ("Bộ Thông tin và Truyền thông", "BTTTT")

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdfsig") and shutil.which("pdftotext")),
    reason="poppler-utils (pdftoppm, pdfsig, pdftotext) not installed",
)


TOKEN, TOKEN_PIN, TOKEN_SO_PIN = "qlvb-test", "246810", "13579135"
needs_softhsm = pytest.mark.skipif(
    not (Path(keys.SOFTHSM_MODULE).exists() and shutil.which("softhsm2-util")),
    reason="softhsm2 not installed (CI must install the Debian package softhsm2)",
)


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory, demo):
    """A SoftHSM token holding the demo leader's key as "leader". One per test run: SoftHSM reads
    its configuration once per process, when the PKCS#11 module is first loaded."""
    config = pkcs11_provision.write_softhsm_config(tmp_path_factory.mktemp("softhsm"))
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(config)
    try:
        pkcs11_provision.init_softhsm_token(TOKEN, TOKEN_PIN, TOKEN_SO_PIN, dict(os.environ))
        leader = demo.credential("nguyen-van-a")
        pkcs11_provision.import_credential(keys.SOFTHSM_MODULE, TOKEN, TOKEN_PIN, leader, "leader")
        yield keys.Pkcs11Backend(TOKEN, "leader", chain=leader.chain)
    finally:
        if previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> demo_pki.DemoPki:
    directory = tmp_path_factory.mktemp("pki")
    return demo_pki.write_demo_hierarchy(directory, people=[LEADER], organizations=[ORGANIZATION])


@pytest.fixture(scope="session")
def timestamper(demo):
    return demo.timestamp_authority().timestamper()


@pytest.fixture(scope="session")
def policy(demo, timestamper) -> pades.SigningPolicy:
    return pades.SigningPolicy(timestamper=timestamper, trust_roots=(demo.root.cert,), fetch=demo.fetch)


@pytest.fixture(scope="session")
def leader_signer(demo):
    return keys.signer_from_credential(demo.credential("nguyen-van-a"))


@pytest.fixture(scope="session")
def org_signer(demo):
    return keys.signer_from_credential(demo.credential("btttt"))


@pytest.fixture(scope="session")
def signature_image(demo) -> bytes:
    return (demo.directory / "nguyen-van-a.png").read_bytes()


@pytest.fixture(scope="session")
def seal_image(demo) -> bytes:
    return (demo.directory / "btttt.png").read_bytes()


@pytest.fixture(scope="session")
def document() -> bytes:
    return nd30_document(SampleDocument(pages=2))


@pytest.fixture(scope="session")
def leader_signed(document, leader_signer, signature_image, policy) -> pades.SignedPdf:
    return signing.sign_as_leader(document, leader_signer, signature_image=signature_image, policy=policy)


@pytest.fixture(scope="session")
def sealed(leader_signed, org_signer, seal_image, policy, demo) -> pades.SignedPdf:
    return signing.seal_document(
        leader_signed.data, org_signer, seal_image=seal_image, policy=policy, trust_roots=demo.trust_roots
    )


@dataclass
class RenderedPage:
    """A page rendered at 72 dpi, so one pixel is one PDF point."""

    image: Image.Image

    def pixels_where(self, predicate) -> list[tuple[float, float]]:
        """PDF coordinates (origin bottom left) of the pixels matching ``predicate(r, g, b)``."""
        width, height = self.image.size
        data = self.image.get_flattened_data()
        return [
            (i % width + 0.5, height - i // width - 0.5)
            for i, (r, g, b) in enumerate(data)
            if predicate(r, g, b)
        ]


def render_page(pdf: bytes, page_index: int) -> RenderedPage:
    with tempfile.TemporaryDirectory() as directory:
        source, target = Path(directory) / "in.pdf", Path(directory) / "page"
        source.write_bytes(pdf)
        page = str(page_index + 1)
        subprocess.run(
            ["pdftoppm", "-r", "72", "-png", "-singlefile", "-f", page, "-l", page, str(source), str(target)],
            check=True,
            timeout=60,
        )
        with Image.open(target.with_suffix(".png")) as image:
            return RenderedPage(image.convert("RGB"))


def is_blue(r: int, g: int, b: int) -> bool:
    return b > 110 and b - r > 60 and b - g > 40


def is_red(r: int, g: int, b: int) -> bool:
    return r > 150 and r - g > 80 and r - b > 80


def is_dark(r: int, g: int, b: int) -> bool:
    return r < 110 and g < 110 and b < 110


def bbox(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def pdfsig(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "checked.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=60)
    return result.stdout + result.stderr


# --- The Django layer: the app serving the demo CA, a real HTTP timestamp authority, the cast ---

# PINs of server-held keys meet the PIN policy: 8 characters at least, not a run or a repeat.
LEADER_PIN, SEAL_PIN, DEPUTY_PIN = "13579135", "24680246", "11223344"
DEPUTY = "Trần Văn B"


@pytest.fixture(scope="session")
def tsa_url(demo):
    """The demo TSA over real HTTP, as `python -m signatures.tsa serve` runs it."""
    from signatures.pki import tsa

    server = tsa.make_server(demo.timestamp_authority(), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def leader_credential(demo):
    return demo.credential("nguyen-van-a")


@pytest.fixture(scope="session")
def seal_credential(demo):
    return demo.credential("btttt")


@pytest.fixture(scope="session")
def deputy_credential(demo):
    return pki.issue_person(demo.issuing, demo.urls, full_name=DEPUTY, organization=LEADER[1], title="Thứ trưởng")


@pytest.fixture
def app_pki(demo, tsa_url, settings, tmp_path, db):
    """The application configured with the demo CA (CRL/OCSP at its URLs), its root trusted."""
    from qlvb.demo.pki import hosted_pki_register

    settings.QLVB_PKI_DIR = str(demo.directory)
    settings.QLVB_PKI_BASE_URL = demo.urls.base_url
    settings.QLVB_TSA_URL = tsa_url
    settings.QLVB_SIGNING_POLICY_ALLOW_BB, settings.QLVB_INVALID_SIGNATURE_POLICY = False, "warn"
    settings.QLVB_SIGNING_LEVEL = "B-T"
    settings.MEDIA_ROOT = tmp_path / "media"
    hosted_pki_register(authority=demo)
    return demo


@dataclass
class Cast:
    organization: object
    leader: object
    deputy: object
    clerk: object
    specialist: object
    admin: object
    leader_key: object
    seal_key: object


@pytest.fixture
def cast(app_pki, leader_credential, seal_credential, signature_image, seal_image) -> Cast:
    """An organization with its leader (server-held key), a deputy, a clerk holding the seal key,
    a specialist, and an administrator."""
    from signatures.models import SignatureImage
    from signatures.services import server_key_store
    from tests.factories import make_org, make_user

    org = make_org(short=ORGANIZATION[1], name=ORGANIZATION[0])
    leader = make_user(org, ["leader"], full_name=LEADER[0], username="lanhdao")
    deputy = make_user(org, ["leader"], full_name=DEPUTY, username="pholanhdao")
    clerk = make_user(org, ["clerk"], full_name="Phạm Thị Hoa", username="vanthu")
    specialist = make_user(org, ["specialist"], full_name="Đỗ Quang Huy", username="chuyenvien")
    admin = make_user(org, ["admin"], full_name="Quản trị", username="quantri")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    leader_key = server_key_store(actor=None, credential=leader_credential, pin=LEADER_PIN, user=leader)
    seal_key = server_key_store(actor=None, credential=seal_credential, pin=SEAL_PIN, organization=org)
    SignatureImage.objects.create(kind=SignatureImage.Kind.SIGNATURE, user=leader, png=signature_image)
    SignatureImage.objects.create(kind=SignatureImage.Kind.SEAL, organization=org, png=seal_image)
    return Cast(org, leader, deputy, clerk, specialist, admin, leader_key, seal_key)


def store_file(document, data: bytes, name: str = "quyet-dinh.pdf", role: str = "main"):
    """A file version as the documents app stores an upload or a received attachment."""
    import hashlib

    from django.core.files.base import ContentFile

    from documents.models import DocumentFile

    stored = DocumentFile(
        document=document, role=role, name=name, content_type="application/pdf", size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    stored.file.save(name, ContentFile(data), save=False)
    stored.save()
    return stored


def read_file(document_file) -> bytes:
    with document_file.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def outgoing(cast):
    """An outgoing decision drafted by the specialist, its PDF naming the leader as signer, where the
    workflow leaves it for the leader's signature: approved and numbered (807/QĐ-BTTTT). The
    signing steps of documents.services.signing sign nothing else; the workflow's own tests
    (tests/documents/test_outgoing_*.py) take documents through review and numbering."""
    from tests.factories import make_document

    document = make_document(cast.organization, direction="out", created_by=cast.specialist,
                             subject="Về việc triển khai hệ thống quản lý văn bản điện tử")
    document.symbol, document.register_number, document.state = "807/QĐ-BTTTT", 807, "approved"
    document.save(update_fields=["symbol", "register_number", "state"])
    return store_file(document, nd30_document())


def mark_signed(document) -> None:
    """What outgoing_sign does after the leader's signature: the document waits for the seal."""
    document.state = "signed"
    document.save(update_fields=["state"])


def sign_and_seal(cast, document_file):
    """The leader's signature then the organization's seal on ``document_file``, as the workflow's
    sign and seal steps make them; returns the sealed version."""
    from documents.services.signing import file_seal, file_sign_as_leader

    leader = file_sign_as_leader(actor=cast.leader, document_file=document_file, pin=LEADER_PIN)
    mark_signed(document_file.document)
    return file_seal(actor=cast.clerk, document_file=leader.signed_file, pin=SEAL_PIN).signed_file


def client_fetch(client, base_url: str):
    """Fetch CRLs and OCSP answers through the app's /pki/ URLs with Django's test client."""

    def fetch(url: str, body: bytes | None = None) -> bytes:
        assert url.startswith(base_url + "/"), url
        path = "/pki" + url[len(base_url):]
        if body is None:
            response = client.get(path)
        else:
            response = client.post(path, body, content_type="application/ocsp-request")
        if response.status_code != 200:
            raise OSError(f"{path}: HTTP {response.status_code}")
        return response.content

    return fetch
