"""The organization's second-factor rule on signing and sealing, through the outgoing API: refused
without a code (and nothing signed), a code accepted once even when the signing it allowed failed,
wrong codes throttled even though the signing transaction rolled back."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from documents.models import Document
from documents.services.outgoing.review import route_for
from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent
from signatures.models import SignatureRecord
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import draft_ready_to_sign
from tests.factories import make_authenticator, totp_code

pytestmark = [pytest.mark.django_db]
demo_cast, story_pki = fx.demo_cast, fx.story_pki  # fixtures

LEADER, CLERK, VPCP = "vpcp.lanhdao", "vpcp.vanthu", "000.00.00.G22"
API = "/api/outgoing/"


def api(cast, username) -> APIClient:
    client = APIClient()
    client.force_authenticate(cast.user(username))
    return client


@pytest.fixture
def policy(demo_cast):
    route = route_for(demo_cast.org(VPCP))
    route.require_second_factor = True
    route.save()
    return route


def _sign(cast, pk, **body):
    return api(cast, LEADER).post(f"{API}{pk}/sign/", {"pin": cast.pin(LEADER), **body}, format="json")


def _seal(cast, pk, **body):
    return api(cast, CLERK).post(f"{API}{pk}/seal/", {"pin": cast.pin(VPCP), **body}, format="json")


def _nothing_signed(document: Document) -> None:
    document.refresh_from_db()
    assert (document.state, document.register_number, document.symbol) == (Document.State.APPROVED, None, "")
    assert not SignatureRecord.objects.filter(document=document).exists()


def test_signing_without_a_code_is_refused_and_nothing_is_signed(demo_cast, policy):
    document = draft_ready_to_sign(demo_cast)
    no_device = _sign(demo_cast, document.pk)
    assert no_device.status_code == 400 and no_device.json()["code"] == "no_authenticator"
    make_authenticator(demo_cast.user(LEADER))
    no_code = _sign(demo_cast, document.pk)
    assert no_code.status_code == 400 and no_code.json()["code"] == "authenticator_code_format"
    _nothing_signed(document)


def test_a_code_spent_on_a_failed_signing_cannot_be_replayed(demo_cast, policy, settings):
    """The wrong PIN rolls the signing back; the code it came with stays used."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the refused replay would make the next try wait
    device = make_authenticator(demo_cast.user(LEADER))
    document = draft_ready_to_sign(demo_cast)
    code = totp_code(device)
    wrong_pin = _sign(demo_cast, document.pk, pin="00000000", totp_code=code)
    assert wrong_pin.status_code == 400 and wrong_pin.json()["detail"] == "Wrong PIN."
    replay = _sign(demo_cast, document.pk, totp_code=code)
    assert replay.status_code == 400, replay.json()
    assert replay.json()["code"] == "wrong_authenticator_code"
    _nothing_signed(document)
    signed = _sign(demo_cast, document.pk, totp_code=totp_code(device, steps_ahead=1))
    assert (signed.status_code, signed.json()["state"], signed.json()["symbol"]) == (200, "signed", "01/VPCP-KSTT")
    # Both acceptances are on record, the one whose signing rolled back too.
    verified = AuditEvent.objects.filter(action=AuditAction.SECOND_FACTOR_VERIFIED, actor=demo_cast.user(LEADER))
    assert [e.data["purpose"] for e in verified] == ["signing", "signing"]


def test_wrong_codes_at_signing_are_throttled_though_the_signing_rolled_back(demo_cast, policy, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = make_authenticator(demo_cast.user(LEADER))
    document = draft_ready_to_sign(demo_cast)
    wrong = f"{(int(totp_code(device)) + 500000) % 1000000:06d}"
    assert _sign(demo_cast, document.pk, totp_code=wrong).json()["code"] == "wrong_authenticator_code"
    throttled = _sign(demo_cast, document.pk, totp_code=totp_code(device))
    assert throttled.status_code == 400 and throttled.json()["code"] == "authenticator_throttled"
    assert "Try again in" in throttled.json()["detail"]
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    failed = AuditEvent.objects.filter(action=AuditAction.SECOND_FACTOR_FAILED, actor=demo_cast.user(LEADER))
    assert failed.count() == 2 and failed.filter(data__throttled=True).count() == 1
    _nothing_signed(document)


def test_sealing_needs_the_clerks_code_when_the_organization_says_so(demo_cast, policy, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # throttling: above
    leader_device, clerk_device = make_authenticator(demo_cast.user(LEADER)), make_authenticator(demo_cast.user(CLERK))
    document = draft_ready_to_sign(demo_cast)
    assert _sign(demo_cast, document.pk, totp_code=totp_code(leader_device)).status_code == 200
    for body in ({}, {"totp_code": "12345"}, {"totp_code": f"{(int(totp_code(clerk_device)) + 1) % 1000000:06d}"}):
        refused = _seal(demo_cast, document.pk, **body)
        assert refused.status_code == 400, body
        document.refresh_from_db()
        assert document.state == Document.State.SIGNED and document.sealed_at is None
    assert SignatureRecord.objects.filter(document=document).count() == 1  # the leader's only
    code = totp_code(clerk_device, steps_ahead=1)
    sealed = _seal(demo_cast, document.pk, totp_code=code)
    assert sealed.status_code == 200 and sealed.json()["state"] == "issued"


def test_without_the_policy_sealing_asks_no_code(demo_cast):
    document = draft_ready_to_sign(demo_cast)
    assert _sign(demo_cast, document.pk).status_code == 200
    assert _seal(demo_cast, document.pk).json()["state"] == "issued"


def test_the_seal_page_asks_for_the_code_under_the_policy(demo_cast, policy, client):
    from tests.factories import login_verified

    document = draft_ready_to_sign(demo_cast)
    device = make_authenticator(demo_cast.user(LEADER))
    assert _sign(demo_cast, document.pk, totp_code=totp_code(device)).status_code == 200
    login_verified(client, demo_cast.user(CLERK))
    page = client.get(f"/van-ban/di/{document.pk}/phat-hanh/").content.decode()
    assert 'name="pin"' in page and 'name="totp_code"' in page
    refused = client.post(f"/van-ban/di/{document.pk}/phat-hanh/ky-so-co-quan/", {"pin": demo_cast.pin(VPCP)})
    assert "Cơ quan yêu cầu mã xác thực khi ký số của cơ quan." in refused.content.decode()
    document.refresh_from_db()
    assert document.sealed_at is None
