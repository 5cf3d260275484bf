import pytest

from documents.models import Document, DocumentAccess
from documents.selectors.documents import document_list
from tests.documents.test_exports import office  # noqa: F401  (the fixture: a year of an office's work)
from tests.factories import make_document, make_org, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    org, other = make_org("UBND"), make_org("STC")
    vx, kt = make_unit(org, "VXNV", "Phòng Văn xã"), make_unit(org, "KT", "Phòng Kinh tế")
    people = {
        "clerk": make_user(org, ["clerk"], secret_clearance=True),
        "leader": make_user(org, ["leader"]),
        "head_vx": make_user(org, ["unit_head"], unit=vx),
        "specialist": make_user(org, ["specialist"], unit=vx),
        "admin": make_user(org, ["admin"]),
        "other_clerk": make_user(other, ["clerk"], secret_clearance=True),
    }
    docs = {
        "plain": make_document(org),
        "vx": make_document(org, unit=vx),
        "kt": make_document(org, unit=kt),
        "secret": make_document(org, secrecy=1),
        "mine": make_document(org, created_by=people["specialist"]),
        "elsewhere": make_document(other),
    }
    return people, docs


def _visible(user):
    return set(document_list(user=user).values_list("pk", flat=True))


def _ids(docs, *names):
    return {docs[n].pk for n in names}


def test_clerk_sees_everything_of_the_organization_including_secret_with_clearance(world):
    people, docs = world
    assert _visible(people["clerk"]) == _ids(docs, "plain", "vx", "kt", "secret", "mine")


def test_leader_without_clearance_does_not_see_secret_documents(world):
    people, docs = world
    assert _visible(people["leader"]) == _ids(docs, "plain", "vx", "kt", "mine")


def test_unit_head_sees_the_unit_only(world):
    people, docs = world
    assert _visible(people["head_vx"]) == _ids(docs, "vx")


def test_specialist_sees_own_and_granted_documents(world):
    people, docs = world
    assert _visible(people["specialist"]) == _ids(docs, "mine")
    DocumentAccess.objects.create(document=docs["secret"], user=people["specialist"], reason="assigned")
    assert _visible(people["specialist"]) == _ids(docs, "mine", "secret")


def test_other_organization_and_admin_role_see_nothing_of_it(world):
    people, docs = world
    assert _visible(people["other_clerk"]) == _ids(docs, "elsewhere")
    assert _visible(people["admin"]) == set()


def test_inactive_or_anonymous_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    people, _ = world
    people["clerk"].is_active = False
    assert _visible(people["clerk"]) == set()
    assert _visible(AnonymousUser()) == set()


def test_a_grant_and_a_role_do_not_duplicate_rows(world):
    people, docs = world
    DocumentAccess.objects.create(document=docs["plain"], user=people["clerk"])
    assert document_list(user=people["clerk"]).count() == 5


def test_a_delegate_sees_what_was_presented_to_the_leader_while_the_delegation_lasts(world):
    import datetime as dt

    from django.utils import timezone

    from qlvb.models import SigningForm
    from qlvb.models.delegation import DelegationScope
    from qlvb.services.delegation import delegation_create, delegation_revoke

    people, docs = world
    DocumentAccess.objects.create(document=docs["secret"], user=people["leader"], reason="presented")
    now = timezone.now()
    d = delegation_create(actor=people["leader"], organization=docs["plain"].organization, delegator=people["leader"],
                          delegate=people["head_vx"], starts_at=now - dt.timedelta(hours=1),
                          ends_at=now + dt.timedelta(days=2), scope=DelegationScope.HANDLING,
                          signing_form=SigningForm.TUQ)
    assert docs["secret"].pk in _visible(people["head_vx"])
    delegation_revoke(actor=people["leader"], delegation=d)
    assert docs["secret"].pk not in _visible(people["head_vx"])


# --- every reader of documents, for a person of another organization and an admin ---------------
# The admin (Role.ADMIN) of the organization manages the system and has no right to its documents.
# Each reader is checked with the clerk first, so that "nothing shown" means something.

@pytest.fixture
def readers(office):  # noqa: F811
    """A year of an office's work (tests.documents.test_exports), searchable, and the office's admin."""
    from documents.services.indexing import document_index

    office["admin"] = make_user(office["org"], ["admin"], full_name="Nguyễn Văn Quản")
    for document in (office["first"], office["second"], office["reply"]):
        document_index(document=document)
    return office


