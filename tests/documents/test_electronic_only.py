"""The e-only catalogue (775/VPCP-KSTT): the organization's administrators keep it, and a type on it
goes on paper to a recipient that can receive it electronically only with a reason, kept on the
addressee, in the audit log and on the paper Recipient at dispatch."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from documents.literals import Secrecy
from documents.models import Addressee, Document, DocumentType, ElectronicOnlyEntry
from documents.selectors.electronic_only import electronic_only_catalogue, is_electronic_only
from documents.services.electronic_only import electronic_only_entry_update
from documents.services.outgoing.drafting import outgoing_draft_create
from documents.services.outgoing.issuing import dispatch_problems
from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def office():
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn")
    outside = make_org("VPCP", name="Văn phòng Chính phủ")
    outside.hosted = False  # reachable over the axis only
    outside.save()
    other = make_org("STTTT", name="Sở Thông tin và Truyền thông")
    return {
        "org": org, "outside": outside, "other": other, "stc": make_org("STC", name="Sở Tài chính tỉnh Bắc Kạn"),
        "clerk": make_user(org, ["clerk"]), "admin": make_user(org, ["admin"], full_name="Quản trị Bắc Kạn"),
        "other_admin": make_user(other, ["admin"]),
        "cv": DocumentType.objects.get(code="cong-van"), "qd": DocumentType.objects.get(code="quyet-dinh"),
    }


def draft(office, *, document_type=None, paper_organizations=(), **kw):
    args = dict(actor=office["clerk"], organization=office["org"], document_type=document_type or office["cv"],
                subject="V/v tăng cường gửi, nhận văn bản điện tử", content=("du-thao.pdf", PDF),
                paper_organizations=list(paper_organizations))
    args.update(kw)
    return outgoing_draft_create(**args)


def test_the_starting_set_is_e_only_and_waits_for_review(office):
    lines = {line.document_type.code: line for line in electronic_only_catalogue(organization=office["org"])}
    for code in ("cong-van", "thong-bao", "ke-hoach", "bao-cao", "giay-moi", "to-trinh"):
        assert lines[code].electronic_only and lines[code].needs_review, code
    assert not lines["quyet-dinh"].electronic_only and not lines["quyet-dinh"].needs_review
    assert "ban-sao-y" not in lines  # copies are outside the catalogue
    assert {line.document_type.group for line in lines.values()} == {"legal", "administrative"}


def test_paper_to_a_reachable_recipient_of_an_e_only_type_needs_a_reason_and_nothing_is_written(office):
    for org in (office["stc"], office["outside"]):  # hosted here, or reachable over the axis
        with pytest.raises(ValidationError) as refused:
            draft(office, paper_organizations=[(org, "  ")])
        assert refused.value.code == "paper_reason_required"
        assert "thuộc danh mục văn bản gửi điện tử" in refused.value.messages[0]
    assert not Document.objects.exists() and not Addressee.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.OUTGOING_DRAFT).exists()


def test_the_reason_is_kept_on_the_addressee_and_in_the_audit_log(office):
    doc = draft(office, recipients=[office["outside"]],
                paper_organizations=[(office["stc"], "Sở yêu cầu bản giấy để đối chiếu")],
                paper_recipients=["Báo Bắc Kạn"])
    rows = {a.name: (a.channel, a.paper_reason) for a in doc.addressees.all()}
    assert rows == {"Văn phòng Chính phủ": ("axis", ""),
                    "Sở Tài chính tỉnh Bắc Kạn": ("paper", "Sở yêu cầu bản giấy để đối chiếu"),
                    "Báo Bắc Kạn": ("paper", "")}  # a name with no organization needs no reason
    event = AuditEvent.objects.get(action=AuditAction.OUTGOING_PAPER_DESPITE_ELECTRONIC_ONLY)
    assert event.data["reason"] == "Sở yêu cầu bản giấy để đối chiếu"
    assert event.data["organ_id"] == office["stc"].organ_id and event.actor == office["clerk"]


def test_the_rule_applies_only_to_e_only_types(office):
    doc = draft(office, document_type=office["qd"], paper_organizations=[(office["stc"], "")])
    assert doc.addressees.get().channel == "paper" and doc.addressees.get().paper_reason == ""
    assert not AuditEvent.objects.filter(action=AuditAction.OUTGOING_PAPER_DESPITE_ELECTRONIC_ONLY).exists()


def test_secret_documents_are_outside_the_catalogue_and_still_never_go_over_the_axis(office):
    secret = draft(office, secrecy=Secrecy.CONFIDENTIAL, paper_organizations=[(office["stc"], "")])
    assert secret.addressees.get().paper_reason == ""
    assert not is_electronic_only(organization=office["org"], document_type=office["cv"], secrecy=Secrecy.SECRET)
    over_axis = draft(office, secrecy=Secrecy.CONFIDENTIAL, recipients=[office["outside"]])
    assert "Văn bản mật không được gửi qua Trục liên thông văn bản quốc gia." in dispatch_problems(over_axis)


def test_an_organizations_own_line_decides_for_it_alone(office):
    electronic_only_entry_update(actor=office["admin"], organization=office["org"], document_type=office["cv"],
                                 electronic_only=False, reviewed=True, note="Tạm thời vẫn gửi giấy")
    assert not is_electronic_only(organization=office["org"], document_type=office["cv"])
    assert is_electronic_only(organization=office["other"], document_type=office["cv"])  # untouched
    doc = draft(office, paper_organizations=[(office["stc"], "")])
    assert doc.addressees.get().paper_reason == ""


def test_an_admin_edits_the_catalogue_and_every_change_is_audited(office):
    entry = electronic_only_entry_update(actor=office["admin"], organization=office["org"],
                                         document_type=office["qd"], electronic_only=True, reviewed=True,
                                         note=" Theo 775/VPCP-KSTT ")
    assert (entry.electronic_only, entry.needs_review, entry.note) == (True, False, "Theo 775/VPCP-KSTT")
    assert entry.changed_by == office["admin"] and entry.changed_at is not None
    electronic_only_entry_update(actor=office["admin"], organization=office["org"], document_type=office["qd"],
                                 electronic_only=False, reviewed=False)
    events = list(AuditEvent.objects.filter(action=AuditAction.ELECTRONIC_ONLY_CHANGE).order_by("seq"))
    assert [e.data["after"]["electronic_only"] for e in events] == [True, False]
    assert events[0].data["before"] == {"electronic_only": False, "needs_review": False, "note": ""}
    assert events[1].data["before"]["note"] == "Theo 775/VPCP-KSTT" and events[1].organization == office["org"]
    assert ElectronicOnlyEntry.objects.get().needs_review


def test_only_the_organizations_admins_edit_and_bad_input_writes_nothing(office):
    for actor in (office["clerk"], office["other_admin"]):
        with pytest.raises(PermissionDenied):
            electronic_only_entry_update(actor=actor, organization=office["org"], document_type=office["cv"],
                                         electronic_only=False, reviewed=True)
    with pytest.raises(ValidationError, match="Ghi chú dài quá 500 ký tự"):
        electronic_only_entry_update(actor=office["admin"], organization=office["org"], document_type=office["cv"],
                                     electronic_only=False, reviewed=True, note="x" * 501)
    with pytest.raises(ValidationError, match="Bản sao không thuộc danh mục"):
        electronic_only_entry_update(actor=office["admin"], organization=office["org"],
                                     document_type=DocumentType.objects.get(code="ban-sao-y"),
                                     electronic_only=True, reviewed=True)
    assert not ElectronicOnlyEntry.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ELECTRONIC_ONLY_CHANGE).exists()
