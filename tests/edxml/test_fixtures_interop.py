"""Every public sample parses (or is refused, for the two malformed ones), and for every
``X.edxml`` our fields agree with ``X.edxml.vnpt.json``: what the official parser read from it.

The official parser fills absent numbers with defaults (TypeDetail -1; Priority, amounts and
SteeringType 0; Direction false) and gives SignerInfo as an object of nulls; ours says None.
``OFFICIAL_DEFAULTS`` maps one onto the other and is the only translation applied.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interchange.edxml import BadBase64, EdocMessage, MalformedXml, StatusMessage, parse
from interchange.edxml.dates import format_date, format_timestamp

from .conftest import FIXTURES, MALFORMED, fixture_files, fixture_id

OFFICIAL_DEFAULTS = {
    "TypeDetail": -1,
    "Priority": 0,
    "PromulgationAmount": 0,
    "PageAmount": 0,
    "SteeringType": 0,
    "Direction": False,
}

# Where the official parser is wrong and we are right. It reads dates with a lenient
# SimpleDateFormat("yyyy/MM/dd"), so "30/10/2020" becomes year 30, month 10, day 2020 (0036/04/11);
# we read the dd/MM/yyyy form as what it says.
DIVERGENCES = {
    ("QuangChuIT__edoc-integrator/edoc-service/src/main/resources/edoc_new.edxml", "PromulgationDate"): (
        "2020/10/30",
        "0036/04/11",
    ),
}

WELL_FORMED = [path for path in fixture_files() if fixture_id(path) not in MALFORMED]
WITH_JSON = [path for path in fixture_files() if Path(f"{path}.vnpt.json").exists()]


def with_default(name: str, value):
    return OFFICIAL_DEFAULTS[name] if value is None else value


def day(value) -> str | None:
    return format_date(value) if value is not None else None


def moment(value) -> str | None:
    return format_timestamp(value) if value is not None else None


def organization(org) -> dict:
    return {
        "OrganId": org.organ_id,
        "OrganizationInCharge": org.organization_in_charge,
        "OrganName": org.organ_name,
        "OrganAdd": org.organ_add,
        "Email": org.email,
        "Telephone": org.telephone,
        "Fax": org.fax,
        "Website": org.website,
    }


def staff(info) -> dict | None:
    if info is None:
        return None
    return {"Department": info.department, "Staff": info.staff, "Email": info.email, "Mobile": info.mobile}


def response_for(item) -> dict:
    return {
        "OrganId": item.organ_id,
        "Code": item.code,
        "PromulgationDate": day(item.promulgation_date),
        "DocumentId": item.document_id,
    }


def without(data: dict | None, *names: str) -> dict | None:
    if data is None:
        return None
    return {key: value for key, value in data.items() if key not in names}


@pytest.mark.parametrize("path", WELL_FORMED, ids=fixture_id)
def test_every_well_formed_sample_parses(path: Path) -> None:
    message = parse(path.read_bytes(), attachment_errors="keep")

    assert isinstance(message, (EdocMessage, StatusMessage))
    assert message.sender.organ_id


@pytest.mark.parametrize("relative", sorted(MALFORMED))
def test_the_two_malformed_samples_are_refused_with_a_clear_error(relative: str) -> None:
    with pytest.raises(MalformedXml) as refused:
        parse((FIXTURES / relative).read_bytes())

    assert "not well-formed XML" in str(refused.value)
    assert "line" in str(refused.value)
    assert refused.value.message_vi


def test_a_sample_whose_attachment_is_not_base64_is_refused_unless_asked_to_keep_going() -> None:
    # The sample carries a test-tool placeholder instead of Base64: "${__StringFromFile(test.txt,,,)}".
    data = (
        FIXTURES / "PVN-Organization__API-Gateway-iOffice/JDK_1.8/SDKVXP_Example/resources/edoc.edxml"
    ).read_bytes()

    with pytest.raises(BadBase64) as refused:
        parse(data)
    kept = parse(data, attachment_errors="keep")

    assert refused.value.attachment_name == "GUIDE_INSTALL OPENVPN.SIGNED.PDF"
    assert kept.subject == "Văn bản liên thông chỉ đạo - 190701"
    assert kept.attachments[0].data is None
    assert isinstance(kept.attachments[0].error, BadBase64)


@pytest.mark.parametrize("path", WITH_JSON, ids=fixture_id)
def test_our_fields_agree_with_the_official_parser(path: Path) -> None:
    expected = json.loads(Path(f"{path}.vnpt.json").read_text(encoding="utf-8"))
    if not expected["ok"]:
        with pytest.raises(MalformedXml):
            parse(path.read_bytes())
        return

    message = parse(path.read_bytes(), attachment_errors="keep")

    assert message.kind == expected["kind"]
    header = expected["MessageHeader"]
    assert organization(message.sender) == header["From"]
    if isinstance(message, StatusMessage):
        assert response_for(message.response_for) == header["ResponseFor"]
        assert message.status_code == header["StatusCode"]
        assert message.description == header["Description"]
        assert moment(message.timestamp) == header["Timestamp"]
        assert staff(message.staff_info) == without(header["StaffInfo"], "DepartmentId", "StaffId")
        return
    assert [organization(to) for to in message.recipients] == header["To"]
    assert message.document_id == header["DocumentId"]
    assert {"CodeNumber": message.code.number, "CodeNotation": message.code.notation} == header["Code"]
    official_date = header["PromulgationInfo"]["PromulgationDate"]
    divergence = DIVERGENCES.get((fixture_id(path), "PromulgationDate"))
    if divergence is not None:
        assert (day(message.promulgation.date), official_date) == divergence
        official_date = divergence[0]
    assert {"Place": message.promulgation.place, "PromulgationDate": day(message.promulgation.date)} == {
        "Place": header["PromulgationInfo"]["Place"],
        "PromulgationDate": official_date,
    }
    assert {
        "Type": message.document_type.type_code,
        "TypeDetail": with_default("TypeDetail", message.document_type.type_detail),
        "TypeName": message.document_type.type_name,
    } == header["DocumentType"]
    assert message.subject == header["Subject"]
    assert message.content == header["Content"]
    signer = message.signer
    assert {
        "Competence": signer.competence if signer else None,
        "Position": signer.position if signer else None,
        "FullName": signer.full_name if signer else None,
    } == header["SignerInfo"]
    assert day(message.due_date) == header["DueDate"]
    assert list(message.to_places) == header["ToPlaces"]
    other = message.other_info
    assert other is not None
    assert {
        "Priority": with_default("Priority", other.priority),
        "SphereOfPromulgation": other.sphere_of_promulgation,
        "TyperNotation": other.typer_notation,
        "PromulgationAmount": with_default("PromulgationAmount", other.promulgation_amount),
        "PageAmount": with_default("PageAmount", other.page_amount),
        "Direction": with_default("Direction", other.direction),
        "Appendixes": list(other.appendixes),
    } == without(header["OtherInfo"], "ReplyFors", "ReferenceCodes")
    assert with_default("SteeringType", message.steering_type) == header["SteeringType"]
    assert [response_for(item) for item in message.response_for] == header["ResponseFor"]

    trace = expected["TraceHeaderList"]
    assert [
        {"OrganId": t.organ_id, "Timestamp": moment(t.timestamp)} for t in message.trace_headers
    ] == trace["TraceHeader"]
    business = message.business
    if trace["Bussiness"] is None:
        assert business is None
    else:
        assert business is not None
        official = trace["Bussiness"]
        assert str(business.doc_type) == official["BussinessDocType"]
        assert business.doc_reason == official["BussinessDocReason"]
        assert business.document_id == official["DocumentId"]
        assert (str(business.paper) if business.paper is not None else None) == official["Paper"]
        assert ([staff(business.staff_info)] if business.staff_info else []) == [
            without(item, "DepartmentId", "StaffId") for item in official["StaffInfo"]
        ]
        info = business.document_info
        assert (
            [
                {
                    "DocumentInfo": str(info.document_info),
                    "DocumentReceiver": str(info.document_receiver),
                    "ReceiverList": [
                        [
                            {"OrganId": r.organ_id, "ReceiverType": str(r.receiver_type)}
                            for r in info.receivers
                        ]
                    ],
                }
            ]
            if info
            else []
        ) == official["BussinessDocumentInfo"]
        flattened = [item for group in official["ReplacementInfoList"] for item in group]
        assert [
            {"DocumentId": r.document_id, "OrganIdList": list(r.organ_ids)} for r in business.replacements
        ] == (flattened)

    signature = message.signature
    if expected["Signature"] is None:
        assert signature is None
    else:
        assert signature is not None
        assert {
            "SignedInfo": {
                "CanonicalizationMethod": signature.c14n_method,
                "SignatureMethod": signature.signature_method,
                "Reference": [
                    {
                        "URI": ref.uri,
                        "Transforms": list(ref.transforms),
                        "DigestMethod": ref.digest_method,
                        "DigestValue": ref.digest_value,
                    }
                    for ref in signature.references
                ],
            },
            "SignatureValue": signature.signature_value,
            "KeyInfo": {
                "X509SubjectName": signature.x509_subject_name,
                "X509Certificate": signature.x509_certificate,
            },
        } == expected["Signature"]

    manifest = expected.get("Manifest")
    assert [
        {
            "ContentId": ref.content_id,
            "ContentType": ref.content_type,
            "AttachmentName": ref.attachment_name,
            "Description": ref.description,
        }
        for ref in message.manifest
    ] == (manifest["Reference"] if manifest else [])

    official_attachments = expected["Attachments"]
    assert len(message.attachments) == len(official_attachments)
    for ours, theirs in zip(message.attachments, official_attachments, strict=True):
        assert f"cid:{ours.content_id}" == theirs["ContentId"]
        assert ours.name == theirs["AttachmentName"]
        assert ours.description == theirs["Description"]
        assert ours.content_type == theirs["ContentType"]
        if "encodedDecodeError" in theirs:
            # The official parser's strict decoder failed too (it then fell back to a lax one).
            assert isinstance(ours.error, BadBase64)
            continue
        assert ours.size == theirs["size"]
        assert ours.sha256 == theirs["sha256"]