SECRETS = ("807/VPCP-KSTT", "V/v tăng cường gửi, nhận văn bản điện tử", "1234/BYT-DP",
           "15/VPUBND-VXNV", "V/v triển khai phòng, chống dịch Covid-19")


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def _people(readers):
    return {"another organization": readers["outsider"], "admin": readers["admin"]}


def test_screens_show_nothing_to_another_organization_or_an_admin(client, readers):
    from django.urls import reverse

    org = readers["org"].pk
    first, reply = readers["first"], readers["reply"]
    pages = [
        (reverse("documents:incoming-list"), {"org": org}),
        (reverse("outgoing:list"), {"org": org}),
        (reverse("my-work"), {}),
        (reverse("search:search"), {"q": "phong chong dich", "organization": org}),
        (reverse("search:search"), {"q": "807", "organization": org}),
        (reverse("registers:register", args=["den"]), {"organization": org}),
        (reverse("registers:register", args=["theo-doi"]), {"organization": org}),
        (reverse("registers:register", args=["di"]), {"organization": org, "date_from": "2021-01-01"}),
    ]
    client.force_login(readers["clerk"])
    assert all(_leaks(client.get(url, params).content.decode()) for url, params in pages[:2] + pages[3:])
    for who, person in _people(readers).items():
        client.force_login(person)
        for url, params in pages:
            response = client.get(url, params)
            assert response.status_code in (200, 404), (who, url)
            assert _leaks(response.content.decode()) == [], (who, url)
        for url in (reverse("documents:detail", args=[first.pk]),
                    reverse("documents:file", args=[first.pk, first.files.get().pk]),
                    reverse("outgoing:detail", args=[reply.pk]), reverse("outgoing:tracking", args=[reply.pk])):
            assert client.get(url).status_code == 404, (who, url)


def test_register_downloads_hold_nothing_for_another_organization_or_an_admin(client, readers):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    def xlsx_text(response) -> str:
        return str(list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)))

    url = reverse("registers:export-xlsx", args=["den"])
    client.force_login(readers["clerk"])
    assert _leaks(xlsx_text(client.get(url, {"organization": readers["org"].pk})))
    for who, person in _people(readers).items():
        client.force_login(person)
        response = client.get(url, {"organization": readers["org"].pk})
        assert response.status_code == 200 and _leaks(xlsx_text(response)) == [], who
        pdf = client.get(reverse("registers:export-pdf", args=["den"]), {"organization": readers["org"].pk})
        assert pdf.status_code == 200 and b"807/VPCP-KSTT" not in pdf.content, who


def test_the_api_gives_nothing_to_another_organization_or_an_admin(readers):
    from django.urls import reverse
    from rest_framework.test import APIClient

    org = readers["org"].pk
    first, reply = readers["first"], readers["reply"]
    reads = [
        (reverse("documents-api:document-list"), {"organization": org}),
        (reverse("documents-api:document-search"), {"q": "phong chong dich", "organization": org}),
        (reverse("documents-api:register-rows", args=["incoming"]), {}),
        (reverse("outgoing-api:list"), {"organization": org}),
    ]
    clerk = APIClient()
    clerk.force_login(readers["clerk"])
    assert all(_leaks(clerk.get(url, params).content.decode()) for url, params in reads)
    for who, person in _people(readers).items():
        api = APIClient()
        api.force_login(person)
        for url, params in reads:
            response = api.get(url, params)
            assert response.status_code in (200, 404), (who, url)
            assert _leaks(response.content.decode()) == [], (who, url)
        for url in (reverse("documents-api:document-detail", args=[first.pk]),
                    reverse("outgoing-api:detail", args=[reply.pk]),
                    reverse("outgoing-api:deliveries", args=[reply.pk])):
            assert api.get(url).status_code == 404, (who, url)


def test_the_admin_role_alone_reads_no_document_through_the_rule(readers):
    admin = readers["admin"]
    assert not Document.objects.visible_to(admin).exists()
    subjects = Document.objects.filter(pk=readers["first"].pk).subjects_for(admin)
    assert subjects == {readers["first"].pk: "— (không có quyền xem trích yếu)"}
    assert Document.objects.filter(pk=readers["first"].pk).subjects_for(readers["clerk"]) == {
        readers["first"].pk: "V/v tăng cường gửi, nhận văn bản điện tử"}
