"""The refusals' vocabulary: every code of every app has its Vietnamese in the catalogue, the
committed .mo is the compiled .po, and each kind of refusal is the Django error it stands for."""

from __future__ import annotations

import ast
import gettext
import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from qlvb.errors import ErrorCode, Forbidden, NotConfigured, NotFound, Refused, ServiceError, grouped

APPS = ("qlvb", "documents", "signatures", "interchange", "alerts")
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def enums() -> list[type[ErrorCode]]:
    for app in APPS:
        importlib.import_module(f"{app}.errors")
    found = ErrorCode.__subclasses__()
    assert {e.__module__.split(".")[0] for e in found} == set(APPS)
    return found


def codes() -> list[ErrorCode]:
    return [code for enum in enums() for code in enum]


def english(code: ErrorCode) -> str:
    with translation.override("en"):
        return str(code.label)


def vietnamese(code: ErrorCode) -> str:
    with translation.override("vi"):
        return str(code.label)


def read_po(text: str) -> list[dict]:
    """The entries of a .po file (obsolete "#~" ones left out): flags, msgctxt, msgid, msgstr."""
    entries, current, field = [], None, None
    for raw in text.splitlines():
        line = raw.strip()
        if current is not None and "msgstr" in current and (
                not line or line.startswith(("#", "msgctxt ", "msgid "))):
            entries.append(current)
            current = None
        if not line or line.startswith("#~"):
            continue
        if current is None:
            current = {"flags": set(), "msgctxt": None}
        if line.startswith("#,"):
            current["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[field] += ast.literal_eval(line)
        else:
            field, value = line.split(" ", 1)
            current[field] = ast.literal_eval(value)
    if current is not None and "msgstr" in current:
        entries.append(current)
    return entries


def test_every_code_says_its_message_in_vietnamese():
    untranslated = [f"{type(code).__name__}.{code.name}" for code in codes() if vietnamese(code) == english(code)]
    assert not untranslated, "add their Vietnamese to locale/vi/LC_MESSAGES/django.po and compile it"


def test_the_vietnamese_fills_only_placeholders_the_english_has():
    for code in codes():
        assert set(PLACEHOLDER.findall(vietnamese(code))) <= set(PLACEHOLDER.findall(english(code))), code


def test_a_code_means_one_thing_across_the_apps():
    meaning: dict[str, str] = {}
    for code in codes():
        assert meaning.setdefault(code.value, english(code)) == english(code), code.value
        assert re.fullmatch(r"[a-z0-9_]+", code.value), code.value


def test_the_committed_mo_is_the_compiled_po():
    po = {entry["msgid"]: entry["msgstr"]
          for entry in read_po((CATALOGUE / "django.po").read_text(encoding="utf-8"))
          if entry["msgid"] and entry["msgstr"] and "fuzzy" not in entry["flags"] and entry["msgctxt"] is None}
    with (CATALOGUE / "django.mo").open("rb") as handle:
        mo = {key: value for key, value in gettext.GNUTranslations(handle)._catalog.items() if key != ""}
    assert po, "the catalogue has no translation"
    assert mo == po, "run `python manage.py compilemessages -l vi` and commit locale/vi/LC_MESSAGES/django.mo"


def test_the_kinds_are_the_django_errors_they_stand_for():
    from documents.errors import DocumentError

    refused = Refused(DocumentError.NOT_A_LEADER, person="Nguyễn Văn A", organization="Văn phòng Chính phủ")
    assert isinstance(refused, ValidationError) and refused.status == 400
    assert refused.messages == ["Nguyễn Văn A không phải lãnh đạo của Văn phòng Chính phủ."]
    assert (refused.code, refused.params["person"]) == ("not_a_leader", "Nguyễn Văn A")
    assert refused.text("en") == "Nguyễn Văn A is not a leader of Văn phòng Chính phủ."
    forbidden = Forbidden(DocumentError.NOT_A_CLERK)
    assert isinstance(forbidden, PermissionDenied) and forbidden.status == 403
    assert str(forbidden) == "Chỉ văn thư của cơ quan mới được thực hiện thao tác này."
    assert isinstance(NotFound(DocumentError.NO_SUCH_REPLY), Http404) and NotFound.status == 404
    assert isinstance(NotConfigured(DocumentError.NO_REGISTER, document_type="Công văn", year=2026), LookupError)
    assert NotConfigured.status == 409
    assert all(issubclass(kind, ServiceError) for kind in (Refused, Forbidden, NotFound, NotConfigured))


def test_the_message_is_rendered_in_the_language_of_the_moment():
    from documents.exports.registers import RegisterTooLarge

    refused = RegisterTooLarge(12345, 5000)
    assert refused.text("vi") == ("Sổ có 12.345 văn bản, vượt quá 5.000 dòng một lần xuất. "
                                  "Hãy thu hẹp khoảng thời gian.")
    assert refused.text("en") == "The register has 12,345 rows, more than the 5,000 of one file: narrow the period."
    with translation.override("en"):
        assert str(grouped(1000000)) == "1,000,000" and str(refused) == refused.text("en")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_signature_error_keeps_its_log_message_apart(language):
    from signatures.errors import KeyLockedError, SignatureError

    locked = KeyLockedError("key 7 locked after 3 wrong PINs", code=SignatureError.KEY_LOCKED_AFTER, attempts=3)
    assert str(locked) == "key 7 locked after 3 wrong PINs" and locked.code == "key_locked_after"
    with translation.override(language):
        expected = {"vi": "Khóa ký số đã bị tạm khóa do nhập sai mã PIN 3 lần liên tiếp; đề nghị quản trị hệ thống "
                          "mở khóa.",
                    "en": "The key is locked after 3 wrong PINs in a row; an administrator must unlock it."}[language]
        assert locked.user_message == expected
