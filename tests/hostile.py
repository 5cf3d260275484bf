"""Attack material for the issue 13 tests: a listener on 127.0.0.1 that counts the requests it gets,
PDFs signed under certificates that point their CRL/OCSP URLs at it, and a DOCX that links an
external image to it."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import AuthorityInformationAccessOID

from signatures.clock import now_utc
from signatures.pdf import pades
from signatures.pdf.samples import nd30_document
from signatures.pki import issuing, keys
from signatures.pki.tsa import TimestampAuthority


class CountingListener:
    """An HTTP server on 127.0.0.1 (a thread) that records every request; ``delay`` seconds before
    each answer make it a slow server. Use as a context manager."""

    def __init__(self, *, delay: float = 0.0, status: int = 404, host: str = "127.0.0.1"):
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                with listener._lock:
                    listener.requests.append((self.command, self.path))
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the client gave up waiting

            do_GET = do_POST = do_HEAD = _answer  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.host, self.port = host, self.server.server_address[1]
        self.base_url = f"http://{host}:{self.port}"

    def __enter__(self) -> CountingListener:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)


def hostile_hierarchy(base_url: str) -> tuple[issuing.Credential, issuing.Credential]:
    """A self-made root and intermediate nobody trusts, a signer under them and a TSA under them,
    every revocation pointer (CRL, OCSP, CA issuers) aiming at ``base_url``: (signer, tsa)."""
    urls = issuing.PkiUrls(f"{base_url}/pki")
    root = issuing.create_root_ca("Tổ chức chứng thực giả mạo", slug="root")
    intermediate = issuing.create_issuing_ca(root, urls, "CA trung gian giả mạo")
    signer = issuing.issue_person(intermediate, urls, full_name="Kẻ Giả Mạo", organization="Cơ quan lạ")
    tsa = issuing.issue_tsa(intermediate, urls)
    return signer, tsa


def signed_pdf(signer: issuing.Credential, tsa: issuing.Credential | None = None) -> bytes:
    """An ND30 sample signed by ``signer`` (timestamped by ``tsa`` when given)."""
    if tsa is None:
        policy = pades.SigningPolicy(level=pades.Level.B_B, allow_without_timestamp=True)
    else:
        policy = pades.SigningPolicy(timestamper=TimestampAuthority(tsa).timestamper())
    return pades.sign_pdf(nd30_document(), keys.signer_from_credential(signer), policy=policy).data


def hostile_pdf(base_url: str) -> bytes:
    """A PDF signed and timestamped under an untrusted CA whose certificates point at ``base_url``."""
    signer, tsa = hostile_hierarchy(base_url)
    return signed_pdf(signer, tsa)


def signer_with_many_urls(issuer: issuing.Credential, urls: list[str]) -> issuing.Credential:
    """A signing certificate from ``issuer`` that lists every URL of ``urls`` both as a CRL
    distribution point and as an OCSP responder."""
    key = issuing.new_key()
    start = now_utc() - timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder()
        .subject_name(issuing.person_name("Người Ký Nhiều Địa Chỉ", "Cơ quan thử"))
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=30))
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False),
            critical=True,
        )
        .add_extension(
            x509.CRLDistributionPoints([
                x509.DistributionPoint(full_name=[x509.UniformResourceIdentifier(u)], relative_name=None,
                                       reasons=None, crl_issuer=None)
                for u in urls
            ]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityInformationAccess([
                x509.AccessDescription(AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(u))
                for u in urls
            ]),
            critical=False,
        )
        .sign(issuer.key, hashes.SHA256())
    )
    return issuing.Credential(key=key, cert=cert, chain=(issuer.cert, *issuer.chain))


def docx_with_external_image(image_url: str) -> bytes:
    """A minimal Word document whose only picture is linked (TargetMode="External") to ``image_url``
    instead of embedded: a word processor that loads it fetches the URL."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    document_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdImg" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        f'Target="{image_url}" TargetMode="External"/></Relationships>'
    )
    emu = 914400
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>'
        "<w:p><w:r><w:t>Văn bản có hình ảnh liên kết ngoài.</w:t></w:r></w:p>"
        "<w:p><w:r><w:drawing>"
        f'<wp:inline><wp:extent cx="{emu}" cy="{emu}"/><wp:docPr id="1" name="Hinh 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="hinh.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:link="rIdImg"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{emu}" cy="{emu}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline>"
        "</w:drawing></w:r></w:p>"
        "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr("_rels/.rels", root_rels)
        package.writestr("word/_rels/document.xml.rels", document_rels)
        package.writestr("word/document.xml", document)
    return buffer.getvalue()
