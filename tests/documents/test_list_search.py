"""The lists' own search boxes (Văn bản đến, Văn bản đi) fold accents and case as the search page does
(finding 8): "gui nhan", "GỬI" and "gửi" all find "V/v tăng cường gửi, nhận văn bản điện tử".

The same test runs on the database of the run (PostgreSQL in CI) and, through a child pytest with no
DATABASE_URL, on SQLite — the embedded default, whose LOWER() and LIKE fold ASCII letters only, so
that "GỬI" found nothing there before.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from documents.services.outgoing.drafting import outgoing_draft_create

from .test_views_setup import PDF, html, make_office, paper

ROOT = Path(__file__).resolve().parents[2]
INCOMING = reverse("documents:incoming-list")
OUTGOING = reverse("outgoing:list")
SUBJECT = "V/v tăng cường gửi, nhận văn bản điện tử"
FINDING = ["gui nhan", "GỬI", "gửi", "GUI NHAN VAN BAN", "Gửi Nhận", "807/vpcp", "kstt", "TANG CUONG"]
MISSING = ["gui dien bao", "xyz", "phong chong dich"]


@pytest.mark.django_db
def test_list_boxes_find_accent_free_and_upper_case_words(client):
    expected = os.environ.get("QLVB_EXPECT_DB_VENDOR")
    if expected:  # the child run of the SQLite test below: make sure it really is on SQLite
        assert connection.vendor == expected
    office = make_office()
    paper(office, symbol="807/VPCP-KSTT", subject=SUBJECT)
    paper(office, symbol="12/VPCP-HC", subject="Về việc họp giao ban")
    outgoing_draft_create(actor=office.clerk, organization=office.org, document_type=office.cv,
                          subject="V/v trả lời 807/VPCP-KSTT về gửi, nhận văn bản điện tử",
                          content=("814.pdf", PDF), paper_recipients=["Văn phòng Chính phủ"])
    outgoing_draft_create(actor=office.clerk, organization=office.org, document_type=office.cv,
                          subject="Về việc khác hẳn", content=("815.pdf", PDF), paper_recipients=["Sở Tài chính"])
    client.force_login(office.clerk)
    for query in FINDING:
        incoming = html(client.get(INCOMING, {"q": query}))
        assert SUBJECT in incoming, f"Văn bản đến: {query!r} should find the 807 letter"
        assert "họp giao ban" not in incoming, f"Văn bản đến: {query!r} found an unrelated letter"
    for query in ["gui nhan", "GỬI", "TRA LOI", "trả lời"]:
        outgoing = html(client.get(OUTGOING, {"q": query}))
        assert "V/v trả lời 807/VPCP-KSTT" in outgoing, f"Văn bản đi: {query!r} should find the reply"
        assert "khác hẳn" not in outgoing, f"Văn bản đi: {query!r} found an unrelated draft"
    for query in MISSING:
        assert SUBJECT not in html(client.get(INCOMING, {"q": query})), query
    # The issuer box folds too, and still takes an organ id.
    assert SUBJECT in html(client.get(INCOMING, {"issuer": "VAN PHONG CHINH PHU"}))
    assert SUBJECT in html(client.get(INCOMING, {"issuer": "000.00.00.G22"}))
    assert SUBJECT not in html(client.get(INCOMING, {"issuer": "bo noi vu"}))
    # Another organization's clerk finds none of it, however the words are typed.
    client.force_login(office.outsider)
    assert SUBJECT not in html(client.get(INCOMING, {"q": "gui nhan"}))
    assert "trả lời 807" not in html(client.get(OUTGOING, {"q": "GỬI"}))


def test_list_boxes_fold_on_sqlite_too(tmp_path):
    """The test above, in a child pytest on SQLite (no DATABASE_URL: the embedded default)."""
    if os.environ.get("QLVB_EXPECT_DB_VENDOR"):
        pytest.skip("already the child run")
    env = {**os.environ, "DATABASE_URL": "", "REDIS_URL": "", "QLVB_REQUIRE_SERVICES": "",
           "QLVB_VAR_DIR": str(tmp_path / "var"), "QLVB_EXPECT_DB_VENDOR": "sqlite"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         f"{__file__}::test_list_boxes_find_accent_free_and_upper_case_words"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout[-4000:] + done.stderr[-2000:]
