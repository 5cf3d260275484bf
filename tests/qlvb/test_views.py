import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_pages_require_login(client):
    response = client.get(reverse("my-work"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_wrong_password_is_explained_in_vietnamese(client):
    make_user(make_org(), ["clerk"], username="vanthu")
    response = client.post(reverse("login"), {"username": "vanthu", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_roles_decide_the_sections_of_my_work(client):
    org = make_org()
    clerk = make_user(org, ["clerk"])
    client.force_login(clerk)
    html = client.get(reverse("my-work")).content.decode()
    assert "Văn bản chờ vào sổ" in html and "Văn bản chờ cho ý kiến chỉ đạo" not in html
    client.force_login(make_user(org, ["leader"]))
    html = client.get(reverse("my-work")).content.decode()
    assert "Văn bản chờ cho ý kiến chỉ đạo" in html and "Văn bản chờ vào sổ" not in html


def test_password_change(client):
    user = make_user(make_org(), ["specialist"], password="Mat-khau-cu-1")
    client.force_login(user)
    response = client.post(reverse("password_change"), {
        "old_password": "Mat-khau-cu-1", "new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026",
    })
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026")


def test_no_asset_comes_from_outside():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"""(src|href)=["']https?://""", text), template


def test_openapi_schema_is_served(client):
    client.force_login(make_user(make_org(), ["clerk"]))
    response = client.get("/api/schema/")
    assert response.status_code == 200 and b"QLVB API" in response.content


def test_clerk_sees_arrived_documents_to_register_urgent_first(client):
    from tests.factories import make_document

    org = make_org()
    clerk = make_user(org, ["clerk"])
    normal = make_document(org, subject="Về việc họp giao ban")
    urgent = make_document(org, subject="Về việc phòng, chống dịch")
    for doc, urgency in ((normal, 0), (urgent, 3)):
        doc.state, doc.urgency, doc.symbol = "arrived", urgency, f"{doc.pk}/VPCP-KSTT"
        doc.save()
    elsewhere = make_document(make_org(), subject="Của cơ quan khác")
    elsewhere.state = "arrived"
    elsewhere.save()
    client.force_login(clerk)
    html = client.get(reverse("my-work")).content.decode()
    assert "Hỏa tốc" in html
    assert html.index("phòng, chống dịch") < html.index("họp giao ban")
    assert "Của cơ quan khác" not in html


def test_the_menu_shows_every_screen_of_the_persons_roles(client):
    org = make_org()
    screens = {name: reverse(name) for name in ("my-work", "documents:incoming-list", "outgoing:list",
                                                 "search:search", "registers:index", "alerts:list",
                                                 "alerts:dashboard", "admin:index")}

    def menu(user) -> set[str]:
        client.force_login(user)
        nav = client.get(reverse("my-work")).content.decode().split('id="mainnav"')[1].split("</ul>")[0]
        assert 'aria-current="page"' in nav  # "Việc của tôi", the page shown
        return {name for name, url in screens.items() if f'href="{url}"' in nav}

    assert menu(make_user(org, ["clerk"])) == set(screens) - {"alerts:dashboard", "admin:index"}
    assert menu(make_user(org, ["specialist"])) == set(screens) - {"alerts:list", "alerts:dashboard", "admin:index"}
    # An organization's administrator who is not staff is not offered the admin site, which would send
    # them to its login page (issue 14); staff are.
    assert menu(make_user(org, ["admin"])) == {"my-work", "alerts:list", "alerts:dashboard"}
    staff = make_user(org, ["admin"])
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    assert menu(staff) == {"my-work", "alerts:list", "alerts:dashboard", "admin:index"}
