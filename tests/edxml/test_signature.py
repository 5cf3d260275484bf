"""Envelope signatures: we sign properly, and tell valid, tampered, placeholder and absent apart."""

from __future__ import annotations

import base64
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree
from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod, XMLSigner

from interchange.edxml import (
    Attachment,
    SignatureStatus,
    StatusMessage,
    build,
    parse,
    sign,
    verify_signature,
)
from interchange.edxml.namespaces import EDXML_NS, XMLDSIG_NS

from . import messages
from .conftest import MALFORMED, VNPT_BUILT, SigningMaterial, fixture_files, fixture_id, make_signing_material

DS = {"ds": XMLDSIG_NS, "e": EDXML_NS}
SAMPLES = [path for path in fixture_files() if fixture_id(path) not in MALFORMED]
SIGNED_SAMPLES = [path for path in SAMPLES if b"Signature" in path.read_bytes()]
STATUS_SAMPLES = [path for path in SAMPLES if b"StatusCode" in path.read_bytes()]


class LegacySigner(XMLSigner):
    """Signs with rsa-sha1 like the samples' senders; signxml refuses SHA-1 unless told otherwise."""

    def check_deprecated_methods(self) -> None:
        pass


@pytest.fixture(scope="module")
def signed(signing_material: SigningMaterial) -> bytes:
    return build(messages.edoc(), signing_key=signing_material.key_pem, cert=signing_material.cert_pem)


def test_a_signed_package_verifies(signed: bytes, signing_material: SigningMaterial) -> None:
    check = verify_signature(signed)

    assert check.status is SignatureStatus.VALID
    assert check.certificate == signing_material.cert
    assert signed.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\r\n<edXML ')
    assert "Văn thư Văn phòng Chính phủ" in check.signer


def test_the_signature_is_rsa_sha256_exclusive_c14n_enveloped_in_the_header(signed: bytes) -> None:
    root = etree.fromstring(signed)
    [signature] = root.findall("e:edXMLEnvelope/e:edXMLHeader/ds:Signature", DS)

    assert (
        signature.find("ds:SignedInfo/ds:SignatureMethod", DS).get("Algorithm")
        == SignatureMethod.RSA_SHA256.value
    )
    assert signature.find("ds:SignedInfo/ds:CanonicalizationMethod", DS).get("Algorithm") == (
        CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0.value
    )
    [reference] = signature.findall("ds:SignedInfo/ds:Reference", DS)
    assert reference.get("URI") == ""
    assert XMLDSIG_NS + "enveloped-signature" in [
        t.get("Algorithm") for t in reference.iterfind("ds:Transforms/ds:Transform", DS)
    ]
    # It sits after the TraceHeaderList, where the standard puts it.
    header = root.find("e:edXMLEnvelope/e:edXMLHeader", DS)
    assert [etree.QName(child).localname for child in header] == [
        "MessageHeader",
        "TraceHeaderList",
        "Signature",
    ]


def test_changing_the_subject_breaks_the_signature(signed: bytes) -> None:
    tampered = signed.replace("V/v triển khai".encode(), "V/v hủy bỏ".encode())
    assert tampered != signed

    check = verify_signature(tampered)

    assert check.status is SignatureStatus.INVALID
    assert "does not match" in check.reason


def test_changing_an_attachment_breaks_the_signature(signed: bytes) -> None:
    encoded = base64.b64encode(messages.PDF)
    tampered = signed.replace(encoded, base64.b64encode(messages.PDF.replace(b"%%EOF", b"%%EOX")))
    assert tampered != signed

    assert verify_signature(tampered).status is SignatureStatus.INVALID


def test_a_signature_by_another_key_is_invalid(signed: bytes) -> None:
    intruder = make_signing_material("Kẻ giả mạo")
    root = etree.fromstring(signed)
    cert = root.find(".//ds:X509Certificate", DS)
    cert.text = base64.b64encode(intruder.cert.public_bytes(Encoding.DER)).decode()

    assert verify_signature(etree.tostring(root)).status is SignatureStatus.INVALID


