"""The audit log's external anchor: the TSA (RFC 3161) timestamps the chain's head MAC.

The audit chain (qlvb.services.audit) is keyed, but whoever holds the key and the database could
still rewrite it from some row on, or cut its tail. A timestamp token over the head MAC, signed by
the TSA and kept with the log, is a witness they cannot make again: `audit_anchor_create` asks the
deployment's TSA (QLVB_TSA_URL, the one signing uses) for it on the beat's schedule, and
`anchor_token_verify` checks a token's signature against the trust store and its message imprint
against the stored head MAC. qlvb cannot import this app, so SignaturesConfig.ready() registers
`anchor_token_verify` with qlvb.services.audit.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging

from asn1crypto import cms, tsp
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.validation.generic_cms import validate_tst_signed_data

from qlvb.models import AuditAnchor
from qlvb.services import audit
from signatures import conf
from signatures.pki.revinfo import validation_context
from signatures.pki.tsa import http_timestamper
from signatures.selectors.certificates import intermediate_list, trust_anchor_list

log = logging.getLogger(__name__)


def audit_anchor_create(*, timestamper: TimeStamper | None = None, tsa_url: str | None = None) -> AuditAnchor | None:
    """Timestamp the current head MAC and keep the token; None when nothing was written since the
    last anchor. Raises (IOError, TimestampRequestError…) when the TSA does not answer a token."""
    if not audit.anchor_due():
        return None
    head_seq, head_mac = audit.audit_head()
    url = tsa_url or conf.tsa_url()
    stamper = timestamper or http_timestamper(url, timeout=conf.tsa_timeout())
    token: cms.ContentInfo = asyncio.run(stamper.async_timestamp(audit.anchor_imprint(head_mac), "sha256"))
    tst_info = token["content"]["encap_content_info"]["content"].parsed
    anchor = audit.anchor_store(head_seq=head_seq, head_mac=head_mac, token=token.dump(),
                                tsa_time=tst_info["gen_time"].native, tsa_url=url if timestamper is None else "")
    log.info("audit head row %s anchored by the TSA at %s", head_seq, anchor.tsa_time)
    return anchor


def anchor_token_verify(anchor: AuditAnchor) -> audit.TokenCheck:
    """Whether the anchor's token is a TSA timestamp of its head MAC, signed by a TSA certificate that
    chains to a trusted root (validated at the token's own time)."""
    try:
        token = cms.ContentInfo.load(bytes(anchor.token))
        signed_data = token["content"]
        tst_info = signed_data["encap_content_info"]["content"].parsed
        if not isinstance(tst_info, tsp.TSTInfo):
            return audit.TokenCheck(False, "the token holds no TSTInfo")
        gen_time = tst_info["gen_time"].native
        mac = bytes.fromhex(anchor.head_mac)

        def expected(algorithm: str) -> bytes:
            return hashlib.new(algorithm, mac).digest()

        context = validation_context(trust_anchor_list(), other_certs=intermediate_list(), moment=gen_time)
        status = asyncio.run(validate_tst_signed_data(signed_data, context, expected))
    except Exception as exc:  # a token that cannot even be read is a failed anchor, said so
        return audit.TokenCheck(False, f"the token cannot be read or checked: {exc}")
    if not status.get("intact"):
        return audit.TokenCheck(False, "the token's message imprint is not the stored head MAC, or it was altered",
                                gen_time)
    if not status.get("valid"):
        return audit.TokenCheck(False, "the token's signature does not verify", gen_time)
    if status.get("trust_problem_indic") is not None:
        return audit.TokenCheck(False, "the token's TSA certificate does not chain to a trusted root", gen_time)
    return audit.TokenCheck(True, "the TSA's token verifies", gen_time)
