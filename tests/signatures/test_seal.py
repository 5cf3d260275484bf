"""The organization's seal: real size, over the left third of a valid leader's signature."""

import pytest
from reportlab.lib.units import mm

from signatures.errors import LeaderSignatureRequiredError
from signatures.pdf import signing, verify
from signatures.pki import issuing as pki
from signatures.pki import keys
from tests.signatures.conftest import bbox, is_blue, is_red, needs_poppler, pdfsig, render_page

pytestmark = needs_poppler


def _widgets(pdf, roots):
    return {r.field_name: r for r in verify.verify_pdf(pdf, trust_roots=roots)}


def test_seal_covers_the_left_third_of_the_signature_at_real_size(demo, sealed):
    reports = _widgets(sealed.data, demo.trust_roots)
    signature, seal = reports["leader-1"].widget, reports["organization-1"].widget
    assert seal.page == signature.page
    assert seal.width == pytest.approx(36 * mm, abs=0.1) and seal.height == pytest.approx(36 * mm, abs=0.1)
    covered = (seal.x + seal.width - signature.x) / signature.width
    assert covered == pytest.approx(1 / 3, abs=0.01)
    assert seal.x < signature.x  # the seal sticks out on the left
    assert abs((seal.y + seal.height / 2) - (signature.y + signature.height / 2)) < 1


def test_rendered_seal_is_red_and_overlaps_the_blue_signature_on_its_left(sealed):
    page = render_page(sealed.data, 1)
    red_left, red_bottom, red_right, red_top = bbox(page.pixels_where(is_red))
    blue_left, _, blue_right, _ = bbox(page.pixels_where(is_blue))
    assert red_right - red_left == pytest.approx(36 * mm, abs=4)
    assert red_top - red_bottom == pytest.approx(36 * mm, abs=4)
    overlap = (red_right - blue_left) / (blue_right - blue_left)
    assert 0.2 < overlap < 0.45
    assert red_left < blue_left


def test_both_signatures_stay_valid(demo, sealed, tmp_path):
    reports = verify.verify_pdf(sealed.data, trust_roots=demo.trust_roots, fetch=demo.fetch)
    assert [r.valid for r in reports] == [True, True], [r.summary for r in reports]
    leader, seal = reports
    assert not leader.covers_whole_file and leader.details["modification_level"] == "FORM_FILLING"
    assert seal.covers_whole_file and seal.signer == seal.organization == "Bộ Thông tin và Truyền thông"
    assert pdfsig(sealed.data, tmp_path).count("Signature Validation: Signature is Valid.") == 2


def test_seal_refused_on_an_unsigned_document(demo, document, org_signer, seal_image, policy):
    with pytest.raises(LeaderSignatureRequiredError) as caught:
        signing.seal_document(
            document, org_signer, seal_image=seal_image, policy=policy, trust_roots=demo.trust_roots
        )
    assert "chưa có chữ ký số hợp lệ" in caught.value.user_message


def test_seal_refused_when_the_leader_certificate_is_not_trusted(
    demo, document, org_signer, seal_image, signature_image, policy
):
    stranger = keys.signer_from_credential(
        pki.create_untrusted_person(full_name="Nguyễn Văn A", organization="Bộ Thông tin và Truyền thông")
    )
    signed = signing.sign_as_leader(document, stranger, signature_image=signature_image, policy=policy)
    with pytest.raises(LeaderSignatureRequiredError) as caught:
        signing.seal_document(
            signed.data, org_signer, seal_image=seal_image, policy=policy, trust_roots=demo.trust_roots
        )
    assert "không do tổ chức chứng thực tin cậy cấp" in caught.value.user_message


def test_seal_refused_when_the_leader_signature_was_tampered(
    demo, leader_signed, org_signer, seal_image, policy
):
    data = bytearray(leader_signed.data)
    data[leader_signed.data.index(b"ReportLab PDF Library")] = ord("r")  # inside the signed range
    with pytest.raises(LeaderSignatureRequiredError) as caught:
        signing.seal_document(
            bytes(data), org_signer, seal_image=seal_image, policy=policy, trust_roots=demo.trust_roots
        )
    assert "nội dung đã ký bị thay đổi" in caught.value.user_message


def test_the_seal_rule_names_the_organization_of_the_key_and_of_the_leader(demo, leader_signed):
    """signatures.services.signing.seal_organization_check, shared by the app and sign_pdf --seal:
    the same organization however its name is encoded; another one, or a person's key, refused."""
    import unicodedata

    from signatures.errors import SignatureError, SignatureServiceError
    from signatures.services.signing import seal_organization_check

    (leader,) = verify.verify_pdf(leader_signed.data, trust_roots=demo.trust_roots)
    own_seal = demo.credential("btttt").cert
    seal_organization_check(leader=leader, seal_certificate=own_seal)
    leader.organization = unicodedata.normalize("NFD", leader.organization.upper())
    seal_organization_check(leader=leader, seal_certificate=own_seal)

    other = pki.issue_organization(demo.issuing, demo.urls, name="Bộ Y tế").cert
    person = demo.credential("nguyen-van-a").cert
    for seal_certificate, code in ((other, SignatureError.SEAL_ORGANIZATION_MISMATCH),
                                   (person, SignatureError.SEAL_KEY_NOT_AN_ORGANIZATION)):
        with pytest.raises(SignatureServiceError) as caught:
            seal_organization_check(leader=leader, seal_certificate=seal_certificate)
        assert caught.value.code == code
