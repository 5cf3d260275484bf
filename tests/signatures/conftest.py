"""Shared fixtures: one demo PKI per test session, signers, and helpers to look at rendered pages."""

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from signatures import demo_pki, keys, pades, signing
from signatures.testing import SampleDocument, nd30_document

LEADER = ("Nguyễn Văn A", "Bộ Thông tin và Truyền thông", "Thứ trưởng")
ORGANIZATION = ("Bộ Thông tin và Truyền thông", "BTTTT")

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdfsig") and shutil.which("pdftotext")),
    reason="poppler-utils (pdftoppm, pdfsig, pdftotext) not installed",
)


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
