"""Sổ gửi văn bản đi bưu điện (Nghị định 30, Phụ lục IV, mẫu III) as rows, for the page and for the
Excel and PDF files made by the registers' own writers (documents.exports.xlsx, .pdf)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from documents.exports.registers import Column, RegisterSheet, RegisterSpec
from documents.literals import Direction
from documents.models import Document, PostRegisterEntry
from qlvb.models import Organization

POST = "post"
POST_SPEC = RegisterSpec(POST, "SỔ GỬI VĂN BẢN ĐI BƯU ĐIỆN", "Sổ gửi văn bản đi bưu điện", Direction.OUTGOING, (
    Column("Ngày chuyển", 22), Column("Số, ký hiệu văn bản", 36), Column("Nơi nhận văn bản", 80),
    Column("Số lượng bì", 20), Column("Ký nhận và dấu bưu điện", 60), Column("Ghi chú", 44),
), link_column=1)


def post_register_entries(*, user, organization: Organization, date_from: dt.date, date_to: dt.date
                          ) -> QuerySet[PostRegisterEntry]:
    """The organization's rows sent between the two dates (both included), in sending order: those of
    the documents `user` may read (a clerk or a leader: all of them), as the other registers."""
    return (PostRegisterEntry.objects.filter(organization=organization, sent_on__gte=date_from, sent_on__lte=date_to,
                                             document__in=Document.objects.visible_to(user))
            .select_related("document").order_by("sent_on", "id"))


def post_register_row(entry: PostRegisterEntry) -> list[str]:
    return [f"{entry.sent_on:%d/%m/%Y}", entry.document.symbol, entry.recipient_name, str(entry.envelopes),
            entry.receipt, entry.note]


def post_register_sheet(*, user, organization: Organization, date_from: dt.date, date_to: dt.date) -> RegisterSheet:
    entries = post_register_entries(user=user, organization=organization, date_from=date_from, date_to=date_to)
    rows = [post_register_row(e) for e in entries]
    return RegisterSheet(spec=POST_SPEC, organization=organization, rows=rows, total=len(rows),
                         date_from=date_from, date_to=date_to)
