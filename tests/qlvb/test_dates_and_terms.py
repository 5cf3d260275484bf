"""Dates are typed and read day first, dd/mm/yyyy, in every form (finding 9), whatever the browser's
language; and one term names a document sent out: "phát hành" (never "Đã ban hành" beside "Đã phát hành")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import translation

from documents.exports.registers import SPECS
from documents.forms.incoming import IncomingFilterForm
from documents.forms.registers import RegisterFilterForm
from documents.models import Document
from qlvb.audit_viewer import AuditFilterForm
from qlvb.widgets import parse_day
from tests.factories import make_org

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def _extra(form_class) -> dict:
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn", organ_id="000.00.00.H05")
    return {IncomingFilterForm: {"organizations": [org], "organization": org},
            RegisterFilterForm: {"organizations": [org], "kind": next(iter(SPECS))},
            AuditFilterForm: {"scope": None}}[form_class]


@pytest.mark.django_db
@pytest.mark.parametrize("form_class,field", [
    (IncomingFilterForm, "received_from"), (RegisterFilterForm, "date_from"), (AuditFilterForm, "tu_ngay"),
])
def test_a_date_typed_day_first_is_read_day_first(form_class, field):
    extra = _extra(form_class)
    form = form_class({field: "05/01/2026"}, **extra)
    form.is_valid()
    assert form.cleaned_data[field] == dt.date(2026, 1, 5)  # 5 January, not 1 May
    rendered = str(form[field])
    assert 'type="text"' in rendered and 'placeholder="dd/mm/yyyy"' in rendered and 'type="date"' not in rendered
    assert 'value="05/01/2026"' in rendered
    # An impossible day-first date is refused, not read month first.
    bad = form_class({field: "25/13/2026"}, **extra)
    assert not bad.is_valid() and field in bad.errors


@pytest.mark.django_db
def test_links_made_before_with_iso_dates_still_work():
    form = IncomingFilterForm({"received_from": "2026-01-05"}, **_extra(IncomingFilterForm))
    assert form.is_valid() and form.cleaned_data["received_from"] == dt.date(2026, 1, 5)
    assert parse_day("05/01/2026") == parse_day("2026-01-05") == dt.date(2026, 1, 5)
    assert parse_day(" ") is None
    with pytest.raises(ValueError):
        parse_day("01/25/2026")


def test_no_template_offers_the_browsers_date_picker():
    """type="date" shows mm/dd/yyyy in an English browser: no screen uses it."""
    offenders = [str(p.relative_to(ROOT)) for p in ROOT.glob("**/templates/**/*.html")
                 if ".venv" not in p.parts and 'type="date"' in p.read_text()]
    code = [str(p.relative_to(ROOT)) for p in ROOT.glob("*/forms/*.py") if '"type": "date"' in p.read_text()]
    assert not offenders and not code


def test_one_term_for_a_document_sent_out():
    assert Document.State.ISSUED.label == "Chờ phát hành" and Document.State.DISPATCHED.label == "Đã phát hành"
    screens = [p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts]
    code = [p for app in ("documents", "alerts", "qlvb", "interchange", "signatures") for p in (ROOT / app).glob("**/*.py")
            if "migrations" not in p.parts and "demo" not in p.parts]
    assert not [str(p.relative_to(ROOT)) for p in screens + code if "Đã ban hành" in p.read_text()]
