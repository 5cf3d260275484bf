"""Sign-in statistics (Phụ lục VI III.6.b): administrators count the visits to the system per day,
for their own organization's people only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from qlvb.audit_actions import AuditAction
from qlvb.models import Role
from qlvb.services.audit import audit_record
from tests.factories import login_verified, make_org, make_user

pytestmark = pytest.mark.django_db
URL = reverse("audit:sign-in-stats")


@pytest.fixture
def people():
    backan, vpcp = make_org("UBND"), make_org("VPCP")
    admin = make_user(backan, [Role.ADMIN], username="qt.backan")
    clerk = make_user(backan, [Role.CLERK], username="vt.backan", full_name="Hoàng Thị Nhung")
    leader = make_user(backan, [Role.LEADER], username="ld.backan")
    stranger = make_user(vpcp, [Role.CLERK], username="vt.vpcp")
    for who in (clerk, clerk, leader, stranger, stranger, stranger):
        audit_record(action=AuditAction.LOGIN, actor=who, data={"username": who.username})
    audit_record(action=AuditAction.LOGIN_FAILED, actor=clerk, data={"username": clerk.username})
    return {"admin": admin, "clerk": clerk, "leader": leader}


def test_an_administrator_sees_todays_sign_ins_of_their_people_only(client, people):
    client.force_login(people["admin"])  # signing in is counted too
    response = client.get(URL)
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats["totals"] == {"logins": 4, "failed": 1, "locked": 0, "people": 3}
    today = dict(stats["days"])[timezone.localdate()]
    assert today == {"logins": 4, "failed": 1, "locked": 0, "people": 3}
    assert [row["actor__username"] for row in stats["top"]] == ["vt.backan", "ld.backan", "qt.backan"]
    page = response.content.decode()
    assert "Hoàng Thị Nhung (vt.backan): 2 lượt" in page and "vt.vpcp" not in page


def test_who_is_not_an_administrator_is_refused(client, people):
    client.force_login(people["leader"])
    assert client.get(URL).status_code == 403


def test_a_superuser_counts_everyone(client, people, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x")
    login_verified(client, root)
    assert client.get(URL).context["stats"]["totals"]["logins"] == 7  # the six, and root's own


@pytest.mark.parametrize("params, message", [
    ({"tu_ngay": "31/12/2026", "den_ngay": "01/01/2026"}, "Ngày bắt đầu phải trước"),
    ({"tu_ngay": "1/1/2020", "den_ngay": "1/1/2026"}, "tối đa 366 ngày"),
    ({"tu_ngay": "hôm qua"}, "Ngày bắt đầu không hợp lệ"),
])
def test_a_bad_period_gets_a_clear_vietnamese_error(client, people, params, message):
    client.force_login(people["admin"])
    response = client.get(URL, params)
    assert response.status_code == 400 and message in response.content.decode()