def test_signed_output_still_parses_with_our_lenient_parser(signed: bytes) -> None:
    received = parse(signed)

    assert replace(received, signature=None) == replace(messages.edoc(), signature=None)
    assert received.signature.namespace == XMLDSIG_NS


def test_signing_replaces_a_placeholder_signature(signing_material: SigningMaterial) -> None:
    sample = (VNPT_BUILT / "edoc_new.edxml").read_bytes()
    assert verify_signature(sample).status is SignatureStatus.PLACEHOLDER

    resigned = sign(sample, signing_material.key_pem, signing_material.cert_pem)

    assert verify_signature(resigned).status is SignatureStatus.VALID
    assert (
        len([el for el in etree.fromstring(resigned).iter() if etree.QName(el).localname == "Signature"]) == 1
    )


def test_a_large_package_can_be_signed_and_verified(signing_material: SigningMaterial) -> None:
    payload = b"%PDF-1.4\n" + bytes(range(256)) * (11 * 4096)  # Base64 over libxml2's 10 MB text limit
    message = messages.edoc(attachments=(Attachment(name="lớn.pdf", data=payload, content_id="big"),))

    data = build(message, signing_key=signing_material.key_pem, cert=signing_material.cert_pem)

    assert verify_signature(data).status is SignatureStatus.VALID
    assert parse(data).attachments[0].data == payload


@pytest.mark.parametrize(
    "c14n",
    [CanonicalizationMethod.CANONICAL_XML_1_0, CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0],
    ids=["c14n-20010315", "exc-c14n"],
)
def test_rsa_sha1_signatures_as_in_the_samples_are_verified(c14n, signing_material: SigningMaterial) -> None:
    root = etree.fromstring(build(messages.edoc()))
    header = root.find("e:edXMLEnvelope/e:edXMLHeader", DS)
    header.append(etree.Element(f"{{{XMLDSIG_NS}}}Signature", Id="placeholder", nsmap={"ds": XMLDSIG_NS}))
    signer = LegacySigner(
        signature_algorithm=SignatureMethod.RSA_SHA1,
        digest_algorithm=DigestAlgorithm.SHA1,
        c14n_algorithm=c14n,
    )
    signed = etree.tostring(signer.sign(root, key=signing_material.key_pem, cert=signing_material.cert_pem))

    check = verify_signature(signed)

    assert check.status is SignatureStatus.VALID
    assert check.signature_method == SignatureMethod.RSA_SHA1.value


@pytest.mark.parametrize("path", SIGNED_SAMPLES, ids=fixture_id)
def test_the_samples_signatures_are_placeholders(path: Path) -> None:
    assert verify_signature(path.read_bytes()).status is SignatureStatus.PLACEHOLDER


@pytest.mark.parametrize("path", STATUS_SAMPLES, ids=fixture_id)
def test_status_samples_have_no_signature(path: Path) -> None:
    assert isinstance(parse(path.read_bytes()), StatusMessage)
    assert verify_signature(path.read_bytes()).status is SignatureStatus.ABSENT


def test_our_status_messages_have_no_signature() -> None:
    assert verify_signature(build(messages.status())).status is SignatureStatus.ABSENT


def test_a_real_signature_with_a_truncated_certificate_is_a_placeholder(signed: bytes) -> None:
    root = etree.fromstring(signed)
    cert = root.find(".//ds:X509Certificate", DS)
    cert.text = "MIIFqTCCBJG"

    check = verify_signature(etree.tostring(root))

    assert check.status is SignatureStatus.PLACEHOLDER
    assert "certificate" in check.reason


def test_a_known_sample_digest_is_a_placeholder(signed: bytes) -> None:
    root = etree.fromstring(signed)
    root.find(".//ds:DigestValue", DS).text = "FwgIqsSYJshUS2+wlOM61L+q7Aw="

    assert verify_signature(etree.tostring(root)).status is SignatureStatus.PLACEHOLDER


def test_a_signature_over_part_of_the_package_is_invalid(signed: bytes) -> None:
    root = etree.fromstring(signed)
    root.find(".//ds:Reference", DS).set("URI", "#header")

    check = verify_signature(etree.tostring(root))

    assert check.status is SignatureStatus.INVALID
    assert "whole package" in check.reason
