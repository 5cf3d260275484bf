import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qlvb.access import delegation_in_force
from qlvb.models import AuditEvent, SigningForm
from qlvb.models.delegation import DelegationScope
from qlvb.services.delegation import delegation_create, delegation_revoke
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    org = make_org("UBND")
    return {
        "org": org,
        "chairman": make_user(org, ["leader"], username="chutich"),
        "vice": make_user(org, ["leader"], username="phochutich"),
        "chief": make_user(org, ["leader"], username="chanhvanphong"),
        "admin": make_user(org, ["admin"], username="quantri"),
        "outsider": make_user(make_org("BTC"), ["leader"], username="nguoingoai"),
    }


def _create(cast, **overrides):
    now = timezone.now()
    args = dict(actor=cast["chairman"], organization=cast["org"], delegator=cast["chairman"], delegate=cast["vice"],
                starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=5),
                scope=DelegationScope.SIGNING, signing_form=SigningForm.KT, reason="Đi công tác")
    args.update(overrides)
    return delegation_create(**args)


def test_delegation_is_active_only_within_its_period_and_scope(cast):
    d = _create(cast)
    assert delegation_in_force(delegate=cast["vice"], delegator=cast["chairman"], scope=DelegationScope.SIGNING) == d
    assert delegation_in_force(delegate=cast["vice"], delegator=cast["chairman"], scope=DelegationScope.HANDLING) is None
    later = timezone.now() + dt.timedelta(days=6)
    assert delegation_in_force(delegate=cast["vice"], delegator=cast["chairman"], scope="signing", at=later) is None


def test_revoked_delegation_no_longer_applies(cast):
    d = _create(cast)
    delegation_revoke(actor=cast["chairman"], delegation=d)
    assert delegation_in_force(delegate=cast["vice"], delegator=cast["chairman"], scope="signing") is None


def test_tuq_cannot_be_delegated_again(cast):
    tuq = _create(cast, signing_form=SigningForm.TUQ, delegate=cast["chief"])
    with pytest.raises(ValidationError, match="TUQ"):
        _create(cast, actor=cast["chief"], delegator=cast["chief"], delegate=cast["vice"], parent=tuq)


def test_kt_delegation_may_be_passed_on_within_its_period(cast):
    kt = _create(cast, delegate=cast["chief"])
    sub = _create(cast, actor=cast["chief"], delegator=cast["chief"], delegate=cast["vice"], parent=kt,
                  ends_at=kt.ends_at - dt.timedelta(days=1))
    assert sub.parent == kt
    with pytest.raises(ValidationError, match="thời hạn"):
        _create(cast, actor=cast["chief"], delegator=cast["chief"], delegate=cast["vice"], parent=kt,
                ends_at=kt.ends_at + dt.timedelta(days=1))


def test_only_the_delegator_or_an_admin_may_delegate(cast):
    with pytest.raises(PermissionDenied):
        _create(cast, actor=cast["vice"])
    assert _create(cast, actor=cast["admin"]).delegator == cast["chairman"]


def test_delegate_must_belong_to_the_organization(cast):
    with pytest.raises(ValidationError):
        _create(cast, delegate=cast["outsider"])


def test_delegation_is_recorded_with_both_people(cast):
    d = _create(cast)
    event = AuditEvent.objects.get(action="delegation.create", object_id=str(d.pk))
    assert event.data["delegator"] == cast["chairman"].pk and event.data["delegate"] == cast["vice"].pk
