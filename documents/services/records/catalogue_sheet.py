"""Reading a file catalogue from an Excel sheet in the Phụ lục V layout: columns (1) Số và ký hiệu
hồ sơ, (2) Tên đề mục và tiêu đề hồ sơ, (3) Thời hạn bảo quản, (4) Người lập hồ sơ, (5) Ghi chú;
main headings "I. …" and sub-headings "1. …" with an empty code column; a title block above the
table and the closing summary below it are skipped.

The sheet comes from outside and is treated as hostile: only a real .xlsx (a zip) of bounded size
is opened, never with its formulas evaluated (a formula cell is refused), and at most MAX_ROWS rows
are read. Every problem is collected with its row number; the caller writes nothing unless the
whole sheet is clean.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from documents.errors import CatalogueError
from documents.models import CatalogueEntry
from documents.services.records.catalogue import (
    CODE_MAX,
    NOTES_MAX,
    RESPONSIBLE_MAX,
    TITLE_MAX,
    retention_parse,
)
from qlvb.errors import Message, Refused

MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED = 60 * 1024 * 1024  # a zip bomb stops here, before any XML is parsed
MAX_ROWS = 3000
MAX_PROBLEMS = 30
HEADER_SEARCH_ROWS = 40
COLUMNS = 5
MAX_COLUMNS = 12  # the table may start a few columns in; nothing further right is read
_MAIN = re.compile(r"^([IVXLCDM]+)\s*[.)]\s*(.+)$")
_SUB = re.compile(r"^(\d{1,3})\s*[.)]\s*(.+)$")
SUMMARY_START = "danh mục hồ sơ này có"
Kind = CatalogueEntry.Kind


@dataclass
class SheetRow:
    row: int  # the row number in the sheet, as Excel shows it
    kind: str
    title: str
    code: str = ""
    retention_years: int | None = None
    responsible_text: str = ""
    notes: str = ""


class CatalogueSheetRefused(Refused):
    """The sheet cannot be imported; `problems` says why, row by row (messages in the active language)."""

    def __init__(self, problems: list[str]):
        super().__init__(CatalogueError.IMPORT_REFUSED, count=len(problems))
        self.problems = problems


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        value = value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _open(content: bytes):
    from openpyxl import load_workbook

    if len(content) > MAX_BYTES:
        raise Refused(CatalogueError.IMPORT_TOO_LARGE, limit=MAX_ROWS, megabytes=MAX_BYTES // (1024 * 1024))
    if not content.startswith(b"PK\x03\x04"):
        raise Refused(CatalogueError.IMPORT_NOT_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Refused(CatalogueError.IMPORT_NOT_XLSX) from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
        raise Refused(CatalogueError.IMPORT_NOT_XLSX)
    if sum(m.file_size for m in members) > MAX_UNZIPPED:
        raise Refused(CatalogueError.IMPORT_TOO_LARGE, limit=MAX_ROWS, megabytes=MAX_BYTES // (1024 * 1024))
    try:
        # data_only=False: a formula is seen as one (and refused), never its cached value taken on trust.
        return load_workbook(io.BytesIO(content), read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds on a broken workbook
        raise Refused(CatalogueError.IMPORT_NOT_XLSX) from None


def _header_column(texts: list[str]) -> tuple[int | None, bool]:
    """(column of "(1)", True) on the row of column numbers; (column of the code, False) on the row of
    column titles; (None, False) on any other row."""
    folded = [t.casefold().replace(" ", "") for t in texts]
    for i in range(len(folded) - COLUMNS + 1):
        if folded[i:i + COLUMNS] == [f"({n})" for n in range(1, COLUMNS + 1)]:
            return i, True
    for i in range(len(folded) - 1):
        if "kýhiệu" in folded[i] and ("tiêuđề" in folded[i + 1] or "đềmục" in folded[i + 1]):
            return i, False
    return None, False


def _parse_row(number: int, cells: list[str], state: dict) -> SheetRow:
    code, title, retention, responsible, notes = (cells + [""] * COLUMNS)[:COLUMNS]
    code, title, retention, responsible = (_one_line(code), _one_line(title), _one_line(retention),
                                           _one_line(responsible))
    if not code:
        if retention or responsible:
            raise Refused(CatalogueError.HEADING_HAS_FILE_FIELDS)
        main, sub = _MAIN.match(title), _SUB.match(title)
        if main:
            state["heading"] = True
            return SheetRow(number, Kind.HEADING, main.group(2).strip(), notes=notes)
        if sub:
            if not state["heading"]:
                raise Refused(CatalogueError.SUBHEADING_BEFORE_HEADING)
            return SheetRow(number, Kind.SUBHEADING, sub.group(2).strip(), notes=notes)
        raise Refused(CatalogueError.NOT_A_HEADING)
    if not state["heading"]:
        raise Refused(CatalogueError.FILE_BEFORE_HEADING)
    if not title:
        raise Refused(CatalogueError.TITLE_REQUIRED)
    for label, value, limit in (("Số và ký hiệu hồ sơ", code, CODE_MAX), ("Tiêu đề", title, TITLE_MAX),
                                ("Người lập hồ sơ", responsible, RESPONSIBLE_MAX), ("Ghi chú", notes, NOTES_MAX)):
        if len(value) > limit:
            raise Refused(CatalogueError.TOO_LONG, field=label, limit=limit)
    years = retention_parse(retention)
    key = code.casefold()
    if key in state["codes"]:
        raise Refused(CatalogueError.CODE_DUPLICATE, code=code)
    state["codes"].add(key)
    return SheetRow(number, Kind.FILE, title, code=code, retention_years=years, responsible_text=responsible,
                    notes=notes)


def read_catalogue_sheet(content: bytes) -> list[SheetRow]:
    """The rows of the catalogue in the first sheet of `content`, in order. Refused when it is not a
    workbook or is too large; CatalogueSheetRefused with every problem (up to MAX_PROBLEMS) otherwise."""
    workbook = _open(content)
    try:
        sheet = workbook.worksheets[0]
        rows: list[SheetRow] = []
        problems: list[str] = []
        state = {"heading": False, "codes": set()}
        start = None  # the column of "(1)" once the table's header is found
        numbers_seen = False
        for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
            if number > MAX_ROWS:
                raise Refused(CatalogueError.IMPORT_TOO_LARGE, limit=MAX_ROWS,
                              megabytes=MAX_BYTES // (1024 * 1024))
            if start is None and number > HEADER_SEARCH_ROWS:
                break
            texts = [_text(getattr(c, "value", None)) for c in cells]
            if start is None or not numbers_seen:
                column, is_numbers = _header_column(texts)
                if column is not None and (start is None or column == start):
                    start, numbers_seen = column, is_numbers or numbers_seen
                    continue
                if start is None:
                    continue
            table = cells[start:start + COLUMNS]
            values = texts[start:start + COLUMNS]
            if not any(values):
                continue
            if any(v.casefold().startswith(SUMMARY_START) for v in values):
                break
            try:
                if any(getattr(c, "data_type", None) == "f" for c in table):
                    raise Refused(CatalogueError.IMPORT_FORMULA)
                rows.append(_parse_row(number, values, state))
            except Refused as problem:
                problems.append(str(Message(CatalogueError.IMPORT_ROW, row=number, problem=problem.text())))
                if len(problems) >= MAX_PROBLEMS:
                    break
    finally:
        workbook.close()
    if start is None:
        raise Refused(CatalogueError.IMPORT_NO_HEADER)
    if problems:
        raise CatalogueSheetRefused(problems)
    if not any(r.kind == Kind.FILE for r in rows):
        raise Refused(CatalogueError.IMPORT_NO_ROWS)
    return rows
