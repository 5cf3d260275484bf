"""Strict validation reports every broken rule at once, each with its element path."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from interchange.edxml import (
    Business,
    BusinessDocType,
    BusinessDocumentInfo,
    Code,
    DocumentType,
    Organization,
    OtherInfo,
    PromulgationInfo,
    Receiver,
    ReplacementInfo,
    build,
    validate,
)

from . import messages
from .conftest import FIXTURES

MH = "edXMLEnvelope/edXMLHeader/MessageHeader"
BUSINESS = "edXMLEnvelope/edXMLHeader/TraceHeaderList/Bussiness"
TODAY = date(2021, 2, 10)


def paths(violations) -> set[str]:
    return {v.path for v in violations}


def test_a_correct_message_has_no_violations() -> None:
    assert validate(messages.edoc(), today=TODAY) == []
    assert validate(messages.status(), today=TODAY) == []


def test_all_violations_are_reported_together_with_their_paths() -> None:
    message = messages.edoc(
        sender=replace(
            messages.SENDER,
            organ_name="C" * 201,
            organization_in_charge="O" * 501,
            email="x" * 96 + "@a.vn",
            telephone="0" * 21,
        ),
        recipients=(
            messages.NGHE_AN,
            Organization(organ_id="H41", organ_name="Sai mã", fax="1" * 21),
            replace(messages.NGHE_AN, email="không phải email"),
        ),
        code=Code(number="123456789012", notation="N" * 31),
        promulgation=PromulgationInfo(date=date(2021, 2, 11), place="P" * 51),
        document_type=DocumentType(type_code=1, type_name="T" * 101),
        subject="S" * 501,
        content="C" * 501,
        to_places=("Như trên", "N" * 151),
        other_info=OtherInfo(
            priority=5, sphere_of_promulgation="S" * 101, typer_notation="TVC-1234567", page_amount=-1
        ),
    )

    violations = validate(message, today=TODAY)

    assert paths(violations) == {
        f"{MH}/From/OrganName",
        f"{MH}/From/OrganizationInCharge",
        f"{MH}/From/Email",
        f"{MH}/From/Telephone",
        f"{MH}/To[2]/OrganId",
        f"{MH}/To[2]/Fax",
        f"{MH}/To[3]/Email",
        f"{MH}/To[3]/OrganId",
        f"{MH}/Code/CodeNumber",
        f"{MH}/Code/CodeNotation",
        f"{MH}/PromulgationInfo/Place",
        f"{MH}/PromulgationInfo/PromulgationDate",
        f"{MH}/DocumentType/TypeName",
        f"{MH}/Subject",
        f"{MH}/Content",
        f"{MH}/ToPlaces/Place[2]",
        f"{MH}/OtherInfo/Priority",
        f"{MH}/OtherInfo/SphereOfPromulgation",
        f"{MH}/OtherInfo/TyperNotation",
        f"{MH}/OtherInfo/PageAmount",
    }
    by_path = {v.path: v.message for v in violations}
    assert by_path[f"{MH}/To[3]/OrganId"] == "'000.00.00.H41' appears more than once among the recipients"
    assert by_path[f"{MH}/Subject"] == "is 501 characters long; at most 500 allowed"
    assert by_path[f"{MH}/PromulgationInfo/PromulgationDate"] == "2021/02/11 is in the future"
    assert str(violations[0]).startswith("edXMLEnvelope/edXMLHeader/MessageHeader/")


@pytest.mark.parametrize(
    "field, limit",
    [("number", 11), ("notation", 30)],
)
def test_code_lengths_are_inclusive_limits(field: str, limit: int) -> None:
    at_limit = messages.edoc(code=replace(messages.edoc().code, **{field: "9" * limit}))
    over = messages.edoc(code=replace(messages.edoc().code, **{field: "9" * (limit + 1)}))

    assert validate(at_limit, today=TODAY) == []
    assert len(validate(over, today=TODAY)) == 1


@pytest.mark.parametrize("organ_id", ["000.00.00.G22", "000.00.11.H53", "001.02.03.A01"])
def test_well_formed_organ_ids_pass(organ_id: str) -> None:
    message = messages.edoc(recipients=(Organization(organ_id=organ_id, organ_name="x"),))

    assert validate(message, today=TODAY) == []


@pytest.mark.parametrize(
    "organ_id", ["vxp.saas.03", "000.00.00.g22", "00.00.00.G22", "000.00.00.G2", "000.00.00.G222", ""]
)
def test_malformed_organ_ids_fail(organ_id: str) -> None:
    message = messages.edoc(recipients=(Organization(organ_id=organ_id, organ_name="x"),))

    assert paths(validate(message, today=TODAY)) == {f"{MH}/To[1]/OrganId"}


def test_required_fields() -> None:
    message = messages.edoc(
        recipients=(),
        code=Code(number=None, notation=""),
        promulgation=PromulgationInfo(date=None),
        document_type=DocumentType(type_code=None, type_name=None),
        subject="  ",
        trace_headers=(),
        business=None,
    )

    assert paths(validate(message, today=TODAY)) == {
        f"{MH}/To",
        f"{MH}/Code/CodeNumber",
        f"{MH}/Code/CodeNotation",
        f"{MH}/PromulgationInfo/PromulgationDate",
        f"{MH}/DocumentType/Type",
        f"{MH}/DocumentType/TypeName",
        f"{MH}/Subject",
        "edXMLEnvelope/edXMLHeader/TraceHeaderList/TraceHeader",
        BUSINESS,
    }


def test_update_needs_a_target_and_a_receiver_list() -> None:
    message = messages.edoc(business=Business.standard(BusinessDocType.UPDATE))

    assert paths(validate(message, today=TODAY)) == {
        f"{BUSINESS}/DocumentId",
        f"{BUSINESS}/BussinessDocumentInfo/ReceiverList",
    }


def test_a_complete_update_passes() -> None:
    business = Business.standard(
        BusinessDocType.UPDATE,
        document_id="000.00.00.G22,2021/02/01,807/VPCP-KSTT",
        document_info=BusinessDocumentInfo(
            document_info=0,
            document_receiver=1,
            receivers=(Receiver(organ_id="000.00.00.H05", receiver_type=1),),
        ),
    )

    assert validate(messages.edoc(business=business), today=TODAY) == []


def test_replace_needs_a_target_and_the_replaced_documents() -> None:
    message = messages.edoc(business=Business.standard(BusinessDocType.REPLACE))

    assert paths(validate(message, today=TODAY)) == {
        f"{BUSINESS}/DocumentId",
        f"{BUSINESS}/ReplacementInfoList",
    }


def test_replacement_entries_are_checked() -> None:
    business = Business.standard(
        BusinessDocType.REPLACE,
        document_id="000.00.00.G22,2021/02/01,807/VPCP-KSTT",
        replacements=(ReplacementInfo(document_id="not-an-id", organ_ids=()),),
    )

    assert paths(validate(messages.edoc(business=business), today=TODAY)) == {
        f"{BUSINESS}/ReplacementInfoList/ReplacementInfo[1]/DocumentId",
        f"{BUSINESS}/ReplacementInfoList/ReplacementInfo[1]/OrganIdList",
    }


def test_revoke_needs_a_target() -> None:
    message = messages.edoc(business=Business.standard(BusinessDocType.REVOKE))

    assert paths(validate(message, today=TODAY)) == {f"{BUSINESS}/DocumentId"}


def test_unknown_business_type_is_reported() -> None:
    message = messages.edoc(business=Business(doc_type=4))

    assert paths(validate(message, today=TODAY)) == {f"{BUSINESS}/BussinessDocType"}


def test_a_document_id_with_an_impossible_date_is_reported() -> None:
    message = messages.edoc(document_id="000.00.00.G22,2014/02/30,7806/VPCP-TTĐT")

    assert paths(validate(message, today=TODAY)) == {f"{MH}/DocumentId"}


@pytest.mark.parametrize("code", ["01", "02", "03", "04", "05", "06", "13", "15", "16"])
def test_the_nine_status_codes_are_accepted(code: str) -> None:
    assert validate(messages.status(status_code=code), today=TODAY) == []


@pytest.mark.parametrize("code", ["00", "07", "14", "1", "", None])
def test_other_status_codes_are_refused(code: str | None) -> None:
    assert paths(validate(messages.status(status_code=code), today=TODAY)) == {f"{MH}/StatusCode"}


def test_a_rejection_must_say_why() -> None:
    assert paths(validate(messages.status(status_code="02", description=None), today=TODAY)) == {
        f"{MH}/Description"
    }


def test_bytes_are_parsed_then_checked_including_what_the_parser_dropped() -> None:
    data = build(messages.edoc()).replace(b"<edXML:Priority>1<", b"<edXML:Priority>khan<")

    violations = validate(data, today=TODAY)

    assert [(v.path, v.message) for v in violations] == [
        (f"{MH}/OtherInfo/Priority", "'khan' is not a whole number; ignored")
    ]


def test_unreadable_bytes_give_one_violation_with_the_reason() -> None:
    [violation] = validate(b"<edXML", today=TODAY)

    assert violation.path == ""
    assert "not well-formed XML" in violation.message


def test_manifest_and_attachments_must_match() -> None:
    data = build(messages.edoc()).replace(b"<edXML:ContentId>cid:vb-807<", b"<edXML:ContentId>cid:other<")

    assert paths(validate(data, today=TODAY)) == {
        "edXMLEnvelope/edXMLBody/edXMLManifest/Reference[1]/ContentId",
        "AttachmentEncoded/Attachment[1]/ContentId",
    }


def test_the_public_samples_show_their_known_flaws() -> None:
    sample = (
        FIXTURES
        / "PVN-Organization__API-Gateway-iOffice/JDK_1.8/SDKVXP_Example/resources/edoc_revocation.edxml"
    )

    found = paths(validate(sample.read_bytes(), today=TODAY))

    # The sample revokes without naming the target document.
    assert f"{BUSINESS}/DocumentId" in found
