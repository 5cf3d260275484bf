"""Our builder reproduces the official builder's files byte for byte from the same specs."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from interchange.edxml import build, parse

from .conftest import VNPT_BUILT
from .vnpt_spec import edoc_from_spec, status_from_spec

BUSINESS_TYPES = ["new", "revoke", "update", "replace"]


def spec(name: str) -> dict:
    return json.loads((VNPT_BUILT / f"spec_{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("business_type", BUSINESS_TYPES)
def test_document_messages_are_byte_identical_to_the_official_builder(business_type: str) -> None:
    message = edoc_from_spec(spec(business_type), VNPT_BUILT)

    ours = build(message)

    assert ours == (VNPT_BUILT / f"edoc_{business_type}.edxml").read_bytes()


def test_status_message_is_byte_identical_to_the_official_builder() -> None:
    ours = build(status_from_spec(spec("status")))

    assert ours == (VNPT_BUILT / "status_03.edxml").read_bytes()


@pytest.mark.parametrize("business_type", BUSINESS_TYPES)
def test_reading_the_official_file_gives_back_the_spec(business_type: str) -> None:
    official = parse((VNPT_BUILT / f"edoc_{business_type}.edxml").read_bytes())
    expected = edoc_from_spec(spec(business_type), VNPT_BUILT)
    # Where the spec gives no description, the official builder writes the file name.
    expected = replace(
        expected,
        attachments=tuple(replace(a, description=a.description or a.name) for a in expected.attachments),
    )

    assert official == expected
    assert official.notes == ()
