"""The XroadVnpt-* request headers of the national axis: how they are signed and verified.

Shared by the axis client (which signs exactly like the official SDK) and the local axis server
(which verifies). Every request carries one ``XroadVnpt-<name>`` header per signed parameter,
the list of names (``XroadVnpt-sign-header-key``), the compact JSON of the signed pairs
(``XroadVnpt-sign-header``) and the lowercase hex HMAC-SHA256 of that JSON keyed with the
system's secret (``XroadVnpt-hash-header``). The signature covers neither the method, the path
nor the body; a package body is tied to it only through the ``hash-file`` parameter.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping

PREFIX = "XroadVnpt-"
USER_AGENT = "JAVASDKAgent/1.0.0 XRoad/VPCP"
PROTOCOL_VERSION = "3.0.201608"
JSON_CONTENT_TYPE = "application/json"
PACKAGE_CONTENT_TYPE = "application/octet-stream"

SIGN_HEADER_KEY = PREFIX + "sign-header-key"
SIGN_HEADER = PREFIX + "sign-header"
HASH_HEADER = PREFIX + "hash-header"
SYSTEM_ID_HEADER = PREFIX + "systemid"

# Parameters every request signs besides those of the operation.
BASE_PARAMETERS = ("timestamp", "systemid", "Content-Type")


class SignatureError(ValueError):
    """The XroadVnpt-* headers are missing, inconsistent or not signed with the expected secret."""


def java_string_hash(text: str) -> int:
    """Return ``java.lang.String.hashCode`` of ``text`` as an unsigned 32-bit number."""
    value, raw = 0, text.encode("utf-16-be")
    for i in range(0, len(raw), 2):
        value = (31 * value + ((raw[i] << 8) | raw[i + 1])) & 0xFFFFFFFF
    return value


def java_hashmap_order(keys: Iterable[str]) -> list[str]:
    """Order ``keys`` (given in insertion order) as a ``java.util.HashMap`` iterates them.

    The official SDK keeps its parameters in such a map, so this is the order of the signed
    names on the wire.
    """
    keys = list(dict.fromkeys(keys))
    capacity = 16
    while len(keys) > capacity * 0.75:
        capacity *= 2

    def bucket(key: str) -> int:
        h = java_string_hash(key)
        return (h ^ (h >> 16)) & (capacity - 1)

    position = {key: i for i, key in enumerate(keys)}
    return sorted(keys, key=lambda k: (bucket(k), position[k]))


def sdk_timestamp(now: datetime.datetime | None = None) -> str:
    """Format a timestamp as the SDK does: ``ddMMyyyy'T'HHmmss+SSSS`` (SSSS = milliseconds)."""
    now = now or datetime.datetime.now()
    return f"{now:%d%m%YT%H%M%S}+{now.microsecond // 1000:04d}"


def sdk_hex(digest: bytes) -> str:
    """Write ``digest`` like Java's ``Integer.toHexString`` per byte: hex without zero padding."""
    return "".join(format(b, "x") for b in digest)


def hash_file(package: bytes) -> str:
    """The ``hash-file`` parameter of sendEdoc for ``package`` (the file, without the trailing CRLF)."""
    return sdk_hex(hashlib.sha256(package).digest())


def sign(secret: str, sign_header: bytes | str) -> str:
    """Lowercase hex HMAC-SHA256 of the sign-header JSON, keyed with the UTF-8 bytes of ``secret``."""
    if isinstance(sign_header, str):
        sign_header = sign_header.encode("utf-8")
    return hmac.new(secret.encode("utf-8"), sign_header, hashlib.sha256).hexdigest()


def sign_header_json(pairs: Iterable[tuple[str, str]]) -> str:
    """Compact JSON object of ``XroadVnpt-<name>: value`` pairs, written like Gson's ``toString``."""
    return json.dumps(
        {PREFIX + name: value for name, value in pairs}, separators=(",", ":"), ensure_ascii=False
    )


def signed_headers(
    *,
    system_id: str,
    secret: str,
    content_type: str,
    params: Mapping[str, str],
    timestamp: str,
) -> list[tuple[str, str]]:
    """Build the signed headers of one request, in the SDK's order.

    ``params`` are the operation's parameters in the caller's insertion order (for sendEdoc,
    ``hash-file`` last). Returns ``(name, value)`` pairs: one ``XroadVnpt-<name>`` header per
    signed parameter, then ``Content-Type``, the three signature headers, ``User-Agent`` and
    ``XroadVnpt-version``.
    """
    values = {"timestamp": timestamp, "systemid": system_id, "Content-Type": content_type, **params}
    names = java_hashmap_order([*BASE_PARAMETERS, *params])
    pairs = [(name, values[name]) for name in names]
    sign_header = sign_header_json(pairs)
    headers = [(PREFIX + name, value) for name, value in pairs]
    headers += [
        ("Content-Type", content_type),
        (SIGN_HEADER_KEY, ";".join(names)),
        (SIGN_HEADER, sign_header),
        (HASH_HEADER, sign(secret, sign_header)),
        ("User-Agent", USER_AGENT),
        (PREFIX + "version", PROTOCOL_VERSION),
    ]
    return headers


def header_bytes(value: str) -> bytes:
    """Recover the bytes of a header value that an HTTP server decoded as latin-1."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


def verify(get_header: Callable[[str], str | None], secret: str) -> dict[str, str]:
    """Check the signature of a request and return its signed parameters ``{name: value}``.

    ``get_header`` looks a received header up case-insensitively (values as latin-1 text, as
    Python's HTTP servers give them). The HMAC is checked over the received sign-header bytes;
    then the names must agree with the sign-header-key and every signed value must be the one
    sent in its own header. Raises :class:`SignatureError` with the reason.
    """
    raw_sign_header = get_header(SIGN_HEADER)
    if not raw_sign_header:
        raise SignatureError(f"missing header {SIGN_HEADER}")
    raw = header_bytes(raw_sign_header)
    received = (get_header(HASH_HEADER) or "").strip().lower()
    if not received:
        raise SignatureError(f"missing header {HASH_HEADER}")
    if not hmac.compare_digest(sign(secret, raw), received):
        raise SignatureError(
            f"{HASH_HEADER} does not match the HMAC of {SIGN_HEADER} with this system's secret"
        )
    try:
        pairs = json.loads(raw.decode("utf-8"), object_pairs_hook=list)
    except (UnicodeDecodeError, ValueError) as exc:
        raise SignatureError(f"{SIGN_HEADER} is not a JSON object: {exc}") from None
    if not isinstance(pairs, list) or not all(isinstance(v, str) for _, v in pairs):
        raise SignatureError(f"{SIGN_HEADER} must be a JSON object of strings")
    names = (get_header(SIGN_HEADER_KEY) or "").split(";")
    if [key for key, _ in pairs] != [PREFIX + name for name in names]:
        raise SignatureError(f"{SIGN_HEADER} and {SIGN_HEADER_KEY} name different parameters")
    for key, value in pairs:
        sent = get_header(key)
        if sent is None or header_bytes(sent) != value.encode("utf-8"):
            raise SignatureError(f"header {key} differs from its signed value")
    return {key[len(PREFIX) :]: value for key, value in pairs}


def parameter(params: Mapping[str, str], name: str) -> str | None:
    """Look a signed parameter up by name, ignoring case (``docId`` may arrive as ``docid``)."""
    if name in params:
        return params[name]
    lowered = name.lower()
    for key, value in params.items():
        if key.lower() == lowered:
            return value
    return None
