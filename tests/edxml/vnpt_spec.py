"""Turning the official builder's test specs (``vnpt-built/spec_*.json``) into our model.

The spec is what the official builder was given; the defaults it filled in (Bussiness reason,
Paper 0, BussinessDocType from "BusinessType") are applied here the way our model offers them
(``Business.standard``), not hidden in our builder.
"""

from __future__ import annotations

from pathlib import Path

from interchange.edxml import (
    Attachment,
    Business,
    BusinessDocType,
    BusinessDocumentInfo,
    Code,
    DocumentType,
    EdocMessage,
    Organization,
    OtherInfo,
    PromulgationInfo,
    Receiver,
    ReplacementInfo,
    ResponseFor,
    SignatureBlock,
    SignatureReference,
    SignerInfo,
    StaffInfo,
    StatusMessage,
    TraceHeader,
)
from interchange.edxml.dates import parse_date, parse_timestamp

BUSINESS_TYPES = {"new": 0, "revoke": 1, "update": 2, "replace": 3}


def organization(spec: dict) -> Organization:
    return Organization(
        organ_id=spec.get("OrganId"),
        organ_name=spec.get("OrganName"),
        organization_in_charge=spec.get("OrganizationInCharge"),
        organ_add=spec.get("OrganAdd"),
        email=spec.get("Email"),
        telephone=spec.get("Telephone"),
        fax=spec.get("Fax"),
        website=spec.get("Website"),
    )


def staff(spec: dict | None) -> StaffInfo | None:
    if spec is None:
        return None
    return StaffInfo(
        department=spec.get("Department"),
        staff=spec.get("Staff"),
        mobile=spec.get("Mobile"),
        email=spec.get("Email"),
    )


def response_for(spec: dict) -> ResponseFor:
    return ResponseFor(
        organ_id=spec.get("OrganId"),
        code=spec.get("Code"),
        promulgation_date=parse_date(spec.get("PromulgationDate")),
        document_id=spec.get("DocumentId"),
    )


def signature(spec: dict) -> SignatureBlock:
    signed = spec["SignedInfo"]
    return SignatureBlock(
        c14n_method=signed["CanonicalizationMethod"],
        signature_method=signed["SignatureMethod"],
        references=tuple(
            SignatureReference(
                uri=ref["URI"],
                transforms=tuple(ref["Transforms"]),
                digest_method=ref["DigestMethod"],
                digest_value=ref["DigestValue"],
            )
            for ref in signed["Reference"]
        ),
        signature_value=spec["SignatureValue"],
        x509_subject_name=spec["KeyInfo"]["X509SubjectName"],
        x509_certificate=spec["KeyInfo"]["X509Certificate"],
    )


def business(doc_type: int, spec: dict) -> Business:
    info = spec.get("BussinessDocumentInfo") or []
    replacements = spec.get("ReplacementInfoList") or []
    return Business.standard(
        BusinessDocType(doc_type),
        document_id=spec.get("DocumentId"),
        staff_info=staff((spec.get("StaffInfo") or [None])[0]),
        document_info=BusinessDocumentInfo(
            document_info=int(info[0]["DocumentInfo"]),
            document_receiver=int(info[0]["DocumentReceiver"]),
            receivers=tuple(
                Receiver(organ_id=r["OrganId"], receiver_type=int(r["ReceiverType"]))
                for group in info[0]["ReceiverList"]
                for r in group
            ),
        )
        if info
        else None,
        replacements=tuple(
            ReplacementInfo(document_id=r["DocumentId"], organ_ids=tuple(r["OrganIdList"]))
            for group in replacements
            for r in group
        ),
    )


def edoc_from_spec(spec: dict, folder: Path) -> EdocMessage:
    mh = spec["MessageHeader"]
    other = mh["OtherInfo"]
    trace = spec["TraceHeaderList"]
    return EdocMessage(
        sender=organization(mh["From"]),
        recipients=tuple(organization(to) for to in mh["To"]),
        document_id=mh.get("DocumentId"),
        code=Code(number=mh["Code"]["CodeNumber"], notation=mh["Code"]["CodeNotation"]),
        promulgation=PromulgationInfo(
            date=parse_date(mh["PromulgationInfo"]["PromulgationDate"]), place=mh["PromulgationInfo"]["Place"]
        ),
        document_type=DocumentType(
            type_code=mh["DocumentType"]["Type"],
            type_name=mh["DocumentType"]["TypeName"],
            type_detail=mh["DocumentType"]["TypeDetail"],
        ),
        subject=mh["Subject"],
        content=mh["Content"],
        signer=SignerInfo(
            competence=mh["SignerInfo"]["Competence"],
            position=mh["SignerInfo"]["Position"],
            full_name=mh["SignerInfo"]["FullName"],
        ),
        due_date=parse_date(mh["DueDate"]),
        to_places=tuple(mh["ToPlaces"]),
        other_info=OtherInfo(
            priority=other["Priority"],
            sphere_of_promulgation=other["SphereOfPromulgation"],
            typer_notation=other["TyperNotation"],
            promulgation_amount=other["PromulgationAmount"],
            page_amount=other["PageAmount"],
            direction=other["Direction"],
            appendixes=tuple(other["Appendixes"]),
        ),
        response_for=tuple(response_for(r) for r in mh.get("ResponseFor", [])),
        steering_type=mh["SteeringType"],
        trace_headers=tuple(
            TraceHeader(organ_id=t["OrganId"], timestamp=parse_timestamp(t["Timestamp"]))
            for t in trace["TraceHeader"]
        ),
        business=business(BUSINESS_TYPES[spec["BusinessType"]], trace["Bussiness"]),
        signature=signature(spec["Signature"]),
        attachments=tuple(
            Attachment(
                name=Path(a["Path"]).name,
                data=(folder / a["Path"]).read_bytes(),
                content_id=a["ContentId"],
                description=a.get("Description"),
            )
            for a in spec["Attachments"]
        ),
    )


def status_from_spec(spec: dict) -> StatusMessage:
    mh = spec["MessageHeader"]
    return StatusMessage(
        sender=organization(mh["From"]),
        response_for=response_for(mh["ResponseFor"]),
        status_code=mh["StatusCode"],
        description=mh.get("Description"),
        timestamp=parse_timestamp(mh["Timestamp"]),
        staff_info=staff(mh.get("StaffInfo")),
    )
