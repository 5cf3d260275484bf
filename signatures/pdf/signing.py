"""The three signatures of Nghị định 30: the leader's, the organization's seal, and the
organization's signature on attachments and copies.

Each function decides what the signature looks like and where it goes, then
hands over to :func:`signatures.pdf.pades.sign_pdf` (server-held and token keys)
or returns the :class:`signatures.pdf.pades.Appearance` for the two-phase
external flow (:mod:`signatures.pdf.external`).
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from cryptography import x509
from cryptography.x509.oid import NameOID
from pyhanko.sign import signers

from signatures.clock import iso_vietnam, now_utc
from signatures.pdf import appearance as looks
from signatures.pdf.appearance import Placement
from signatures.pdf.pades import Appearance, SignedPdf, SigningPolicy, open_writer, sign_pdf
from signatures.pdf.report import SignatureReport
from signatures.pdf.signing_block import locate_signing_block
from signatures.pdf.verify import verify_pdf
from signatures.pki.errors import LeaderSignatureRequiredError
from signatures.pki.issuing import subject_field
from signatures.pki.revinfo import Fetch

LEADER_PREFIX = "leader"
SEAL_PREFIX = "organization"
STAMP_PREFIX = "organization-stamp"


def _page_count(pdf: bytes) -> int:
    return int(open_writer(pdf).prev.root["/Pages"]["/Count"])


def leader_appearance(
    pdf: bytes,
    signature_image: bytes,
    *,
    signer_name: str,
    title: str | None = None,
    placement: Placement | None = None,
) -> Appearance:
    """The signature image between the title line and ``signer_name``, or at ``placement``."""
    if placement is None:
        block = locate_signing_block(pdf, _page_count(pdf), signer_name, title)
        placement = looks.signature_placement(block, looks.image_size(signature_image))
    return Appearance(placement, looks.image_style(signature_image))


def sign_as_leader(
    pdf: bytes,
    signer: signers.Signer,
    *,
    signature_image: bytes,
    policy: SigningPolicy,
    signer_name: str | None = None,
    title: str | None = None,
    placement: Placement | None = None,
) -> SignedPdf:
    """The leader's signature; the name to look for defaults to the certificate's CN."""
    name = signer_name or _common_name(signer)
    look = leader_appearance(pdf, signature_image, signer_name=name, title=title, placement=placement)
    return sign_pdf(pdf, signer, policy=policy, appearance=look, field_prefix=LEADER_PREFIX)


def _common_name(signer: signers.Signer) -> str:
    cert = x509.load_der_x509_certificate(signer.signing_cert.dump())
    return subject_field(cert, NameOID.COMMON_NAME) or ""


def valid_leader_signature(
    pdf: bytes, *, trust_roots: Iterable[x509.Certificate], fetch: Fetch | None = None
) -> SignatureReport:
    """The leader's signature the seal goes over: present, intact and trusted, or an error."""
    visible = [r for r in verify_pdf(pdf, trust_roots=trust_roots, fetch=fetch) if r.widget is not None]
    # Ours are named leader-N; a leader's signature made by other software is
    # recognised by a personal certificate (the organization's has CN = O).
    leaders = [r for r in visible if r.field_name.startswith(LEADER_PREFIX + "-")] or [
        r for r in visible if r.signer != r.organization
    ]
    if not leaders:
        raise LeaderSignatureRequiredError("document has no visible leader's signature")
    leader = leaders[-1]
    if not leader.valid:
        raise LeaderSignatureRequiredError(
            f"leader's signature is not valid: {', '.join(leader.problems)}",
            code="leader_signature_invalid", summary=leader.summary,
        )
    return leader


def seal_appearance(
    leader: SignatureReport, seal_image: bytes, *, diameter_mm: float = looks.SEAL_DIAMETER_MM
) -> Appearance:
    assert leader.widget is not None
    return Appearance(looks.seal_placement(leader.widget, diameter_mm), looks.image_style(seal_image))


def seal_document(
    pdf: bytes,
    signer: signers.Signer,
    *,
    seal_image: bytes,
    policy: SigningPolicy,
    trust_roots: Iterable[x509.Certificate],
    fetch: Fetch | None = None,
    diameter_mm: float = looks.SEAL_DIAMETER_MM,
    leader_check: Callable[[SignatureReport], None] | None = None,
) -> SignedPdf:
    """The organization's signature by the clerk: the seal over the left third of the leader's signature.

    Refused with :class:`LeaderSignatureRequiredError` unless the document
    carries a valid leader's signature chaining to ``trust_roots``; ``leader_check``
    then judges that signature (whose organization it is) and raises to refuse the seal.
    """
    leader = valid_leader_signature(pdf, trust_roots=trust_roots, fetch=fetch)
    if leader_check is not None:
        leader_check(leader)
    look = seal_appearance(leader, seal_image, diameter_mm=diameter_mm)
    return sign_pdf(pdf, signer, policy=policy, appearance=look, field_prefix=SEAL_PREFIX)


def stamp_appearance(pdf: bytes, text: str) -> Appearance:
    """One line of text at the top right of the first page."""
    page = open_writer(pdf).prev.find_page_for_modification(0)[0].get_object()
    x0, y0, x1, y1 = (float(v) for v in page["/MediaBox"])
    size = looks.text_stamp_size(text)
    placement = looks.top_right_placement((x1 - x0, y1 - y0), size)
    placement = Placement(0, placement.x + x0, placement.y + y0, placement.width, placement.height)
    return Appearance(placement, looks.text_style(text, size))


def attachment_stamp_text(document_number: str, signing_time: datetime) -> str:
    """``807/VPCP-KSTT; 2021-02-01T14:32:05+07:00``."""
    return f"{document_number}; {iso_vietnam(signing_time)}"


def copy_stamp_text(copy_form: str, organization: str, signing_time: datetime) -> str:
    """``SAO Y; Văn phòng Chính phủ; 2021-02-01T14:32:05+07:00``."""
    return f"{copy_form}; {organization}; {iso_vietnam(signing_time)}"


def _sign_with_stamp(
    pdf: bytes, signer: signers.Signer, text: str, when: datetime, policy: SigningPolicy
) -> SignedPdf:
    look = stamp_appearance(pdf, text)
    return sign_pdf(pdf, signer, policy=policy, appearance=look, field_prefix=STAMP_PREFIX, signing_time=when)


def seal_attachment(
    pdf: bytes, signer: signers.Signer, *, document_number: str, policy: SigningPolicy
) -> SignedPdf:
    """The organization's signature on an attachment in its own file: no image, number and time top right."""
    when = now_utc()
    return _sign_with_stamp(pdf, signer, attachment_stamp_text(document_number, when), when, policy)


def seal_copy(
    pdf: bytes, signer: signers.Signer, *, copy_form: str, organization: str, policy: SigningPolicy
) -> SignedPdf:
    """The organization's signature on an electronic copy: copy form, copying organization and time."""
    when = now_utc()
    return _sign_with_stamp(pdf, signer, copy_stamp_text(copy_form, organization, when), when, policy)
