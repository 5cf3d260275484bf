import pytest

from documents.models import DocumentAccess
from documents.selectors.documents import document_list
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
                          delegate=people["specialist"], starts_at=now - dt.timedelta(hours=1),
                          ends_at=now + dt.timedelta(days=2), scope=DelegationScope.HANDLING,
                          signing_form=SigningForm.KT)
    assert docs["secret"].pk in _visible(people["specialist"])
    delegation_revoke(actor=people["leader"], delegation=d)
    assert docs["secret"].pk not in _visible(people["specialist"])
