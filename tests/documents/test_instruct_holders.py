"""The instruction form (Phiếu giải quyết) offers only units and people who can act on the work
(issue 14, finding 7), and the server refuses the rest with a clear Vietnamese error.

Before: it offered units with no members (nobody ever saw the assignment) and "Quản trị hệ thống",
an admin with no document role, as the lead; the assignment was silently orphaned.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from documents.models import Assignment, Document, Instruction
from documents.services.incoming.handling import Holder, incoming_instruct, incoming_present
from qlvb.errors import Refused
from tests.factories import make_unit, make_user

from .test_views_setup import html, make_office, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    o = make_office()
    o.empty = make_unit(o.org, "TCKH", "Phòng Tài chính - Kế hoạch")  # no members at all
    o.headless = make_unit(o.org, "TP", "Phòng Tư pháp")  # a specialist, nobody to distribute
    o.lone = make_user(o.org, ["specialist"], unit=o.headless, full_name="Triệu Văn Lẻ")
    o.admin = make_user(o.org, ["admin"], full_name="Quản trị hệ thống")
    o.other_unit = make_unit(o.other, "NS", "Phòng Ngân sách")
    make_user(o.other, ["unit_head"], unit=o.other_unit, full_name="Trưởng phòng cơ quan khác")
    return o


def presented(office) -> Document:
    doc = registered(office)
    incoming_present(actor=office.clerk, document=doc, leader=office.leader)
    return Document.objects.get(pk=doc.pk)


def nothing_written(doc: Document) -> None:
    assert not Instruction.objects.exists() and not Assignment.objects.exists()
    assert Document.objects.get(pk=doc.pk).state == "presented"


def test_the_form_offers_only_units_with_a_head_and_people_who_handle_documents(client, office):
    doc = presented(office)
    client.force_login(office.leader)
    page = html(client.get(reverse("documents:instruct", args=[doc.pk])))
    assert f'value="unit:{office.vx.pk}"' in page and f'value="user:{office.specialist.pk}"' in page
    assert f'value="user:{office.head.pk}"' in page and f'value="user:{office.lone.pk}"' in page
    assert f'value="unit:{office.empty.pk}"' not in page and "Phòng Tài chính - Kế hoạch" not in page
    assert f'value="unit:{office.headless.pk}"' not in page
    assert f'value="user:{office.admin.pk}"' not in page and "Quản trị hệ thống" not in page
    assert "Phòng Ngân sách" not in page  # another organization's unit


@pytest.mark.parametrize("field", ["lead", "coordinate", "inform"])
def test_a_unit_nobody_can_distribute_is_refused_in_vietnamese_and_nothing_is_written(client, office, field):
    doc = presented(office)
    client.force_login(office.leader)
    data = {"text": "Giao chủ trì tham mưu", "lead": f"user:{office.specialist.pk}"}
    data[field] = f"unit:{office.empty.pk}"
    response = client.post(reverse("documents:instruct", args=[doc.pk]), data)
    assert response.status_code == 200
    assert ("Phòng Tài chính - Kế hoạch chưa có lãnh đạo đơn vị để phân công xử lý: hãy chọn đơn vị khác "
            "hoặc giao cho một người cụ thể.") in html(response)
    nothing_written(doc)
    data[field] = f"unit:{office.headless.pk}"
    assert "Phòng Tư pháp chưa có lãnh đạo đơn vị" in html(client.post(reverse("documents:instruct",
                                                                               args=[doc.pk]), data))
    nothing_written(doc)


def test_the_system_admin_cannot_be_made_the_lead(client, office):
    doc = presented(office)
    client.force_login(office.leader)
    response = client.post(reverse("documents:instruct", args=[doc.pk]),
                           {"text": "Giao quản trị chủ trì", "lead": f"user:{office.admin.pk}"})
    assert ("Quản trị hệ thống không có vai trò xử lý văn bản (văn thư, lãnh đạo, lãnh đạo đơn vị hoặc "
            "chuyên viên): hãy chọn người khác.") in html(response)
    nothing_written(doc)


def test_another_organization_s_unit_or_a_made_up_value_is_refused(client, office):
    doc = presented(office)
    client.force_login(office.leader)
    url = reverse("documents:instruct", args=[doc.pk])
    for value in (f"unit:{office.other_unit.pk}", f"user:{office.outsider.pk}", "unit:999999", "nhom:1"):
        page = html(client.post(url, {"text": "Giao", "lead": value}))
        assert "Lựa chọn không hợp lệ: đơn vị hoặc người này không thuộc cơ quan." in page, value
    nothing_written(doc)


def test_the_service_refuses_them_too_for_every_caller(office):
    doc = presented(office)
    for holders, code in (
        ({"lead": Holder(unit=office.empty)}, "unit_without_head"),
        ({"lead": Holder(unit=office.headless)}, "unit_without_head"),
        ({"lead": Holder(user=office.admin)}, "not_a_handler"),
        ({"lead": Holder(user=office.specialist), "inform": [Holder(unit=office.empty)]}, "unit_without_head"),
        ({"lead": Holder(user=office.specialist), "coordinate": [Holder(user=office.admin)]}, "not_a_handler"),
    ):
        with pytest.raises(Refused) as refused:
            incoming_instruct(actor=office.leader, document=doc, text="Giao", **holders)
        assert refused.value.code == code
    nothing_written(doc)
    # A unit whose head left is refused; one with a head is accepted and its head gets the work.
    office.head.is_active = False
    office.head.save(update_fields=["is_active"])
    with pytest.raises(Refused):
        incoming_instruct(actor=office.leader, document=doc, text="Giao", lead=Holder(unit=office.vx))
    office.head.is_active = True
    office.head.save(update_fields=["is_active"])
    incoming_instruct(actor=office.leader, document=doc, text="Giao", lead=Holder(unit=office.vx))
    assert Document.objects.visible_to(office.head).filter(pk=doc.pk).exists()


def test_the_api_answers_400_with_the_reason_in_english_and_vietnamese(office):
    doc = presented(office)
    api = APIClient()
    api.force_login(office.leader)
    answer = api.post(reverse("documents-api:document-instruct", args=[doc.pk]),
                      {"text": "x", "lead": {"unit": office.empty.pk}}, format="json")
    assert answer.status_code == 400
    assert answer.json()["detail"] == ("Phòng Tài chính - Kế hoạch has no unit head to distribute the document: "
                                       "choose another unit or a person.")
    assert answer.json()["detail_vi"].startswith("Phòng Tài chính - Kế hoạch chưa có lãnh đạo đơn vị")
    answer = api.post(reverse("documents-api:document-instruct", args=[doc.pk]),
                      {"text": "x", "lead": {"user": office.admin.pk}}, format="json")
    assert answer.status_code == 400 and answer.json()["detail"].startswith("Quản trị hệ thống does not handle")
    nothing_written(doc)
