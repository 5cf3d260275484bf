"""One refusal, two audiences: a service raises a code; the API answers with the code and English,
the screens show the Vietnamese, and neither reads the other's words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from documents.errors import DocumentError
from documents.models import DocumentType
from documents.services.incoming.registration import incoming_create_paper
from documents.services.registers import register_open
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db
NOT_A_CLERK_VI = "Chỉ văn thư của cơ quan mới được thực hiện thao tác này."


@pytest.fixture
def office():
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn", organ_id="000.00.00.H05")
    register_open(organization=org, direction="in", year=dt.date.today().year, name="Sổ văn bản đến")
    clerk = make_user(org, ["clerk"])
    doc = incoming_create_paper(actor=clerk, organization=org, document_type=DocumentType.objects.get(code="cong-van"),
                                symbol="807/VPCP-KSTT", subject="V/v tăng cường phòng, chống dịch", issued_on=None,
                                issuer=make_org("VPCP", name="Văn phòng Chính phủ", organ_id="000.00.00.G22"))
    return {"org": org, "clerk": clerk, "doc": doc, "leader": make_user(org, ["leader"]),
            "specialist": make_user(org, ["specialist"], full_name="Nông Thị Mai")}


def api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def register_api(doc) -> str:
    return reverse("documents-api:document-register", args=[doc.pk])


def test_the_same_refusal_reaches_the_api_with_its_code_and_the_screen_in_vietnamese(client, office):
    answer = api(office["leader"]).post(register_api(office["doc"]), {}, format="json")
    assert answer.status_code == 403
    assert answer.json() == {"code": "not_a_clerk", "detail": "Only a clerk of the organization may do this.",
                             "detail_vi": NOT_A_CLERK_VI}

    client.force_login(office["leader"])
    page = client.post(reverse("documents:register", args=[office["doc"].pk]), follow=True).content.decode()
    assert NOT_A_CLERK_VI in page and "Only a clerk" not in page


def test_the_parameters_are_filled_in_each_language(office):
    clerk = api(office["clerk"])
    assert clerk.post(register_api(office["doc"]), {}, format="json").status_code == 200
    answer = clerk.post(reverse("documents-api:document-present", args=[office["doc"].pk]),
                        {"leader": office["specialist"].pk}, format="json")
    assert answer.status_code == 400
    body = answer.json()
    assert body["detail"] == "Nông Thị Mai is not a leader of Ủy ban nhân dân tỉnh Bắc Kạn."
    assert body["detail_vi"] == "Nông Thị Mai không phải lãnh đạo của Ủy ban nhân dân tỉnh Bắc Kạn."
    assert body["code"] == "not_a_leader"


def test_the_vietnamese_words_can_change_without_the_api_noticing(client, office, monkeypatch):
    catalogue = translation.trans_real.translation("vi")._catalog
    with translation.override("en"):
        msgid = str(DocumentError.NOT_A_CLERK.label)
    monkeypatch.setitem(catalogue, msgid, "Việc này dành cho văn thư.")

    answer = api(office["leader"]).post(register_api(office["doc"]), {}, format="json")
    assert (answer.status_code, answer.json()["code"]) == (403, "not_a_clerk")
    assert answer.json()["detail"] == "Only a clerk of the organization may do this."
    assert answer.json()["detail_vi"] == "Việc này dành cho văn thư."
    client.force_login(office["leader"])
    page = client.post(reverse("documents:register", args=[office["doc"].pk]), follow=True).content.decode()
    assert "Việc này dành cho văn thư." in page


def test_a_missing_register_is_for_an_administrator_to_open(office):
    lonely = make_org("STC", name="Sở Tài chính tỉnh Bắc Kạn", organ_id="000.00.11.H05")
    clerk = make_user(lonely, ["clerk"])
    doc = incoming_create_paper(actor=clerk, organization=lonely, document_type=DocumentType.objects.get(code="cong-van"),
                                symbol="1/STC", subject="Thử", issued_on=None, issuer=office["org"])
    answer = api(clerk).post(register_api(doc), {}, format="json")
    year = dt.date.today().year
    assert answer.status_code == 409
    assert answer.json() == {
        "code": "no_register",
        "detail": f"No register is open for “Công văn” documents in {year}; an administrator must open one.",
        "detail_vi": f"Chưa có sổ cho loại “Công văn” năm {year}. Đề nghị quản trị mở sổ.",
    }


def test_the_api_error_module_translates_no_words():
    import documents.api.dispatch_errors as dispatch_errors
    import documents.api.errors as errors

    assert not hasattr(errors, "TRANSLATIONS") and not hasattr(errors, "english")
    assert not hasattr(dispatch_errors, "DISPATCH") and not hasattr(dispatch_errors, "dispatch_problem_english")


def test_dispatch_problems_are_words_of_the_moment_with_their_codes():
    from documents.services.outgoing.issuing import IssueError, Problems
    from qlvb.errors import Message

    problems = Problems([Message(DocumentError.NOT_SEALED), Message(DocumentError.NO_ADDRESSEES)])
    assert problems == ["Văn bản chưa có chữ ký số của cơ quan (chưa đóng dấu).", "Văn bản chưa có nơi nhận."]
    assert [p.code for p in problems] == ["not_sealed", "no_addressees"]
    refused = IssueError(DocumentError.DISPATCH_REFUSED, problems=problems)
    assert refused.messages == ["Văn bản chưa có chữ ký số của cơ quan (chưa đóng dấu). Văn bản chưa có nơi nhận."]
    assert refused.text("en") == ("The document cannot be dispatched yet: The document has no organization signature "
                                  "(seal). The document has no addressees.")
