"""Who may delegate to whom and in which signing form (NĐ30 Điều 13, Phụ lục I 7.b; seed 004 §1.b),
bad input refused with nothing written, and the end recorded by itself once."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from documents.models.notices import Notice
from qlvb.access import delegation_in_force
from qlvb.models import AuditEvent, Delegation, SigningForm
from qlvb.models.delegation import DelegationScope, ReasonKind
from qlvb.services.delegation import delegation_create, delegation_revoke, delegations_end
from tests.factories import make_org, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = make_org("UBND")
    vx = make_unit(org, "VXNV", "Phòng Văn xã")
    return {
        "org": org,
        "chairman": make_user(org, ["leader"], full_name="Đàm Duy Hưng"),
        "vice": make_user(org, ["leader"], full_name="Hà Văn Phó"),
        "head": make_user(org, ["unit_head"], unit=vx, full_name="Lý Văn Thắng"),
        "specialist": make_user(org, ["specialist"], unit=vx, full_name="Nông Thị Mai"),
        "clerk": make_user(org, ["clerk"], full_name="Văn Thư"),
        "outsider": make_user(make_org("BTC"), ["leader"], full_name="Người Ngoài"),
    }


def _create(o, **overrides):
    now = timezone.now()
    args = dict(actor=o["chairman"], organization=o["org"], delegator=o["chairman"], delegate=o["head"],
                starts_at=now, ends_at=now + dt.timedelta(days=4), scope=DelegationScope.SIGNING,
                signing_form=SigningForm.TUQ, reason_kind=ReasonKind.BUSINESS_TRIP, reason="Hà Nội")
    args.update(overrides)
    return delegation_create(**args)


def _nothing_written():
    return not Delegation.objects.exists() and not AuditEvent.objects.filter(action="delegation.create").exists()


def test_a_leader_delegates_signing_to_a_head_of_unit_with_the_reason_kind_kept_for_the_figures(org):
    d = _create(org)
    assert (d.reason_kind, d.reason, d.signing_form) == ("business_trip", "Hà Nội", "TUQ")
    assert delegation_in_force(delegate=org["head"], delegator=org["chairman"], scope="signing") == d
    event = AuditEvent.objects.get(action="delegation.create")
    assert event.data["reason_kind"] == "business_trip"
    assert "nhận ủy quyền" in Notice.objects.get(user=org["head"]).text


@pytest.mark.parametrize("who, form, message", [
    ("specialist", SigningForm.TUQ, "chuyên viên"),   # seed 004: no delegating to specialists
    ("clerk", SigningForm.TUQ, "chuyên viên"),
    ("head", SigningForm.KT, r"Ký thay \(KT\.\) chỉ giao cho cấp phó"),  # KT. is a deputy's form
    ("vice", SigningForm.TM, "tập thể"),  # TM. is no delegation
])
def test_the_signing_form_must_fit_the_delegate(org, who, form, message):
    with pytest.raises(ValidationError, match=message):
        _create(org, delegate=org[who], signing_form=form)
    assert _nothing_written()


def test_ky_thay_goes_to_a_deputy_leader(org):
    assert _create(org, delegate=org["vice"], signing_form=SigningForm.KT).signing_form == "KT"


def test_a_specialist_cannot_give_a_signing_delegation(org):
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo"):
        _create(org, actor=org["specialist"], delegator=org["specialist"], delegate=org["head"])
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo"):
        _create(org, actor=org["head"], delegator=org["head"], delegate=org["vice"])
    assert _nothing_written()


def test_no_delegation_to_someone_of_another_organization(org):
    with pytest.raises(ValidationError, match="không thuộc"):
        _create(org, delegate=org["outsider"])
    assert _nothing_written()


@pytest.mark.parametrize("change, message", [
    (lambda now: {"starts_at": now + dt.timedelta(days=2), "ends_at": now + dt.timedelta(days=1)},
     "kết thúc ủy quyền phải sau"),
    (lambda now: {"starts_at": now - dt.timedelta(days=3), "ends_at": now - dt.timedelta(days=1)},
     "Thời hạn ủy quyền đã qua"),
    (lambda now: {"reason_kind": ReasonKind.OTHER, "reason": "  "}, "ghi rõ lý do"),
])
def test_bad_periods_and_reasons_are_refused_in_vietnamese(org, change, message):
    with pytest.raises(ValidationError, match=message):
        _create(org, **change(timezone.now()))
    assert _nothing_written()


def test_nobody_delegates_to_themself(org):
    with pytest.raises(ValidationError, match="tự ủy quyền cho chính mình"):
        _create(org, delegate=org["chairman"])
    assert _nothing_written()


def test_only_the_delegator_or_an_admin_revokes_and_not_after_the_end(org):
    d = _create(org)
    with pytest.raises(PermissionDenied, match="thu hồi"):
        delegation_revoke(actor=org["head"], delegation=d)
    with pytest.raises(PermissionDenied):
        delegation_revoke(actor=org["outsider"], delegation=d)
    assert Delegation.objects.get(pk=d.pk).revoked_at is None
    with pytest.raises(ValidationError, match="đã hết hạn"):
        delegation_revoke(actor=org["chairman"], delegation=d, now=d.ends_at + dt.timedelta(minutes=1))
    delegation_revoke(actor=org["chairman"], delegation=d)
    assert delegation_in_force(delegate=org["head"], delegator=org["chairman"], scope="signing") is None


def test_the_end_is_recorded_by_itself_once_and_both_people_are_told(org):
    d = _create(org)
    revoked = _create(org, delegate=org["vice"], signing_form=SigningForm.KT)
    delegation_revoke(actor=org["chairman"], delegation=revoked)
    before = {u: Notice.objects.filter(user=org[u]).count() for u in ("head", "chairman", "clerk")}

    assert delegations_end(now=d.ends_at - dt.timedelta(seconds=1)) == 0  # not yet
    assert delegation_in_force(delegate=org["head"], delegator=org["chairman"], scope="signing",
                               at=d.ends_at) is None  # the rule stops it at the end already
    assert delegations_end(now=d.ends_at) == 1  # the revoked one is not "ended"
    assert delegations_end(now=d.ends_at + dt.timedelta(hours=1)) == 0  # once

    d.refresh_from_db()
    assert d.end_recorded_at == d.ends_at
    event = AuditEvent.objects.get(action="delegation.end")
    assert event.object_id == str(d.pk) and event.actor is None
    for who in ("head", "chairman", "clerk"):  # delegate, delegator (and the clerks), one notice each
        new = list(Notice.objects.filter(user=org[who]).order_by("pk").values_list("text", flat=True))[before[who]:]
        assert len(new) == 1 and "đã hết hạn" in new[0]
