"""The copies screens: requesting a copy from a document's page, signing, sealing, printing, the
copies register and its export — for the right people only, with clear refusals that leave nothing
half-written."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from documents.models import CopyFile, CopyRegister, DocumentAccess, DocumentCopy
from documents.services.copies.workflow import copy_request
from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent
from tests.documents.records.workfile_helpers import make_doc
from tests.e2e import story_fixtures as fx

pytestmark = [pytest.mark.django_db]
demo_cast, story_pki = fx.demo_cast, fx.story_pki  # fixtures

BACKAN, CLERK, LEADER, SPECIALIST = "000.00.00.H05", "backan.vanthu", "backan.lanhdao", "backan.chuyenvien"


@pytest.fixture
def received(demo_cast):
    return make_doc(demo_cast.org(BACKAN), symbol="807/VPCP-KSTT", pages=2, subject="Letter",
                    issued_on=timezone.localdate())


def as_user(client, cast, username):
    client.force_login(cast.user(username))
    return client


def text(response) -> str:
    return response.content.decode()


def nothing_written():
    assert not DocumentCopy.objects.exists() and not CopyFile.objects.exists()
    assert not CopyRegister.objects.filter(last_number__gt=0).exists()


def test_another_organizations_clerk_can_neither_see_nor_copy_the_document(client, demo_cast, received):
    own = copy_request(actor=demo_cast.user(CLERK), original=received, form="SY", mode="e2e")
    as_user(client, demo_cast, "vpcp.vanthu")
    create = reverse("copies:create", args=[received.pk])
    assert client.get(create).status_code == 404
    assert client.post(create, {"form": "SY", "mode": "e2e"}).status_code == 404
    assert client.get(reverse("copies:detail", args=[own.pk])).status_code == 404
    assert client.post(reverse("copies:seal", args=[own.pk]), {"pin": "1"}).status_code == 404
    assert DocumentCopy.objects.count() == 1
    own.refresh_from_db()
    assert own.state == DocumentCopy.State.REQUESTED and own.number is None


def test_a_specialist_requests_a_copy_but_cannot_sign_it(client, demo_cast, received):
    DocumentAccess.objects.create(document=received, user=demo_cast.user(SPECIALIST), reason="assigned")
    as_user(client, demo_cast, SPECIALIST)
    page = client.get(reverse("documents:detail", args=[received.pk]))
    assert "Bản sao" in text(page) and reverse("copies:create", args=[received.pk]) in text(page)
    response = client.post(reverse("copies:create", args=[received.pk]),
                           {"form": "SY", "mode": "e2e", "purpose": "Gửi Sở Tài chính"})
    copy = DocumentCopy.objects.get()
    assert response.status_code == 302 and response.url == reverse("copies:detail", args=[copy.pk])
    assert copy.requested_by.username == SPECIALIST

    detail = client.get(reverse("copies:detail", args=[copy.pk]))
    assert "Ký số bản sao" not in text(detail)
    refused = client.post(reverse("copies:sign", args=[copy.pk]), {"pin": "123456"}, follow=True)
    assert "Bản sao phải do lãnh đạo cơ quan ký." in text(refused)
    copy.refresh_from_db()
    assert copy.state == DocumentCopy.State.REQUESTED and copy.number is None
    assert not CopyRegister.objects.filter(last_number__gt=0).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.COPY_SIGN).exists()
    assert client.get(reverse("copies:register")).status_code == 200  # a specialist reads the register too


@pytest.mark.parametrize(("data", "message"), [
    ({"form": "TrS", "mode": "e2e", "first_page": "2", "last_page": "7"},
     "Trang 2 đến 7 không có trong văn bản: văn bản có 2 trang."),
    ({"form": "TrS", "mode": "e2e"}, "Bản trích sao cần ghi rõ các trang được sao"),
    ({"form": "ZZ", "mode": "e2e"}, "Chọn hình thức sao: sao y (SY), sao lục (SL) hoặc trích sao (TrS)."),
    ({"form": "SY", "mode": "x2y"}, "Chọn cách sao"),
    ({"form": "SY", "mode": "p2e"}, "Hãy tải lên bản quét của văn bản giấy"),
])
def test_bad_requests_are_refused_in_vietnamese_and_nothing_is_written(client, demo_cast, received, data, message):
    as_user(client, demo_cast, CLERK)
    response = client.post(reverse("copies:create", args=[received.pk]), data)
    assert response.status_code == 400
    assert message in text(response)
    nothing_written()
    assert not AuditEvent.objects.filter(action=AuditAction.COPY_REQUEST).exists()


def test_the_walk_through_the_screens_and_the_copies_register(client, demo_cast, received):
    as_user(client, demo_cast, CLERK)
    client.post(reverse("copies:create", args=[received.pk]), {"form": "SY", "mode": "e2e"})
    copy = DocumentCopy.objects.get()

    as_user(client, demo_cast, LEADER)
    assert "Ký số bản sao" in text(client.get(reverse("copies:detail", args=[copy.pk])))
    wrong = client.post(reverse("copies:sign", args=[copy.pk]), {"pin": "000000"}, follow=True)
    assert "Mã PIN không đúng" in text(wrong)
    assert not CopyRegister.objects.filter(last_number__gt=0).exists()  # the number went back
    client.post(reverse("copies:sign", args=[copy.pk]), {"pin": demo_cast.pin(LEADER)})
    copy.refresh_from_db()
    assert (copy.state, copy.symbol) == (DocumentCopy.State.SIGNED, "01/SY-UBND")

    as_user(client, demo_cast, CLERK)
    client.post(reverse("copies:seal", args=[copy.pk]), {"pin": demo_cast.pin(BACKAN)})
    copy.refresh_from_db()
    assert copy.state == DocumentCopy.State.SEALED
    sealed = copy.files.get(kind=CopyFile.Kind.SEALED)
    served = client.get(reverse("copies:file", args=[copy.pk, sealed.pk]))
    assert served["Content-Type"] == "application/pdf" and b"".join(served.streaming_content).startswith(b"%PDF")

    register = client.get(reverse("copies:register"))
    assert "01/SY-UBND" in text(register) and "Đàm Duy Hưng" in text(register)
    export = client.get(reverse("copies:register-xlsx"))
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[2][0] == "01/SY-UBND" and rows[2][2] == "Sao y" and "807/VPCP-KSTT" in rows[2][4]
    assert AuditEvent.objects.filter(action=AuditAction.COPY_REGISTER_EXPORT).exists()
    # Another organization's clerk asking for Bắc Kạn's register gets their own, without Bắc Kạn's copies.
    as_user(client, demo_cast, "vpcp.vanthu")
    backan = {"org": str(demo_cast.org(BACKAN).pk)}
    assert "01/SY-UBND" not in text(client.get(reverse("copies:register"), backan))
    other = load_workbook(io.BytesIO(client.get(reverse("copies:register-xlsx"), backan).content)).active
    assert "Văn phòng Chính phủ" in other["A1"].value and other.max_row == 2
    as_user(client, demo_cast, CLERK)

    # A paper sao lục of the sao y: the clerk numbers it and prints it for the leader's hand signature.
    assert "01/SY-UBND (điện tử sang điện tử)" in text(client.get(reverse("copies:create", args=[received.pk])))
    client.post(reverse("copies:create", args=[received.pk]), {"form": "SL", "mode": "e2p", "source_copy": copy.pk})
    paper = DocumentCopy.objects.get(form="SL")
    assert paper.source_copy == copy
    bad = client.post(reverse("copies:print", args=[paper.pk]),
                      {"signer": str(demo_cast.user(LEADER).pk), "count": "0"})
    assert bad.status_code == 400 and "Nhập số bản in" in text(bad)
    client.post(reverse("copies:print", args=[paper.pk]), {"signer": str(demo_cast.user(LEADER).pk), "count": "2"})
    paper.refresh_from_db()
    assert (paper.symbol, paper.printed_count) == ("02/SL-UBND", 2)
