"""Shared helpers of the document-screen tests (used by the other test_views_* modules),
and the rules every screen follows: login required, another organization's documents are 404."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, DocumentType
from documents.services.incoming.registration import incoming_create_paper, incoming_register
from documents.services.registers import register_open
from tests.factories import make_org, make_unit, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_office() -> SimpleNamespace:
    """An organization with its clerk, two leaders, a unit with its head and a specialist; a sender;
    another organization with a clerk-leader who must see none of it."""
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn", organ_id="000.00.00.H05")
    sender = make_org("VPCP", name="Văn phòng Chính phủ", organ_id="000.00.00.G22")
    other = make_org("STC", name="Sở Tài chính tỉnh Bắc Kạn", organ_id="000.00.11.H05")
    vx = make_unit(org, "VXNV", "Phòng Văn xã - Nội vụ")
    year = timezone.localdate().year
    for o in (org, other, sender):
        register_open(organization=o, direction="in", year=year, name="Sổ văn bản đến")
        register_open(organization=o, direction="in", year=year, name="Sổ văn bản mật đến", is_secret=True)
        register_open(organization=o, direction="out", year=year, name="Sổ văn bản đi")
    return SimpleNamespace(
        org=org, sender=sender, other=other, vx=vx,
        clerk=make_user(org, ["clerk"], secret_clearance=True, full_name="Hoàng Thị Nhung"),
        leader=make_user(org, ["leader"], full_name="Đàm Duy Hưng"),
        deputy=make_user(org, ["leader"], full_name="Phó Chủ tịch Lê Văn Phó"),
        head=make_user(org, ["unit_head"], unit=vx, full_name="Lý Văn Thắng"),
        specialist=make_user(org, ["specialist"], unit=vx, full_name="Nông Thị Mai"),
        outsider=make_user(other, ["clerk", "leader"], full_name="Người cơ quan khác"),
        cv=DocumentType.objects.get(code="cong-van"),
    )


@pytest.fixture
def office(db):
    return make_office()


def paper(office, symbol: str = "807/VPCP-KSTT", **kw) -> Document:
    kw.setdefault("subject", "V/v tăng cường gửi, nhận văn bản điện tử")
    return incoming_create_paper(
        actor=office.clerk, organization=office.org, document_type=office.cv, symbol=symbol,
        issued_on=dt.date(2021, 2, 1), issuer=office.sender, scan=("807.pdf", PDF), **kw,
    )


def registered(office, **kw) -> Document:
    doc = paper(office, **kw)
    incoming_register(actor=office.clerk, document=doc, allow_duplicate=True)
    return Document.objects.get(pk=doc.pk)


def html(response) -> str:
    return response.content.decode()


def test_every_screen_needs_a_login(client, office):
    doc = paper(office)
    for url in (reverse("documents:incoming-list"), reverse("documents:detail", args=[doc.pk]),
                reverse("documents:file", args=[doc.pk, doc.files.get().pk]), reverse("documents:paper-create"),
                reverse("my-work-count")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_another_organizations_document_and_file_are_404(client, office):
    doc = paper(office)
    client.force_login(office.outsider)
    assert client.get(reverse("documents:detail", args=[doc.pk])).status_code == 404
    assert client.get(reverse("documents:file", args=[doc.pk, doc.files.get().pk])).status_code == 404
    assert client.post(reverse("documents:register", args=[doc.pk])).status_code == 404
    assert Document.objects.get(pk=doc.pk).state == "arrived"


def test_a_specialist_does_not_see_documents_not_given_to_them(client, office):
    doc = paper(office)
    client.force_login(office.specialist)
    assert client.get(reverse("documents:detail", args=[doc.pk])).status_code == 404
