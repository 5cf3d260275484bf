"""Property: reading back what we built gives the same message, for any valid message.

Messages carry Vietnamese text, several attachments of every transfer form (raw office files,
zips sent as they are, other files zipped on the way) and every business type.
"""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interchange.edxml import (
    Attachment,
    Business,
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
    build,
    compose_document_id,
    parse,
)
from interchange.edxml.filenames import safe_file_name

VIETNAMESE = "ắằẳẵặđĐơưỹ ăâêôƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỵ"
SETTINGS = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

text = (
    st.text(
        alphabet=st.one_of(
            st.sampled_from(VIETNAMESE),
            st.sampled_from("abcdefghiklmnopqrstuvxyABCDEFGHIKLMNOPQRSTUVXY0123456789 .,;:-/()<>&\"'—\t\r\n"),
            st.characters(categories=["L", "M", "N", "P", "S", "Zs"]),
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
maybe_text = st.none() | text
organ_ids = st.from_regex(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}", fullmatch=True)
dates = st.dates(min_value=datetime(2000, 1, 1).date(), max_value=datetime(2030, 12, 31).date())
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda moment: moment.replace(microsecond=0)
)
small = st.integers(min_value=0, max_value=1000)

organizations = st.builds(
    Organization,
    organ_id=organ_ids,
    organ_name=maybe_text,
    organization_in_charge=maybe_text,
    organ_add=maybe_text,
    email=st.none() | st.emails(),
    telephone=st.none() | st.from_regex(r"0\d{9}", fullmatch=True),
    fax=maybe_text,
    website=maybe_text,
)
staff = st.none() | st.builds(
    StaffInfo, department=maybe_text, staff=maybe_text, mobile=maybe_text, email=maybe_text
)
response_for = st.builds(
    ResponseFor,
    organ_id=organ_ids,
    code=maybe_text,
    promulgation_date=st.none() | dates,
    document_id=maybe_text,
)
EXTENSIONS = ["pdf", "doc", "docx", "xsl", "xslx", "zip", "txt", "xlsx", "jpg", "odt", ""]
file_names = (
    st.tuples(text.filter(lambda stem: safe_file_name(stem) == stem), st.sampled_from(EXTENSIONS))
    .map(lambda parts: f"{parts[0]}.{parts[1]}" if parts[1] else parts[0])
    .filter(lambda name: safe_file_name(name) == name)
)


@st.composite
def attachments(draw) -> tuple[Attachment, ...]:
    count = draw(st.integers(min_value=0, max_value=4))
    return tuple(
        Attachment(
            name=draw(file_names),
            data=draw(st.binary(max_size=3000)),
            content_id=f"att-{index}-{draw(st.uuids())}",
            description=draw(text),
        )
        for index in range(count)
    )


@st.composite
def businesses(draw) -> Business:
    doc_type = draw(st.integers(min_value=0, max_value=3))
    target = draw(organ_ids)
    document_id = None if doc_type == 0 else f"{target},2020/01/02,1/TEST"
    document_info = None
    replacements: tuple[ReplacementInfo, ...] = ()
    if doc_type == 2:
        receivers = draw(
            st.lists(
                st.builds(Receiver, organ_id=organ_ids, receiver_type=st.sampled_from([0, 1])),
                min_size=1,
                max_size=3,
            )
        )
        document_info = BusinessDocumentInfo(
            document_info=draw(st.sampled_from([0, 1])), document_receiver=1, receivers=tuple(receivers)
        )
    if doc_type == 3:
        replacements = tuple(
            draw(
                st.lists(
                    st.builds(
                        ReplacementInfo,
                        document_id=st.just(document_id),
                        organ_ids=st.lists(organ_ids, min_size=1, max_size=3).map(tuple),
                    ),
                    min_size=1,
                    max_size=2,
                )
            )
        )
    return Business.standard(
        doc_type,
        document_id=document_id,
        document_info=document_info,
        replacements=replacements,
        staff_info=draw(staff),
        paper=draw(st.sampled_from([0, 1])),
    )


signatures = st.none() | st.builds(
    SignatureBlock,
    c14n_method=st.just("http://www.w3.org/TR/2001/REC-xml-c14n-20010315"),
    signature_method=st.just("http://www.w3.org/2000/09/xmldsig#rsa-sha1"),
    references=st.tuples(
        st.builds(
            SignatureReference,
            uri=st.just(""),
            transforms=st.just(("http://www.w3.org/2000/09/xmldsig#enveloped-signature",)),
            digest_method=st.just("http://www.w3.org/2000/09/xmldsig#sha1"),
            digest_value=st.just("AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
        )
    ),
    signature_value=st.just("c2lnbmF0dXJl"),
    x509_subject_name=maybe_text,
    x509_certificate=st.just("MIIB"),
)


@st.composite
def edoc_messages(draw) -> EdocMessage:
    sender = draw(organizations)
    code = Code(number=draw(st.from_regex(r"[0-9]{1,5}", fullmatch=True)), notation=draw(text))
    promulgated = draw(dates)
    return EdocMessage(
        sender=sender,
        recipients=tuple(draw(st.lists(organizations, min_size=1, max_size=3))),
        code=code,
        document_id=compose_document_id(sender.organ_id, promulgated, code.number, code.notation),
        promulgation=PromulgationInfo(date=promulgated, place=draw(maybe_text)),
        document_type=DocumentType(
            type_code=draw(st.integers(1, 3)),
            type_name=draw(text),
            type_detail=draw(st.none() | st.integers(-1, 30)),
        ),
        subject=draw(text),
        content=draw(maybe_text),
        signer=draw(
            st.none()
            | st.builds(SignerInfo, competence=maybe_text, position=maybe_text, full_name=maybe_text)
        ),
        due_date=draw(st.none() | dates),
        to_places=tuple(draw(st.lists(text, max_size=3))),
        other_info=draw(
            st.none()
            | st.builds(
                OtherInfo,
                priority=st.integers(0, 4),
                sphere_of_promulgation=maybe_text,
                typer_notation=maybe_text,
                promulgation_amount=small,
                page_amount=small,
                direction=st.booleans(),
                appendixes=st.lists(text, max_size=2).map(tuple),
            )
        ),
        response_for=tuple(draw(st.lists(response_for, max_size=2))),
        steering_type=draw(st.none() | st.integers(0, 9)),
        trace_headers=tuple(
            draw(
                st.lists(
                    st.builds(TraceHeader, organ_id=organ_ids, timestamp=moments), min_size=1, max_size=3
                )
            )
        ),
        business=draw(businesses()),
        signature=draw(signatures),
        attachments=draw(attachments()),
    )


statuses = st.builds(
    StatusMessage,
    sender=organizations,
    response_for=response_for,
    status_code=st.sampled_from(["01", "02", "03", "04", "05", "06", "13", "15", "16"]),
    timestamp=moments,
    description=maybe_text,
    staff_info=staff,
)


@SETTINGS
@given(edoc_messages())
def test_document_messages_survive_build_and_parse(message: EdocMessage) -> None:
    assert parse(build(message)) == message


@SETTINGS
@given(statuses)
def test_status_messages_survive_build_and_parse(message: StatusMessage) -> None:
    assert parse(build(message)) == message
