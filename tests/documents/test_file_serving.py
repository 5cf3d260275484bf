"""Files from users and other agencies are hostile: the browser gets them sandboxed, never as pages of
this site. PDFs are shown as page images (Chromium's PDF viewer does not run in a sandboxed document)
and downloaded; images and plain text are shown, sandboxed; anything else is only downloaded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from documents.models import Document
from documents.services.incoming.registration import incoming_create_paper
from qlvb.demo.story import VPCP_807

from .test_views_setup import html, make_office

pytestmark = pytest.mark.django_db

HOSTILE_HTML = b"<html><body><script>fetch('/van-ban/den/').then(r => r.text()).then(alert)</script></body></html>"


@pytest.fixture
def office():
    return make_office()


def received(office, *, scan: bytes | None = None, attachments=()) -> Document:
    return incoming_create_paper(
        actor=office.clerk, organization=office.org, document_type=office.cv, symbol="807/VPCP-KSTT",
        subject="V/v tăng cường gửi, nhận văn bản điện tử", issued_on=dt.date(2021, 2, 1), issuer=office.sender,
        scan=("807.pdf", scan or VPCP_807.pdf()), attachments=list(attachments))


def file_url(doc, name: str, **query) -> str:
    url = reverse("documents:file", args=[doc.pk, doc.files.get(name=name).pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def assert_sandboxed(response):
    policy = response["Content-Security-Policy"]
    assert policy.split(";")[0].strip() == "sandbox", policy  # no allow-scripts, allow-same-origin, allow-forms…
    assert "default-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_received_pdf_is_downloaded_in_a_sandbox_never_opened_inline(client, office):
    doc = received(office)
    client.force_login(office.clerk)
    response = client.get(file_url(doc, "807.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert_sandboxed(response)


def test_a_hostile_html_attachment_is_only_downloaded_and_sandboxed(client, office):
    doc = received(office, attachments=[("bao-cao.html", HOSTILE_HTML)])
    client.force_login(office.clerk)
    for query in ({}, {"tai-ve": 1}):
        response = client.get(file_url(doc, "bao-cao.html", **query))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert_sandboxed(response)


def test_an_image_and_a_text_file_are_shown_sandboxed(client, office):
    doc = received(office, attachments=[("ghi-chu.txt", b"<script>alert(1)</script>")])
    client.force_login(office.clerk)
    response = client.get(file_url(doc, "ghi-chu.txt"))
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Type"].startswith("text/plain")
    assert_sandboxed(response)


def test_the_page_shows_the_pdf_as_page_images_that_render(client, office):
    doc = received(office)
    pdf = doc.files.get(name="807.pdf")
    client.force_login(office.clerk)
    page = html(client.get(reverse("documents:detail", args=[doc.pk])))
    image_url = reverse("documents:page-image", args=[doc.pk, pdf.pk, 1])
    assert f'src="{image_url}"' in page and "<iframe" not in page
    image = client.get(image_url)
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert_sandboxed(image)
    assert client.get(reverse("documents:page-image", args=[doc.pk, pdf.pk, 99])).status_code == 404


def test_page_images_follow_the_permission_rule(client, office):
    doc = received(office)
    pdf = doc.files.get(name="807.pdf")
    url = reverse("documents:page-image", args=[doc.pk, pdf.pk, 1])
    client.force_login(office.outsider)  # another organization: the same answer as for no such document
    assert client.get(url).status_code == 404
    assert client.get(reverse("documents:page-image", args=[doc.pk + 1000, pdf.pk, 1])).status_code == 404
    client.force_login(office.specialist)  # same organization, not given the document
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_file_that_is_not_a_pdf_has_no_page_images(client, office):
    doc = received(office, attachments=[("bao-cao.html", HOSTILE_HTML)])
    client.force_login(office.clerk)
    other = doc.files.get(name="bao-cao.html")
    assert client.get(reverse("documents:page-image", args=[doc.pk, other.pk, 1])).status_code == 404
