"""What the access-history tests share: an office (tests.documents.test_views_setup), a registered
document with its PDF, the buffer emptied before each test, and the drain."""

from __future__ import annotations

import datetime as dt
from functools import cache

import redis
from django.urls import reverse

from documents.models import Document, FileAccess
from documents.services import access_log
from documents.services.incoming.registration import incoming_create_paper, incoming_register
from qlvb.demo.story import VPCP_807

from ..test_views_setup import make_office


@cache
def story_pdf() -> bytes:
    return VPCP_807.pdf()


def registered(office, *, symbol: str = "807/VPCP-KSTT", actor=None) -> Document:
    """A registered incoming document with a real (one-page) PDF, entered by the clerk."""
    doc = incoming_create_paper(
        actor=actor or office.clerk, organization=office.org, document_type=office.cv, symbol=symbol,
        subject="V/v tăng cường gửi, nhận văn bản điện tử", issued_on=dt.date(2021, 2, 1), issuer=office.sender,
        scan=("807.pdf", story_pdf()))
    incoming_register(actor=office.clerk, document=doc, allow_duplicate=True)
    return Document.objects.get(pk=doc.pk)


def clear_buffer() -> None:
    client = access_log.buffer_client()
    try:
        if client is not None:
            client.delete(access_log.BUFFER_KEY, access_log.DRAIN_LOCK_KEY)
    except redis.RedisError:
        pass


def office_with_empty_buffer():
    """The body of each module's `office` fixture: the office, with the buffer emptied before and after."""
    clear_buffer()
    yield make_office()
    clear_buffer()


def main_file(document):
    return document.files.order_by("id").first()


def file_url(document, *, download: bool = False) -> str:
    url = reverse("documents:file", args=[document.pk, main_file(document).pk])
    return url + ("?tai-ve=1" if download else "")


def page_url(document, page: int = 1) -> str:
    return reverse("documents:page-image", args=[document.pk, main_file(document).pk, page])


def print_url(document) -> str:
    return reverse("documents:file-print", args=[document.pk, main_file(document).pk])


def drained() -> list[FileAccess]:
    access_log.access_log_drain()
    return list(FileAccess.objects.order_by("id"))
