"""The document identifier ``<sender OrganId>,<yyyy/MM/dd>,<số>/<ký hiệu>``.

Example: ``000.00.00.G22,2021/02/01,807/VPCP-KSTT``. The official builder invents a random
UUID when none is given; ours always composes the real one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import format_date

_PATTERN = re.compile(r"^(?P<organ>[^,]+),(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2}),(?P<code>[^/,]+/.+)$")


@dataclass(frozen=True, slots=True)
class DocumentIdParts:
    organ_id: str
    date: date
    code: str  # "<số>/<ký hiệu>"


def compose_document_id(organ_id: str, promulgation_date: date, number: str, notation: str) -> str:
    return f"{organ_id},{format_date(promulgation_date)},{number}/{notation}"


def split_document_id(document_id: str | None) -> DocumentIdParts | None:
    """The parts of a well-formed identifier, or None (a UUID, an impossible date, …)."""
    match = _PATTERN.match(document_id or "")
    if match is None:
        return None
    try:
        when = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    return DocumentIdParts(organ_id=match["organ"], date=when, code=match["code"])
