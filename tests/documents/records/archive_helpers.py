"""Shared pieces of the archive tests: an organization with its people, closed hồ sơ with documents
and files, and two stand-ins for what other parts of issue 15 bring at merge (the hồ sơ page
`records:detail`, which the access services link to, and the long-term proof task)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from reportlab.pdfgen.canvas import Canvas

from documents.models.records import RecordFile, RecordItem
from documents.services.files import file_store
from documents.services.records import archive as archive_services
from qlvb.models import Organization, Unit, User
from tests.factories import make_document, make_org, make_unit, make_user


def small_pdf(text: str = "Văn bản thử nghiệm", pages: int = 1) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    for number in range(pages):
        canvas.drawString(72, 720, f"{text} - trang {number + 1}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


@dataclass
class Office:
    org: Organization
    unit: Unit
    owner: User  # a specialist of the unit
    colleague: User  # another specialist of the unit
    head: User  # the unit head
    archivist: User  # no unit
    leader: User  # no unit
    clerk: User


def make_office(short: str = "UBND") -> Office:
    org = make_org(short)
    unit = make_unit(org, "VX", "Phòng Văn xã")
    return Office(
        org=org, unit=unit,
        owner=make_user(org, ["specialist"], unit=unit, full_name="Nông Thị Mai"),
        colleague=make_user(org, ["specialist"], unit=unit, full_name="Hoàng Văn Bình"),
        head=make_user(org, ["unit_head"], unit=unit, full_name="Lý Văn Thắng"),
        archivist=make_user(org, ["archivist"], full_name="Lâm Thị Thu"),
        leader=make_user(org, ["leader"], full_name="Hoàng Văn Nam"),
        clerk=make_user(org, ["clerk"], full_name="Đinh Thị Hoa"),
    )


def make_record(office: Office, *, code: str = "01.VX", retention: int = 10, state: str = "closed",
                documents: int = 2, ended_on: dt.date | None = None, owner: User | None = None,
                title: str = "Hồ sơ về việc tăng cường gửi, nhận văn bản điện tử") -> RecordFile:
    ended_on = ended_on or dt.date.today() - dt.timedelta(days=200)
    record = RecordFile.objects.create(
        organization=office.org, year=ended_on.year, code=code, title=title, retention_years=retention,
        owner=owner or office.owner, unit=office.unit, state=state, started_on=ended_on - dt.timedelta(days=60),
        ended_on=ended_on)
    for ordinal in range(1, documents + 1):
        document = make_document(office.org, unit=office.unit, subject=f"Văn bản số {ordinal} của {code}")
        document.symbol, document.issued_on = f"{ordinal}/{code}", ended_on
        document.save(update_fields=["symbol", "issued_on"])
        file_store(document=document, name=f"van-ban-{ordinal}.pdf", data=small_pdf(pages=ordinal),
                   content_type="application/pdf")
        RecordItem.objects.create(record=record, ordinal=ordinal, document=document, added_by=record.owner)
    return record


@pytest.fixture(name="media")
def media_fixture(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


@pytest.fixture(name="enqueued")
def enqueued_fixture(monkeypatch) -> list[tuple]:
    """What the archive services asked to run on commit (the long-term proof task is another part's)."""
    calls: list[tuple] = []
    monkeypatch.setattr(archive_services, "enqueue_on_commit",
                        lambda name, *args, **kwargs: calls.append((name, *args)))
    return calls
