"""/uy-quyen/: a leader delegates and revokes; the delegate sees the banner; other organizations,
wrong roles and bad input change nothing; a document signed under a delegation shows both people."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.exports.registers import _signer
from documents.models import Document, DocumentType
from qlvb.models import Delegation, Membership
from qlvb.services.delegation import delegation_create, delegation_revoke
from tests.factories import make_org, make_unit, make_user

pytestmark = pytest.mark.django_db
INDEX = reverse("delegations:index")


@pytest.fixture
def org():
    org = make_org("UBND")
    vx = make_unit(org, "VXNV", "Phòng Văn xã")
    people = {
        "org": org,
        "leader": make_user(org, ["leader"], full_name="Đàm Duy Hưng"),
        "head": make_user(org, ["unit_head"], unit=vx, full_name="Lý Văn Thắng"),
        "specialist": make_user(org, ["specialist"], unit=vx, full_name="Nông Thị Mai"),
    }
    Membership.objects.filter(user=people["leader"]).update(position_title="Phó Chủ tịch")
    Membership.objects.filter(user=people["head"]).update(position_title="Trưởng phòng")
    other = make_org("BTC")
    people["other_org"] = other
    people["outsider"] = make_user(other, ["leader"], full_name="Người Ngoài")
    people["outsider_head"] = make_user(other, ["unit_head"], unit=make_unit(other, "KT", "Phòng KT"),
                                        full_name="Trưởng Ngoài")
    return people


def _moment(value: dt.datetime) -> tuple[str, str]:
    local = timezone.localtime(value)
    return local.strftime("%d/%m/%Y"), local.strftime("%H:%M")


def _form(o, **overrides):
    now = timezone.now()
    starts, ends = overrides.pop("starts_at", now), overrides.pop("ends_at", now + dt.timedelta(days=4))
    data = {"organization": o["org"].pk, "delegate": o["head"].pk, "reason_kind": "business_trip",
            "reason": "", "scope": "signing", "signing_form": "TUQ"}
    data["starts_at_0"], data["starts_at_1"] = _moment(starts)
    data["ends_at_0"], data["ends_at_1"] = _moment(ends)
    data.update(overrides)
    return data


def test_a_leader_delegates_from_the_page_and_the_delegate_sees_the_banner(client, org):
    client.force_login(org["leader"])
    page = client.get(INDEX).content.decode()
    assert "Lý Văn Thắng — Trưởng phòng, Phòng Văn xã" in page
    assert "Nông Thị Mai" not in page and "Người Ngoài" not in page  # no specialist, no other organization
    response = client.post(INDEX, _form(org))
    assert response.status_code == 302
    d = Delegation.objects.get()
    assert (d.delegator, d.delegate, d.reason_kind, d.signing_form) == (org["leader"], org["head"], "business_trip",
                                                                         "TUQ")
    page = client.get(INDEX).content.decode()
    assert f'data-delegation="{d.pk}"' in page and "Đi công tác" in page and "Thu hồi" in page

    client.force_login(org["head"])
    home = client.get(reverse("my-work")).content.decode()
    assert "Bạn đang được ủy quyền bởi <strong>Đàm Duy Hưng</strong>" in home
    assert timezone.localtime(d.ends_at).strftime("%H:%M %d/%m/%Y") in home


@pytest.mark.parametrize("overrides, message", [
    (lambda o: {"delegate": o["outsider_head"].pk}, "không thuộc danh sách"),  # another organization
    (lambda o: {"delegate": 987654}, "không thuộc danh sách"),  # unknown id
    (lambda o: {"delegate": o["leader"].pk}, "không thuộc danh sách"),  # oneself
    (lambda o: {"ends_at": timezone.now() - dt.timedelta(days=2)}, "kết thúc ủy quyền phải sau"),
    (lambda o: {"starts_at": timezone.now() - dt.timedelta(days=5), "ends_at": timezone.now() - dt.timedelta(days=1)},
     "Thời hạn ủy quyền đã qua"),
    (lambda o: {"signing_form": "KT"}, r"Ký thay \(KT\.\) chỉ giao cho cấp phó"),
    (lambda o: {"reason_kind": "other", "reason": ""}, "ghi rõ lý do"),
    (lambda o: {"organization": o["other_org"].pk}, "Chỉ ủy quyền trong cơ quan mà bạn là lãnh đạo"),
])
def test_bad_input_gets_a_vietnamese_error_and_nothing_is_created(client, org, overrides, message):
    import re

    client.force_login(org["leader"])
    response = client.post(INDEX, _form(org, **overrides(org)))
    assert response.status_code == 400
    assert re.search(message, response.content.decode().replace("&#x27;", "'"))
    assert not Delegation.objects.exists()


def test_a_specialist_gets_no_form_and_cannot_post_one(client, org):
    client.force_login(org["specialist"])
    assert "Ủy quyền mới" not in client.get(INDEX).content.decode()
    assert client.post(INDEX, _form(org)).status_code == 403
    assert not Delegation.objects.exists()


def test_another_organization_neither_sees_nor_revokes_and_the_delegate_cannot_revoke(client, org):
    now = timezone.now()
    d = delegation_create(actor=org["leader"], organization=org["org"], delegator=org["leader"], delegate=org["head"],
                          starts_at=now, ends_at=now + dt.timedelta(days=2), scope="signing", signing_form="TUQ",
                          reason_kind="leave")
    revoke = reverse("delegations:revoke", args=[d.pk])
    client.force_login(org["outsider"])
    assert f'data-delegation="{d.pk}"' not in client.get(INDEX).content.decode()
    assert client.post(revoke).status_code == 404
    client.force_login(org["head"])
    assert "Thu hồi" not in client.get(INDEX).content.decode()
    assert client.post(revoke).status_code == 403
    assert Delegation.objects.get(pk=d.pk).revoked_at is None

    client.force_login(org["leader"])
    assert client.post(revoke).status_code == 302
    assert Delegation.objects.get(pk=d.pk).revoked_at is not None
    page = client.get(INDEX).content.decode()
    assert "Đã thu hồi lúc" in page


def test_a_document_signed_under_a_delegation_shows_both_people(client, org):
    start = timezone.now() - dt.timedelta(hours=2)
    d = delegation_create(actor=org["leader"], organization=org["org"], delegator=org["leader"], delegate=org["head"],
                          starts_at=start, ends_at=start + dt.timedelta(days=3), scope="signing", signing_form="TUQ",
                          reason_kind="business_trip", reason="Hà Nội", now=start)
    document = Document.objects.create(
        organization=org["org"], direction="out", document_type=DocumentType.objects.get(code="cong-van"),
        subject="Về việc thử ủy quyền", state=Document.State.SIGNED, symbol="01/UBND-VXNV",
        signed_at=start + dt.timedelta(hours=1), signed_by=org["head"], signer_name="Lý Văn Thắng",
        signer_title="Trưởng phòng", signing_form="TUQ", signed_on_behalf_of=org["leader"])
    assert _signer(document) == "TUQ. PHÓ CHỦ TỊCH / TRƯỞNG PHÒNG\nLý Văn Thắng"
    client.force_login(org["leader"])
    page = client.get(reverse("outgoing:detail", args=[document.pk])).content.decode()
    assert "Ký: TUQ. PHÓ CHỦ TỊCH / TRƯỞNG PHÒNG Lý Văn Thắng" in page
    span = (f"Lý Văn Thắng ký thừa ủy quyền Đàm Duy Hưng (ủy quyền từ {timezone.localtime(d.starts_at):%H:%M %d/%m/%Y}"
            f" đến {timezone.localtime(d.ends_at):%H:%M %d/%m/%Y}, lý do: Đi công tác, Hà Nội)")
    assert span in " ".join(page.split())


def test_a_signing_delegate_sees_the_drafts_waiting_for_signature_only_while_delegated(client, org):
    def outgoing(state, **fields):
        return Document.objects.create(organization=org["org"], direction="out", state=state,
                                       document_type=DocumentType.objects.get(code="cong-van"),
                                       subject=f"Dự thảo {state}", **fields)

    waiting, draft = outgoing(Document.State.APPROVED), outgoing(Document.State.DRAFT)  # no unit: not the head's
    elsewhere = Document.objects.create(organization=org["other_org"], direction="out", state=Document.State.APPROVED,
                                        document_type=waiting.document_type, subject="Cơ quan khác")
    assert not Document.objects.visible_to(org["head"]).filter(pk=waiting.pk).exists()
    now = timezone.now()
    d = delegation_create(actor=org["leader"], organization=org["org"], delegator=org["leader"], delegate=org["head"],
                          starts_at=now, ends_at=now + dt.timedelta(days=1), scope="signing", signing_form="TUQ",
                          reason_kind="sick")
    visible = set(Document.objects.visible_to(org["head"]).values_list("pk", flat=True))
    assert waiting.pk in visible and draft.pk not in visible and elsewhere.pk not in visible
    client.force_login(org["head"])
    assert "Dự thảo approved" in client.get(reverse("my-work")).content.decode()
    delegation_revoke(actor=org["leader"], delegation=d)
    assert not Document.objects.visible_to(org["head"]).filter(pk=waiting.pk).exists()
