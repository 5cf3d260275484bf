"""RFC 3161 timestamps: a local timestamp authority and the client used when signing.

``TimestampAuthority.respond`` turns a DER TimeStampReq into a DER
TimeStampResp; :func:`make_server` serves it over HTTP. ``python -m signatures.tsa serve
--port 8200 --dir PKI_DIR`` (:mod:`signatures.tsa`) runs that server for the development stack,
with the TSA key of the hosted CA (:mod:`signatures.pki.hosted`).
"""

import logging
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import cms, core, tsp
from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.sign.general import as_signing_certificate, simple_cms_attribute
from pyhanko.sign.timestamps import DummyTimeStamper, HTTPTimeStamper, TimeStamper
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from signatures.pki.issuing import Credential, to_asn1

log = logging.getLogger(__name__)

TSA_CONTENT_TYPE = "application/timestamp-reply"


class _LoadedKeyStamper(DummyTimeStamper):
    """DummyTimeStamper signing with the already loaded key.

    The parent re-parses the private key for every token, which costs more
    than everything else a token needs; this keeps the parent's token layout.
    """

    def __init__(self, *args, loaded_key: rsa.RSAPrivateKey, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded_key = loaded_key

    def _sign_tst_info(self, tst_info_data: bytes, md_algorithm: str, dt: datetime):
        digest = hashes.Hash(get_pyca_cryptography_hash(md_algorithm))
        digest.update(tst_info_data)
        signed_attrs = cms.CMSAttributes(
            [
                simple_cms_attribute("content_type", "tst_info"),
                simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
                simple_cms_attribute("signing_certificate", as_signing_certificate(self.tsa_cert)),
                simple_cms_attribute("message_digest", digest.finalize()),
            ]
        )
        signature = self._loaded_key.sign(
            signed_attrs.dump(), padding.PKCS1v15(), get_pyca_cryptography_hash(md_algorithm)
        )
        return signature, signed_attrs


class TimestampAuthority:
    """Signs timestamp tokens with the TSA credential (RSA, EKU timeStamping)."""

    def __init__(self, credential: Credential, *, fixed_time: datetime | None = None):
        key_der = credential.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        self._stamper = _LoadedKeyStamper(
            tsa_cert=to_asn1(credential.cert),
            tsa_key=asn1_keys.PrivateKeyInfo.load(key_der),
            certs_to_embed=[to_asn1(c) for c in credential.chain],
            fixed_dt=fixed_time,
            loaded_key=credential.key,
        )

    def respond_to(self, request: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return self._stamper.request_tsa_response(request)

    def respond(self, request_der: bytes) -> bytes:
        """Answer a DER TimeStampReq; malformed input gets a ``rejection`` response."""
        try:
            request = tsp.TimeStampReq.load(request_der)
            request.native  # noqa: B018 - parse fully so errors surface here
            return self.respond_to(request).dump()
        except (ValueError, TypeError, KeyError) as exc:
            log.info("rejecting malformed timestamp request: %s", exc)
            return rejection(("bad_data_format",))

    def timestamper(self) -> TimeStamper:
        """An in-process client, for tests and for signing on the TSA's own host."""
        return LocalTimeStamper(self)


def rejection(reasons: tuple[str, ...]) -> bytes:
    """A TimeStampResp carrying only a ``rejection`` status (no token)."""
    status = tsp.PKIStatusInfo({"status": "rejection", "fail_info": tsp.PKIFailureInfo(set(reasons))}).dump()
    # asn1crypto insists on a token, which RFC 3161 leaves out of rejections,
    # so the outer SEQUENCE is written by hand (the status is far below 128 bytes).
    return b"\x30" + bytes([len(status)]) + status


class LocalTimeStamper(TimeStamper):
    """A pyHanko timestamp client that calls a :class:`TimestampAuthority` directly."""

    def __init__(self, authority: TimestampAuthority):
        super().__init__()
        self.authority = authority

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return self.authority.respond_to(req)


def http_timestamper(url: str, *, timeout: float = 10) -> TimeStamper:
    """The RFC 3161 HTTP client for a TSA at ``url``."""
    return HTTPTimeStamper(url, timeout=timeout)


def make_handler(authority: TimestampAuthority) -> type[BaseHTTPRequestHandler]:
    """An HTTP handler answering POSTed timestamp requests on any path."""

    class TimestampHandler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server naming
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 < length <= 64 * 1024:
                self.send_error(400, "timestamp request missing or too large")
                return
            body = authority.respond(self.rfile.read(length))
            self.send_response(200)
            self.send_header("Content-Type", TSA_CONTENT_TYPE)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature fixed by http.server
            log.info("%s " + format, self.address_string(), *args)

    return TimestampHandler


def make_server(
    authority: TimestampAuthority, host: str = "127.0.0.1", port: int = 8200
) -> ThreadingHTTPServer:
    """A threaded HTTP server for ``authority``; port 0 picks a free port."""
    return ThreadingHTTPServer((host, port), make_handler(authority))
