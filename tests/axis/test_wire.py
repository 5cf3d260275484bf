"""Our XroadVnpt-* signing and verification against every request the official SDK sent."""

from __future__ import annotations

import datetime
import hashlib

import pytest

from interchange.axis import wire
from tests.axis import captures
from tests.axis.captures import SECRET, Captured

REQUESTS = captures.all_requests()
NOT_PARAMETERS = {
    "systemid",
    "timestamp",
    "content-type",
    "sign-header-key",
    "sign-header",
    "hash-header",
    "version",
}


def _parameters(request: Captured) -> dict[str, str]:
    """The operation's parameters as sent, in the order they appear on the wire."""
    return {
        name[len(wire.PREFIX) :]: value
        for name, value in request.xroad()
        if name[len(wire.PREFIX) :].lower() not in NOT_PARAMETERS
    }


def _getter(headers: list[tuple[str, str]]):
    def get(name: str) -> str | None:
        for key, value in headers:
            if key.lower() == name.lower():
                return value
        return None

    return get


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: r.name)
def test_signing_reproduces_the_captured_headers(request_: Captured) -> None:
    ours = wire.signed_headers(
        system_id=request_.header("XroadVnpt-systemid"),
        secret=SECRET,
        content_type=request_.header("XroadVnpt-Content-Type"),
        params=_parameters(request_),
        timestamp=request_.header("XroadVnpt-timestamp"),
    )
    assert [(k, v) for k, v in ours if k.startswith(wire.PREFIX)] == request_.xroad()
    assert dict(ours)["User-Agent"] == request_.header("User-Agent")
    assert dict(ours)[wire.HASH_HEADER] == request_.header(wire.HASH_HEADER)


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: r.name)
def test_verification_accepts_every_captured_request(request_: Captured) -> None:
    params = wire.verify(_getter(request_.headers), SECRET)
    assert params["systemid"] == "vxp.test.01"
    assert wire.parameter(params, "Content-Type") == request_.header("Content-Type")
    for name, value in _parameters(request_).items():
        assert wire.parameter(params, name.lower()) == value


def test_verification_refuses_a_wrong_secret() -> None:
    request_ = REQUESTS[0]
    with pytest.raises(wire.SignatureError, match="does not match the HMAC"):
        wire.verify(_getter(request_.headers), "TestSecret/Key+124=")


def test_verification_refuses_a_header_changed_after_signing() -> None:
    request_ = next(r for r in REQUESTS if r.path == "/updateStatus")
    headers = [(k, "fail" if k == "XroadVnpt-status" else v) for k, v in request_.headers]
    assert headers != request_.headers
    with pytest.raises(wire.SignatureError, match="XroadVnpt-status differs"):
        wire.verify(_getter(headers), SECRET)


def test_verification_refuses_a_key_list_that_disagrees_with_the_signed_json() -> None:
    request_ = REQUESTS[2]
    names = request_.header(wire.SIGN_HEADER_KEY).split(";")
    headers = [
        (k, ";".join(reversed(names)) if k == wire.SIGN_HEADER_KEY else v) for k, v in request_.headers
    ]
    with pytest.raises(wire.SignatureError, match="name different parameters"):
        wire.verify(_getter(headers), SECRET)


@pytest.mark.parametrize("request_", [r for r in REQUESTS if r.path == "/sendEdoc"], ids=lambda r: r.name)
def test_hash_file_is_the_sdk_hex_of_the_file_without_the_final_crlf(request_: Captured) -> None:
    assert request_.body.endswith(b"\r\n")
    package = request_.body[:-2]
    assert wire.hash_file(package) == request_.header("XroadVnpt-hash-file")
    # Java's toHexString drops leading zeros, so the value is shorter than a normal hex digest.
    assert wire.hash_file(package) != hashlib.sha256(package).hexdigest()


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: r.name)
def test_timestamp_format_round_trips(request_: Captured) -> None:
    captured = request_.header("XroadVnpt-timestamp")
    moment = datetime.datetime.strptime(captured[:15], "%d%m%YT%H%M%S").replace(
        microsecond=int(captured[16:]) * 1000
    )
    assert wire.sdk_timestamp(moment) == captured


def test_java_hashmap_order_puts_the_send_parameters_in_the_sdk_order() -> None:
    keys = ["timestamp", "systemid", "Content-Type", "from", "servicetype", "messagetype", "hash-file"]
    assert ";".join(wire.java_hashmap_order(keys)) == REQUESTS[0].header(wire.SIGN_HEADER_KEY)


def test_java_string_hash_matches_known_java_values() -> None:
    assert wire.java_string_hash("") == 0
    assert wire.java_string_hash("hello") == 99162322
    # "polygenelubricants".hashCode() is Integer.MIN_VALUE, read here as unsigned.
    assert wire.java_string_hash("polygenelubricants") == 2**31
