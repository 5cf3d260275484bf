"""The hồ sơ pages: the list and the hồ sơ page, each through RecordFile.objects.visible_to."""

import datetime as dt

import pytest
from django.urls import reverse

from documents.models.records import RecordFile
from tests.factories import make_org, make_unit, make_user

pytestmark = pytest.mark.django_db


def _record(org, owner, *, code="01.VP", unit=None, **fields):
    return RecordFile.objects.create(organization=org, year=2026, code=code, title=f"Hồ sơ {code}", retention_years=10,
                                     owner=owner, unit=unit, started_on=dt.date(2026, 1, 5), **fields)


def test_the_list_and_the_page_show_what_the_rule_allows(client):
    org, other_org = make_org(), make_org()
    unit = make_unit(org, "VXNV", "Phòng Văn xã")
    owner = make_user(org, ["specialist"], unit=unit)
    colleague = make_user(org, ["specialist"], unit=unit)
    clerk = make_user(org, ["clerk"])
    stranger = make_user(other_org, ["leader"])
    record = _record(org, owner, unit=unit)

    for user in (owner, clerk):
        client.force_login(user)
        assert "Hồ sơ 01.VP" in client.get(reverse("records:index")).content.decode()
        page = client.get(reverse("records:detail", args=[record.pk]))
        assert page.status_code == 200 and "Người lập hồ sơ" in page.content.decode()
    for user in (colleague, stranger):
        client.force_login(user)
        assert "Hồ sơ 01.VP" not in client.get(reverse("records:index")).content.decode()
        assert client.get(reverse("records:detail", args=[record.pk])).status_code == 404


def test_the_nav_shows_hồ_sơ_to_members_only(client):
    org = make_org()
    client.force_login(make_user(org, ["archivist"]))
    assert reverse("records:index") in client.get(reverse("records:index")).content.decode()
