"""Small edXML packages with the senders and recipients a test needs."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

_numbers = itertools.count(100)

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


def new_document_id(from_organ: str) -> str:
    """A fresh DocumentId of the standard form ``<OrganId>,<yyyy/MM/dd>,<số>/<ký hiệu>``."""
    return f"{from_organ},2026/11/22,{next(_numbers)}/UBND-VP"


def edoc(
    *,
    from_organ: str,
    to_organs: Sequence[str],
    document_id: str | None = None,
    subject: str = "Về việc thử nghiệm",
) -> bytes:
    """A document message from ``from_organ`` to ``to_organs``."""
    document_id = document_id or new_document_id(from_organ)
    number, notation = document_id.rsplit(",", 1)[1].split("/", 1)
    recipients = "".join(
        f"<edXML:To><edXML:OrganId>{organ}</edXML:OrganId><edXML:OrganName>Cơ quan {organ}</edXML:OrganName></edXML:To>"
        for organ in to_organs
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{NAMESPACE}">
  <edXML:edXMLEnvelope xmlns:edXML="{NAMESPACE}">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From><edXML:OrganId>{from_organ}</edXML:OrganId><edXML:OrganName>Ủy ban nhân dân</edXML:OrganName></edXML:From>
        {recipients}
        <edXML:DocumentId>{document_id}</edXML:DocumentId>
        <edXML:Code><edXML:CodeNumber>{number}</edXML:CodeNumber><edXML:CodeNotation>{notation}</edXML:CodeNotation></edXML:Code>
        <edXML:Subject>{subject}</edXML:Subject>
      </edXML:MessageHeader>
    </edXML:edXMLHeader>
  </edXML:edXMLEnvelope>
</edXML>
""".encode()


def status(
    *, from_organ: str, response_for_organ: str, response_for_document_id: str, status_code: str = "01"
) -> bytes:
    """A status message from ``from_organ`` about the document ``response_for_document_id``."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{NAMESPACE}">
  <edXML:edXMLEnvelope xmlns:edXML="{NAMESPACE}">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From><edXML:OrganId>{from_organ}</edXML:OrganId></edXML:From>
        <edXML:ResponseFor>
          <edXML:OrganId>{response_for_organ}</edXML:OrganId>
          <edXML:DocumentId>{response_for_document_id}</edXML:DocumentId>
        </edXML:ResponseFor>
        <edXML:StatusCode>{status_code}</edXML:StatusCode>
        <edXML:Description>Đã đến</edXML:Description>
        <edXML:Timestamp>2026/11/22 08:00:00</edXML:Timestamp>
      </edXML:MessageHeader>
    </edXML:edXMLHeader>
  </edXML:edXMLEnvelope>
</edXML>
""".encode()
