"""Changes made in the Django admin are audit events with the object before and after.

The review found that roles, secret clearance, delegations, signing routes, axis connections and
superuser could be changed in the admin without a trace. Each test makes the change through the
admin's real pages (the change form with its inlines, the delete page, the "delete selected"
action) and reads the event back."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from documents.models import SigningRoute
from interchange.models import AxisConnection
from qlvb.models import AuditEvent, Delegation, Membership, Role, User
from qlvb.services.audit import audit_verify
from tests.factories import login_verified, make_org, make_user

pytestmark = pytest.mark.django_db

SECRET = "Bi-mat-truc-4f9a2c"


@pytest.fixture
def org():
    return make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn")


@pytest.fixture
def root(client, django_user_model):
    user = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Mat-khau-quan-tri-1")
    login_verified(client, user)
    return user


def _value(bound_field):
    value = bound_field.value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def _form_data(response) -> dict:
    """What the browser would post back unchanged: the main form and every inline formset."""
    data: dict = {}

    def add(form):
        for name, field in form.fields.items():
            if getattr(field.widget, "input_type", "") == "password" or field.disabled:
                continue
            value = _value(form[name])
            if value == "" and getattr(field.widget, "input_type", "") == "checkbox":
                continue
            if hasattr(field.widget, "widgets") and not isinstance(value, list):
                # a split date/time widget
                if value:
                    day, time = value.split(" ")
                    data[f"{form.add_prefix(name)}_0"], data[f"{form.add_prefix(name)}_1"] = day, time
                continue
            data[form.add_prefix(name)] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = _value(formset.management_form[name])
        for form in formset.forms:
            add(form)
    return {k: v for k, v in data.items() if v != ""}


def _post_change(client, url: str, **changes):
    page = client.get(url)
    assert page.status_code == 200
    data = {**_form_data(page), **changes}
    for key, value in list(data.items()):
        if value is None:
            del data[key]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


def _last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-seq").first()


def test_giving_a_role_and_secret_clearance_is_audited_with_before_and_after(client, root, org):
    clerk = make_user(org, [Role.CLERK], username="vanthu")
    membership = Membership.objects.get(user=clerk)
    url = f"/quan-tri/qlvb/membership/{membership.pk}/change/"
    page = client.get(url)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    total = int(page.context["inline_admin_formsets"][0].formset.management_form["TOTAL_FORMS"].value())
    # the blank inline row (extra=1) becomes "leader"
    _post_change(client, url, secret_clearance="on", **{f"{prefix}-{total - 1}-role": Role.LEADER})
    event = _last("admin.change")
    assert event.actor == root and event.organization == org
    assert event.object_type == "qlvb.membership" and event.object_id == str(membership.pk)
    assert event.data["before"]["roles"] == ["clerk"] and event.data["after"]["roles"] == ["clerk", "leader"]
    assert event.data["before"]["secret_clearance"] is False and event.data["after"]["secret_clearance"] is True
    assert set(event.data["changed"]) == {"roles", "secret_clearance"}
    assert audit_verify() == []


def test_making_someone_superuser_staff_or_inactive_is_audited_and_the_password_never_written(client, root, org):
    clerk = make_user(org, [Role.CLERK], username="vanthu2")
    url = f"/quan-tri/qlvb/user/{clerk.pk}/change/"
    _post_change(client, url, is_superuser="on", is_staff="on", is_active=None)
    event = _last("admin.change")
    assert event.object_type == "qlvb.user" and event.object_id == str(clerk.pk) and event.organization == org
    for name, before, after in [("is_superuser", False, True), ("is_staff", False, True), ("is_active", True, False)]:
        assert event.data["before"][name] is before and event.data["after"][name] is after, name
        assert name in event.data["changed"]
    assert "password" not in event.data["before"] and clerk.password not in json.dumps(event.data)
    clerk.refresh_from_db()
    assert clerk.is_superuser and not clerk.is_active


def test_a_membership_changed_in_the_user_inline_is_in_the_users_event(client, root, org):
    clerk = make_user(org, [Role.CLERK], username="vanthu3")
    url = f"/quan-tri/qlvb/user/{clerk.pk}/change/"
    page = client.get(url)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    _post_change(client, url, **{f"{prefix}-0-secret_clearance": "on", f"{prefix}-0-is_active": None})
    event = _last("admin.change")
    before, after = event.data["before"]["memberships"][0], event.data["after"]["memberships"][0]
    assert (before["secret_clearance"], before["is_active"]) == (False, True)
    assert (after["secret_clearance"], after["is_active"]) == (True, False)


def test_a_delegation_created_and_deleted_in_the_admin_is_audited(client, root, org):
    leader = make_user(org, [Role.LEADER], username="lanhdao")
    deputy = make_user(org, [Role.LEADER], username="pholanhdao")
    response = client.post("/quan-tri/qlvb/delegation/add/", {
        "organization": org.pk, "delegator": leader.pk, "delegate": deputy.pk,
        "starts_at_0": "2026-12-01", "starts_at_1": "08:00:00", "ends_at_0": "2026-12-31", "ends_at_1": "17:00:00",
        "scope": "signing", "signing_form": "KT", "reason": "Đi công tác",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    delegation = Delegation.objects.get()
    created = _last("admin.create")
    assert created.object_id == str(delegation.pk) and created.organization == org and created.data["before"] is None
    assert created.data["after"]["delegator"] == leader.pk and created.data["after"]["signing_form"] == "KT"
    response = client.post(f"/quan-tri/qlvb/delegation/{delegation.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Delegation.objects.exists()
    deleted = _last("admin.delete")
    assert deleted.object_id == str(delegation.pk) and deleted.data["after"] is None
    assert deleted.data["before"]["delegate"] == deputy.pk and deleted.data["before"]["scope"] == "signing"


def test_memberships_deleted_with_the_bulk_action_are_audited_one_by_one(client, root, org):
    people = [make_user(org, [Role.SPECIALIST], username=f"cv{i}") for i in range(2)]
    ids = list(Membership.objects.filter(user__in=people).values_list("pk", flat=True))
    response = client.post("/quan-tri/qlvb/membership/", {"action": "delete_selected", "_selected_action": ids,
                                                          "post": "yes"})
    assert response.status_code == 302 and not Membership.objects.filter(pk__in=ids).exists()
    events = AuditEvent.objects.filter(action="admin.delete", object_type="qlvb.membership")
    assert sorted(int(e.object_id) for e in events) == sorted(ids)
    assert all(e.data["before"]["roles"] == ["specialist"] for e in events)


def test_a_signing_route_change_is_audited(client, root, org):
    route = SigningRoute.objects.create(organization=org)
    _post_change(client, f"/quan-tri/documents/signingroute/{route.pk}/change/", require_second_factor="on",
                 content_review=None)
    event = _last("admin.change")
    assert event.object_type == "documents.signingroute" and event.organization == org
    assert set(event.data["changed"]) == {"require_second_factor", "content_review"}
    assert event.data["after"]["require_second_factor"] is True and event.data["after"]["content_review"] is False


def test_an_axis_connection_change_is_audited_without_its_secret(client, root, org):
    other = make_org("VPCP", name="Văn phòng Chính phủ")
    connection = AxisConnection.objects.create(name="Trục", endpoint="http://127.0.0.1:8100", system_id="backan",
                                               secret="Bi-mat-cu-123456")
    connection.organizations.set([org])
    _post_change(client, f"/quan-tri/interchange/axisconnection/{connection.pk}/change/", secret=SECRET,
                 organizations=[str(org.pk), str(other.pk)])
    event = _last("admin.change")
    assert event.object_type == "interchange.axisconnection"
    assert {"secret", "organizations"} <= set(event.data["changed"])
    assert event.data["before"]["organizations"] == [org.pk]
    assert event.data["after"]["organizations"] == sorted([org.pk, other.pk])
    text = json.dumps(event.data)
    assert SECRET not in text and "Bi-mat-cu-123456" not in text
    assert event.data["before"]["secret"] != event.data["after"]["secret"]


def test_saving_without_a_change_writes_nothing(client, root, org):
    clerk = make_user(org, [Role.CLERK], username="vanthu4")
    before = AuditEvent.objects.filter(action__startswith="admin.").count()
    _post_change(client, f"/quan-tri/qlvb/membership/{Membership.objects.get(user=clerk).pk}/change/")
    assert AuditEvent.objects.filter(action__startswith="admin.").count() == before
    assert User.objects.get(pk=clerk.pk).memberships.get().role_set == {"clerk"}


def test_an_administrator_setting_a_password_is_audited_without_the_password(client, root, org):
    clerk = make_user(org, [Role.CLERK], username="vanthu5")
    new = "Mat-khau-moi-that-dai-2026"
    response = client.post(f"/quan-tri/qlvb/user/{clerk.pk}/password/", {"password1": new, "password2": new})
    assert response.status_code == 302
    event = _last("admin.change")
    assert event.object_id == str(clerk.pk) and event.actor == root and event.data["changed"] == ["password"]
    assert new not in json.dumps(event.data) and User.objects.get(pk=clerk.pk).check_password(new)
