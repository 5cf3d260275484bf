"""Cells of the workbooks the product makes, written as data and never as formulas.

Subjects, issuers, sender names and error texts come from people and from other agencies. A text
that starts with "=", "+", "-", "@", a tab or a carriage return would be taken by a spreadsheet for a
formula (CSV/DDE injection: `=HYPERLINK(…)`, `=cmd|…`). Every text cell goes through `as_text`: such a
value is stored as a string with Excel's quote prefix, so it shows as typed and never runs.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: Cell) -> Cell:
    """`cell` with a text value that could be read as a formula stored as plain text."""
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
