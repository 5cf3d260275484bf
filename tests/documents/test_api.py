"""The REST API of documents: its OpenAPI schema, the incoming workflow through it, registers, and
that nothing of another organization leaks (empty lists, 404s)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import include, path, reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from openpyxl import load_workbook
from rest_framework.test import APIClient

from documents.api.urls import document_patterns
from documents.models import Document, DocumentType
from documents.services.incoming.handling import Holder, incoming_instruct
from documents.services.incoming.recall import incoming_recall_request
from documents.services.incoming.registration import incoming_create_paper, incoming_register
from documents.services.indexing import document_index
from documents.services.registers import register_open
from tests.factories import make_org, make_unit, make_user

pytestmark = pytest.mark.django_db
OUR_PATHS = {
    "/api/documents/", "/api/documents/{id}/", "/api/documents/search/", "/api/documents/{id}/register/",
    "/api/documents/{id}/reject/", "/api/documents/{id}/present/", "/api/documents/{id}/instruct/",
    "/api/documents/{id}/recall-answer/", "/api/documents/{id}/metadata/", "/api/assignments/{id}/progress/", "/api/assignments/{id}/complete/",
    "/api/registers/{kind}/", "/api/registers/{kind}/xlsx/", "/api/registers/{kind}/pdf/", "/api/saved-searches/",
    "/api/saved-searches/{id}/",
}


def test_the_schema_of_the_documents_api_generates_without_warnings_or_errors():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=[path("api/", include((document_patterns, "documents-api")))]).get_schema(public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS, {"warnings": dict(GENERATOR_STATS._warn_cache),
                                 "errors": dict(GENERATOR_STATS._error_cache)}
    assert set(schema["paths"]) == OUR_PATHS
    instruct = schema["paths"]["/api/documents/{id}/instruct/"]["post"]
    assert set(instruct["responses"]) == {"200", "400", "403", "404"}
    assert "application/pdf" in schema["paths"]["/api/registers/{kind}/pdf/"]["get"]["responses"]["200"]["content"]


def test_the_served_schema_and_docs_contain_the_endpoints(client):
    client.force_login(make_user(make_org(), ["clerk"]))
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert OUR_PATHS <= set(schema["paths"])
    assert client.get("/api/docs/").status_code == 200


@pytest.fixture
def office():
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn", organ_id="000.00.00.H05")
    other = make_org("STC", name="Sở Tài chính tỉnh Bắc Kạn", organ_id="000.00.11.H05")
    vpcp = make_org("VPCP", name="Văn phòng Chính phủ", organ_id="000.00.00.G22")
    for o in (org, other):
        register_open(organization=o, direction="in", year=dt.date.today().year, name="Sổ văn bản đến")
    vx = make_unit(org, "VXNV", "Phòng Văn xã - Nội vụ")
    o = {"org": org, "other": other, "vpcp": vpcp, "vx": vx, "cv": DocumentType.objects.get(code="cong-van"),
         "clerk": make_user(org, ["clerk"]), "leader": make_user(org, ["leader"]),
         "specialist": make_user(org, ["specialist"], unit=vx, full_name="Nông Thị Mai"),
         # The unit's head: a unit with nobody to distribute its work cannot be given any (issue 14).
         "head": make_user(org, ["unit_head"], unit=vx, full_name="Lý Văn Thắng"),
         "outsider": make_user(other, ["clerk", "leader"])}
    o["doc"] = incoming_create_paper(
        actor=o["clerk"], organization=org, document_type=o["cv"], symbol="807/VPCP-KSTT",
        subject="V/v tăng cường phòng, chống dịch", issued_on=dt.date(2021, 2, 1), issuer=vpcp)
    document_index(document=o["doc"])
    return o


def api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def url(name: str, *args) -> str:
    return reverse(f"documents-api:{name}", args=args)


def test_the_incoming_workflow_through_the_api(office):
    clerk, leader, specialist, doc = api(office["clerk"]), api(office["leader"]), api(office["specialist"]), office["doc"]
    answer = clerk.post(url("document-register", doc.pk), {}, format="json")
    assert answer.status_code == 200 and answer.json()["state"] == "registered"
    assert answer.json()["register_number"] == 1
    answer = clerk.post(url("document-present", doc.pk), {"leader": office["leader"].pk, "note": "Kính trình"},
                        format="json")
    assert answer.json()["state"] == "presented"
    answer = leader.post(url("document-instruct", doc.pk), {
        "text": "Giao đồng chí Mai chủ trì", "lead": {"user": office["specialist"].pk}, "deadline_days": 3,
        "inform": [{"unit": office["vx"].pk}]}, format="json")
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["state"] == "assigned" and body["due_date"]
    lead = next(a for a in body["assignments"] if a["role"] == "lead")
    assert lead["user"] == "Nông Thị Mai" and body["instructions"][0]["text"] == "Giao đồng chí Mai chủ trì"
    answer = specialist.post(url("assignment-progress", lead["id"]), {"text": "Đang dự thảo", "percent": 40},
                             format="json")
    assert answer.status_code == 200 and answer.json()["state"] == "processing"
    answer = specialist.post(url("assignment-complete", lead["id"]), {"result": "Đã trả lời"}, format="json")
    assert answer.json()["state"] == "done"


def test_rules_and_roles_answer_400_and_403_in_english(office):
    clerk, leader, doc = api(office["clerk"]), api(office["leader"]), office["doc"]
    answer = leader.post(url("document-register", doc.pk), {}, format="json")
    assert answer.status_code == 403
    assert answer.json()["detail"] == "Only a clerk of the organization may do this."
    assert answer.json()["detail_vi"].startswith("Chỉ văn thư")
    answer = clerk.post(url("document-reject", doc.pk), {}, format="json")
    assert answer.status_code == 400 and answer.json() == {"reason": ["This field is required."]}
    answer = clerk.post(url("document-reject", doc.pk), {"reason": "   "}, format="json")
    assert answer.status_code == 400 and answer.json()["reason"] == ["This field may not be blank."]
    answer = clerk.post(url("document-recall-answer", doc.pk), {"agree": True}, format="json")
    assert answer.json()["detail"] == "The sender has not asked to take this document back."
    answer = leader.post(url("document-instruct", doc.pk), {"text": "x", "lead": {"unit": office["vx"].pk}},
                         format="json")
    assert answer.status_code == 400
    assert answer.json()["detail"] == "The document must be registered before instructions are given."
    clerk.post(url("document-register", doc.pk), {}, format="json")
    answer = leader.post(url("document-instruct", doc.pk), {"text": "x", "lead": {"user": office["outsider"].pk}},
                         format="json")
    assert answer.status_code == 400 and answer.json()["detail"] == "No such user in the organization."
    assert "Sở Tài chính" not in answer.content.decode()


def test_a_duplicate_is_refused_until_confirmed(office):
    clerk = api(office["clerk"])
    clerk.post(url("document-register", office["doc"].pk), {}, format="json")
    again = incoming_create_paper(actor=office["clerk"], organization=office["org"], document_type=office["cv"],
                                  symbol="807/VPCP-KSTT", subject="Bản gửi lại", issued_on=None, issuer=office["vpcp"])
    answer = clerk.post(url("document-register", again.pk), {}, format="json")
    assert answer.status_code == 400 and "allow_duplicate" in answer.json()["detail"]
    answer = clerk.post(url("document-register", again.pk), {"allow_duplicate": True}, format="json")
    assert answer.json()["register_number"] == 2


def test_recall_answer(office):
    incoming_register(actor=office["clerk"], document=office["doc"])
    incoming_recall_request(document=office["doc"], reason="Sai thể thức")
    answer = api(office["clerk"]).post(url("document-recall-answer", office["doc"].pk), {"agree": True},
                                       format="json")
    assert answer.status_code == 200 and answer.json()["state"] == "recalled" and answer.json()["is_frozen"]


def test_list_detail_and_search(office):
    clerk = api(office["clerk"])
    listed = clerk.get(url("document-list"), {"direction": "in"}).json()
    assert listed["count"] == 1 and listed["results"][0]["symbol"] == "807/VPCP-KSTT"
    assert clerk.get(url("document-list"), {"state": "done"}).json()["count"] == 0
    assert clerk.get(url("document-list"), {"state": "nonsense"}).status_code == 400
    detail = clerk.get(url("document-detail", office["doc"].pk)).json()
    assert detail["subject"] == "V/v tăng cường phòng, chống dịch" and detail["files"] == []
    found = clerk.get(url("document-search"), {"q": "phong chong dich"}).json()
    assert [d["id"] for d in found["results"]] == [office["doc"].pk]
    assert clerk.get(url("document-search"), {}).json()["count"] == 0


def test_lists_and_searches_are_per_organization_the_first_by_default(office):
    from qlvb.services.people import person_upsert

    both = office["outsider"]
    person_upsert(username=both.username, full_name="Hai nơi", organization=office["org"], roles=["clerk"])
    client = api(both)
    assert client.get(url("document-list")).json()["count"] == 0  # their first organization: Sở Tài chính
    assert client.get(url("document-list"), {"organization": office["org"].pk}).json()["count"] == 1
    assert client.get(url("document-search"), {"q": "chong dich"}).json()["count"] == 0
    found = client.get(url("document-search"), {"q": "chong dich", "organization": office["org"].pk}).json()
    assert [d["symbol"] for d in found["results"]] == ["807/VPCP-KSTT"]


def test_another_organization_gets_nothing(office):
    outsider, doc = api(office["outsider"]), office["doc"]
    incoming_register(actor=office["clerk"], document=doc)
    incoming_instruct(actor=office["leader"], document=doc, text="Giao", lead=Holder(user=office["specialist"]))
    assignment = doc.assignments.get()
    assert outsider.get(url("document-list")).json()["count"] == 0
    assert outsider.get(url("document-search"), {"q": "phong chong dich"}).json()["count"] == 0
    assert outsider.get(url("document-search"), {"q": "807"}).json()["results"] == []
    assert outsider.get(url("document-detail", doc.pk)).status_code == 404
    for name, body in (("document-register", {}), ("document-reject", {"reason": "x"}),
                       ("document-present", {"leader": office["leader"].pk}),
                       ("document-instruct", {"text": "x", "lead": {"user": office["specialist"].pk}}),
                       ("document-recall-answer", {"agree": True})):
        assert outsider.post(url(name, doc.pk), body, format="json").status_code == 404, name
    for name, body in (("assignment-progress", {"text": "x"}), ("assignment-complete", {"result": "x"})):
        assert outsider.post(url(name, assignment.pk), body, format="json").status_code == 404, name
    rows = outsider.get(url("register-rows", "incoming")).json()
    assert rows["organization"] == "Sở Tài chính tỉnh Bắc Kạn" and rows["count"] == 0
    assert outsider.get(url("register-rows", "incoming"), {"organization": office["org"].pk}).status_code == 404
    workbook = load_workbook(io.BytesIO(outsider.get(url("register-xlsx", "incoming")).content))
    assert "807/VPCP-KSTT" not in str([row for row in workbook.active.iter_rows(values_only=True)])
    # Someone of the same organization without a grant sees nothing either.
    assert api(make_user(office["org"], ["specialist"])).get(url("document-detail", doc.pk)).status_code == 404


def test_anonymous_callers_are_refused(office):
    assert APIClient().get(url("document-list")).status_code == 403


def test_registers_over_the_api(office):
    incoming_register(actor=office["clerk"], document=office["doc"])
    clerk = api(office["clerk"])
    rows = clerk.get(url("register-rows", "incoming")).json()
    assert rows["columns"][:2] == ["Ngày đến", "Số đến"] and rows["count"] == 1
    assert rows["results"][0]["cells"][3] == "807/VPCP-KSTT"
    xlsx = clerk.get(url("register-xlsx", "tracking"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws["A2"].value == "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN" and ws["A7"].value == "01"
    pdf = clerk.get(url("register-pdf", "incoming"), HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert clerk.get(url("register-rows", "nothing")).status_code == 404
    assert Document.objects.get(pk=office["doc"].pk).register_number == 1


def test_saved_searches_over_the_api(office):
    clerk = api(office["clerk"])
    saved = clerk.post(url("saved-search-list"), {"name": "Dịch", "params": {"q": "phong chong dich"}}, format="json")
    assert saved.status_code == 201 and saved.json()["params"] == {"q": "phong chong dich"}
    assert [s["name"] for s in clerk.get(url("saved-search-list")).json()] == ["Dịch"]
    assert api(office["outsider"]).delete(url("saved-search-detail", saved.json()["id"])).status_code == 404
    assert clerk.post(url("saved-search-list"), {"name": "x", "params": {}}, format="json").status_code == 400
    assert clerk.delete(url("saved-search-detail", saved.json()["id"])).status_code == 204
