"""Registers (sổ văn bản, Nghị định 30 Phụ lục IV) as rows, Excel workbooks and printable PDFs."""

from documents.exports.pdf import register_pdf
from documents.exports.registers import (
    EXPORT_MAX_ROWS,
    PDF_MAX_ROWS,
    SPECS,
    RegisterSheet,
    RegisterTooLarge,
    register_rows,
    register_sheet,
)
from documents.exports.xlsx import register_xlsx

__all__ = [
    "EXPORT_MAX_ROWS",
    "PDF_MAX_ROWS",
    "SPECS",
    "RegisterSheet",
    "RegisterTooLarge",
    "register_pdf",
    "register_rows",
    "register_sheet",
    "register_xlsx",
]
