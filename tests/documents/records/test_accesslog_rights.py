"""Warnings when rights change (Phụ lục VI III.6.l): the person concerned and the organization's clerks
get a notice when someone is given a document (presented, assigned, redistributed), when a
membership, role, unit, secret clearance or account changes in the admin or through person_upsert,
and when a handling delegation is made or revoked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from documents.models import Notice
from documents.services.incoming.handling import (
    Holder,
    assignment_redistribute,
    incoming_instruct,
    incoming_present,
)
from documents.services.rights_notices import document_access_revoke
from qlvb.models import Membership, Role
from qlvb.models.delegation import DelegationScope
from qlvb.services.delegation import delegation_create, delegation_revoke
from qlvb.services.people import person_upsert
from tests.factories import login_verified, make_user
from tests.qlvb.test_admin_audit import _post_change

from .accesslog_setup import office_with_empty_buffer, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(db):
    yield from office_with_empty_buffer()


def notices(user) -> list[str]:
    return list(Notice.objects.filter(user=user, kind=Notice.Kind.RIGHTS_CHANGED).order_by("id")
                .values_list("text", flat=True))


def test_presenting_tells_the_leader_and_the_other_clerks_not_another_organization(office):
    other_clerk = make_user(office.org, [Role.CLERK], full_name="Văn thư thứ hai")
    doc = registered(office)
    incoming_present(actor=office.clerk, document=doc, leader=office.leader)
    expected = ["Đàm Duy Hưng được quyền xem văn bản 807/VPCP-KSTT: được trình (bởi Hoàng Thị Nhung)."]
    assert notices(office.leader) == expected
    assert notices(other_clerk) == expected
    assert notices(office.clerk) == []  # the clerk who did it knows
    assert notices(office.outsider) == [] and notices(office.specialist) == []
    incoming_present(actor=office.clerk, document=doc, leader=office.leader)  # had it already: nothing new
    assert len(notices(office.leader)) == 1


def test_assigning_and_redistributing_tell_the_new_readers_and_the_clerk(office):
    doc = registered(office)
    incoming_instruct(actor=office.leader, document=doc, text="Giao Phòng VXNV.", lead=Holder(unit=office.vx))
    assert notices(office.head) == ["Lý Văn Thắng được quyền xem văn bản 807/VPCP-KSTT: được giao chủ trì "
                                    "(bởi Đàm Duy Hưng)."]
    assert len(notices(office.clerk)) == 1
    assignment = doc.assignments.get(unit=office.vx, user__isnull=True)
    assignment_redistribute(actor=office.head, assignment=assignment, users=[office.specialist])
    assert notices(office.specialist) == ["Nông Thị Mai được quyền xem văn bản 807/VPCP-KSTT: được giao chủ trì "
                                          "(bởi Lý Văn Thắng)."]
    assert len(notices(office.clerk)) == 2


def test_taking_a_grant_back_tells_the_person_and_the_clerk(office):
    doc = registered(office)
    incoming_instruct(actor=office.leader, document=doc, text="Giao chị Mai.", lead=Holder(user=office.specialist))
    assert document_access_revoke(document=doc, users=[office.specialist, office.head], actor=office.leader,
                                  reason="giao nhầm") == [office.specialist.pk]
    assert notices(office.specialist)[-1] == ("Nông Thị Mai không còn quyền xem văn bản 807/VPCP-KSTT "
                                              "(bởi Đàm Duy Hưng). Lý do: giao nhầm")
    assert notices(office.clerk)[-1] == notices(office.specialist)[-1]
    assert not doc.access_grants.filter(user=office.specialist).exists()


def test_a_role_or_clearance_changed_in_the_admin_tells_the_person_and_the_clerks(client, office, django_user_model):
    root = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Mat-khau-quan-tri-1")
    login_verified(client, root)
    membership = Membership.objects.get(user=office.specialist)
    url = f"/quan-tri/qlvb/membership/{membership.pk}/change/"
    page = client.get(url)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    total = int(page.context["inline_admin_formsets"][0].formset.management_form["TOTAL_FORMS"].value())
    _post_change(client, url, secret_clearance="on", **{f"{prefix}-{total - 1}-role": Role.UNIT_HEAD})
    [text] = notices(office.specialist)
    assert text.startswith("Quyền của Nông Thị Mai tại UBND thay đổi (bởi quantri): ")
    assert "vai trò đổi từ Chuyên viên thành Chuyên viên, Lãnh đạo đơn vị" in text
    assert "được xem văn bản mật" in text
    assert notices(office.clerk) == [text]
    assert notices(office.outsider) == []
    _post_change(client, url)  # saved unchanged: nobody is told again
    assert len(notices(office.clerk)) == 1


def test_a_deactivated_account_or_membership_tells_the_clerks(client, office, django_user_model):
    root = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Mat-khau-quan-tri-1")
    login_verified(client, root)
    _post_change(client, f"/quan-tri/qlvb/user/{office.head.pk}/change/", is_active=None)
    assert "tài khoản bị khóa" in notices(office.clerk)[-1]
    membership = Membership.objects.get(user=office.specialist)
    _post_change(client, f"/quan-tri/qlvb/membership/{membership.pk}/change/", is_active=None)
    assert "bị ngừng làm việc trong cơ quan" in notices(office.clerk)[-1]
    assert "bị ngừng làm việc trong cơ quan" in notices(office.specialist)[-1]


def test_person_upsert_changing_roles_tells_and_unchanged_does_not(office):
    person_upsert(username=office.specialist.username, full_name="Nông Thị Mai", organization=office.org,
                  roles=["specialist"], unit=office.vx)
    assert notices(office.specialist) == []
    person_upsert(username=office.specialist.username, full_name="Nông Thị Mai", organization=office.org,
                  roles=["specialist"], unit=None, actor=office.clerk)
    assert "đơn vị đổi từ Phòng Văn xã - Nội vụ thành (không có)" in notices(office.specialist)[-1]


def test_a_handling_delegation_made_and_revoked_tells_the_delegate_and_the_clerks(office):
    now = timezone.now()
    delegation = delegation_create(actor=office.leader, organization=office.org, delegator=office.leader,
                                   delegate=office.deputy, starts_at=now, ends_at=now + dt.timedelta(days=3),
                                   scope=DelegationScope.HANDLING, signing_form="KT")
    assert "nhận ủy quyền" in notices(office.deputy)[-1] and "Đàm Duy Hưng" in notices(office.deputy)[-1]
    assert notices(office.clerk) == notices(office.deputy)
    delegation_revoke(actor=office.leader, delegation=delegation)
    assert "đã bị thu hồi" in notices(office.deputy)[-1]
    assert len(notices(office.clerk)) == 2


def test_a_delegation_changed_or_deleted_in_the_admin_tells_the_delegate_and_the_clerks(client, office,
                                                                                       django_user_model):
    now = timezone.now()
    delegation = delegation_create(actor=office.leader, organization=office.org, delegator=office.leader,
                                   delegate=office.deputy, starts_at=now, ends_at=now + dt.timedelta(days=3),
                                   scope=DelegationScope.HANDLING, signing_form="KT")
    told = len(notices(office.deputy))
    root = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Mat-khau-quan-tri-1")
    login_verified(client, root)
    url = f"/quan-tri/qlvb/delegation/{delegation.pk}/change/"
    _post_change(client, url, reason="Đi công tác Hà Nội")
    assert "của Đàm Duy Hưng đã được sửa (lý do)" in notices(office.deputy)[-1]
    assert notices(office.clerk)[-1] == notices(office.deputy)[-1]
    _post_change(client, url)  # saved unchanged: nobody is told again
    assert len(notices(office.deputy)) == told + 1

    response = client.post(f"/quan-tri/qlvb/delegation/{delegation.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert "đã bị xóa" in notices(office.deputy)[-1] and "đã bị xóa" in notices(office.clerk)[-1]
    assert notices(office.outsider) == []
