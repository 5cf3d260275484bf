"""Việc của tôi shows outgoing work (issue 14, finding 5): what waits for each role on the demo cast,
each item linking to the page where the step is done, and a bell badge that counts the same lists.

Before: nothing outgoing was listed — a draft waiting for the unit head's check, the leader's
signature, the clerk's seal or dispatch, or recipients that never received it showed nowhere.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, DocumentType
from documents.services.outgoing.drafting import outgoing_draft_create
from documents.services.outgoing.review import outgoing_submit, review_decide
from interchange.models import Recipient
from qlvb.demo.story import BACKAN_814
from qlvb.models import Organization, User
from qlvb.services.delegation import delegation_create
from tests.e2e.story_fixtures import DEVNULL

pytestmark = pytest.mark.django_db
URL = reverse("my-work")
BACKAN, VPCP = "000.00.00.H05", "000.00.00.G22"
PDF = BACKAN_814.pdf


@pytest.fixture(scope="module")
def letter_pdf() -> bytes:
    return PDF()


@pytest.fixture
def cast(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)


def user(username: str) -> User:
    return User.objects.get(username=username)


def draft(pdf: bytes, subject: str, *, by: str = "backan.chuyenvien", organ_id: str = BACKAN,
          submit: bool = True, urgency: int = 0) -> Document:
    document = outgoing_draft_create(
        actor=user(by), organization=Organization.objects.get(organ_id=organ_id),
        document_type=DocumentType.objects.get(code="cong-van"), subject=subject, content=("du-thao.pdf", pdf),
        paper_recipients=["Như trên"], urgency=urgency)
    if submit:
        outgoing_submit(actor=user(by), document=document)
    document.refresh_from_db()
    return document


def approve(document: Document, *reviewers: str) -> Document:
    for reviewer in reviewers:
        review_decide(actor=user(reviewer), document=document, approve=True)
    document.refresh_from_db()
    return document


def page_as(client, username: str) -> str:
    client.force_login(user(username))
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, key: str) -> str:
    """The HTML of one list of the page ("" when the page does not show it)."""
    start = page.find(f'data-section="{key}"')
    if start < 0:
        return ""
    end = page.find("data-section=", start + 20)
    return page[start:end if end > 0 else None]


def count_of(page: str, key: str) -> int:
    match = re.search(r'<span class="badge text-bg-\w+">(\d+)</span>', section(page, key))
    return int(match.group(1)) if match else 0


def links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" class="list-group-item', html)


def badge(client) -> int:
    text = client.get(reverse("my-work-count")).content.decode()
    match = re.search(r">(\d+)</span>", text)
    return int(match.group(1)) if match else 0


def test_a_draft_walks_from_the_unit_head_to_the_clerk_to_the_leader_each_seeing_it_with_a_link(client, cast,
                                                                                               letter_pdf):
    document = draft(letter_pdf, "V/v báo cáo tình hình gửi nhận văn bản điện tử")
    review = reverse("outgoing:review", args=[document.pk])

    head = page_as(client, "backan.vxnv.truongphong")
    assert "V/v báo cáo tình hình gửi nhận" in section(head, "to_review_content")
    assert links(section(head, "to_review_content")) == [review]
    assert "Người soạn: Nông Thị Mai — Phòng Văn xã - Nội vụ" in section(head, "to_review_content")
    assert client.get(review).status_code == 200  # the link opens the page where the check is done
    # Not yet the clerk's or the leader's turn.
    assert count_of(page_as(client, "backan.vanthu"), "to_review_format") == 0
    assert count_of(page_as(client, "backan.lanhdao"), "to_sign") == 0

    approve(document, "backan.vxnv.truongphong")
    assert count_of(page_as(client, "backan.vxnv.truongphong"), "to_review_content") == 0
    clerk = page_as(client, "backan.vanthu")
    assert links(section(clerk, "to_review_format")) == [review]

    approve(document, "backan.vanthu")
    leader = page_as(client, "backan.lanhdao")
    sign = reverse("outgoing:sign", args=[document.pk])
    assert "Văn bản chờ ký ban hành" in leader and links(section(leader, "to_sign")) == [sign]
    assert client.get(sign).status_code == 200
    assert count_of(page_as(client, "backan.vanthu"), "to_review_format") == 0


def test_the_leader_s_home_page_lists_what_waits_for_their_signature_urgent_first(client, cast, letter_pdf):
    ordinary = approve(draft(letter_pdf, "Công văn thường"), "backan.vxnv.truongphong", "backan.vanthu")
    urgent = approve(draft(letter_pdf, "Công văn hỏa tốc", urgency=3), "backan.vxnv.truongphong", "backan.vanthu")
    page = page_as(client, "backan.lanhdao")
    to_sign = section(page, "to_sign")
    assert to_sign.index("Công văn hỏa tốc") < to_sign.index("Công văn thường")
    assert links(to_sign) == [reverse("outgoing:sign", args=[d.pk]) for d in (urgent, ordinary)]
    assert count_of(page, "to_sign") == 2
    assert badge(client) == 2


def test_a_delegate_for_signing_sees_the_drafts_to_sign_and_the_specialist_does_not(client, cast, letter_pdf):
    approve(draft(letter_pdf, "Chờ người được ủy quyền ký"), "backan.vxnv.truongphong", "backan.vanthu")
    assert section(page_as(client, "backan.chuyenvien"), "to_sign") == ""  # wrong role: nothing to sign
    assert section(page_as(client, "backan.vxnv.truongphong"), "to_sign") == ""
    now = timezone.now()
    delegation_create(actor=user("backan.lanhdao"), organization=Organization.objects.get(organ_id=BACKAN),
                      delegator=user("backan.lanhdao"), delegate=user("backan.vxnv.truongphong"),
                      scope="signing", signing_form="TUQ", starts_at=now - dt.timedelta(hours=1),
                      ends_at=now + dt.timedelta(days=1))
    page = page_as(client, "backan.vxnv.truongphong")
    assert "Chờ người được ủy quyền ký" in section(page, "to_sign")


def test_the_clerk_sees_what_to_seal_what_to_dispatch_and_which_recipients_have_not_received(client, cast,
                                                                                            letter_pdf):
    signed = approve(draft(letter_pdf, "Đã ký, chờ đóng dấu"), "backan.vxnv.truongphong", "backan.vanthu")
    sealed = approve(draft(letter_pdf, "Đã đóng dấu, chờ phát hành"), "backan.vxnv.truongphong", "backan.vanthu")
    late = approve(draft(letter_pdf, "Phát hành hôm qua, có nơi chưa nhận"), "backan.vxnv.truongphong",
                   "backan.vanthu")
    fresh = approve(draft(letter_pdf, "Vừa phát hành"), "backan.vxnv.truongphong", "backan.vanthu")
    done = approve(draft(letter_pdf, "Mọi nơi đã nhận"), "backan.vxnv.truongphong", "backan.vanthu")
    now = timezone.now()
    Document.objects.filter(pk=signed.pk).update(state="signed", symbol="815/UBND-VXNV", signed_at=now)
    Document.objects.filter(pk=sealed.pk).update(state="issued", symbol="816/UBND-VXNV", signed_at=now,
                                                 sealed_at=now)
    yesterday = now - dt.timedelta(days=1)
    for doc, n in ((late, 817), (done, 818)):
        Document.objects.filter(pk=doc.pk).update(state="dispatched", symbol=f"{n}/UBND-VXNV", signed_at=yesterday,
                                                  dispatched_at=yesterday)
    Document.objects.filter(pk=fresh.pk).update(state="dispatched", symbol="819/UBND-VXNV", signed_at=now,
                                                dispatched_at=now)
    rows = [(late, "000.00.00.G22", Recipient.State.FAILED), (late, "000.00.00.G14", Recipient.State.SENT),
            (late, "000.00.13.H05", Recipient.State.REGISTERED), (fresh, "000.00.11.H05", Recipient.State.SENT),
            (done, "000.00.11.H05", Recipient.State.REGISTERED)]
    for doc, organ_id, state in rows:
        Recipient.objects.create(document=doc, channel="internal", organ_id=organ_id, name=organ_id, state=state)
    Recipient.objects.create(document=done, channel="paper", name="VNPT Bắc Kạn", state=Recipient.State.QUEUED)

    page = page_as(client, "backan.vanthu")
    issue = "outgoing:issue"
    assert links(section(page, "to_seal")) == [reverse(issue, args=[signed.pk])]
    assert links(section(page, "to_dispatch")) == [reverse(issue, args=[sealed.pk])]
    not_received = section(page, "not_received")
    assert links(not_received) == [reverse("outgoing:tracking", args=[late.pk])]  # not the fresh one, nor paper
    assert "Nơi nhận: 1 gửi lỗi, 1 chưa đến" in not_received
    assert client.get(reverse(issue, args=[signed.pk])).status_code == 200
    assert client.get(reverse("outgoing:tracking", args=[late.pk])).status_code == 200
    # The badge counts the same lists the page shows.
    total = sum(count_of(page, key) for key in re.findall(r'data-section="(\w+)"', page))
    assert badge(client) == total == 3

    # Sent again to the failed one: still waiting for BTTTT, no longer for VPCP's failure.
    Recipient.objects.create(document=late, channel="internal", organ_id="000.00.00.G22", name="VPCP",
                             state=Recipient.State.REGISTERED)
    assert "Nơi nhận: 1 chưa đến" in section(page_as(client, "backan.vanthu"), "not_received")


def test_a_draft_sent_back_waits_for_its_drafter_with_a_link_to_upload_a_new_version(client, cast, letter_pdf):
    document = draft(letter_pdf, "Dự thảo cần sửa")
    review_decide(actor=user("backan.vxnv.truongphong"), document=document, approve=False,
                  comment="Bổ sung số liệu quý IV.")
    page = page_as(client, "backan.chuyenvien")
    assert links(section(page, "returned_drafts")) == [reverse("outgoing:detail", args=[document.pk])]
    assert badge(client) == 1
    assert section(page_as(client, "backan.vanthu"), "returned_drafts") == ""  # not the clerk's draft


def test_no_other_organization_s_outgoing_work_shows(client, cast, letter_pdf):
    approve(draft(letter_pdf, "Của Bắc Kạn"), "backan.vxnv.truongphong", "backan.vanthu")
    draft(letter_pdf, "Của Bắc Kạn, chờ kiểm tra")
    for username in ("vpcp.vanthu", "vpcp.lanhdao", "vpcp.kstt.truongphong", "stc.lanhdao"):
        page = page_as(client, username)
        assert "Của Bắc Kạn" not in page, username
        assert badge(client) == 0, username


def _clerk_work(letter_pdf, n: int) -> None:
    """n drafts for the clerk's format check, n sealed ones to dispatch, n with failed recipients."""
    for i in range(3 * n):
        doc = approve(draft(letter_pdf, f"Dự thảo số {i}"), "backan.vxnv.truongphong")
        if i % 3 == 0:
            Document.objects.filter(pk=doc.pk).update(state="issued", signed_at=timezone.now())
        if i % 3 == 1:
            Document.objects.filter(pk=doc.pk).update(state="dispatched", dispatched_at=timezone.now()
                                                      - dt.timedelta(days=1))
            for organ_id in ("000.00.00.G22", "000.00.00.G14"):
                Recipient.objects.create(document=doc, channel="internal", organ_id=organ_id, name=organ_id,
                                         state=Recipient.State.FAILED)


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_page_and_the_badge_take_a_bounded_number_of_queries(client, cast, letter_pdf,
                                                                django_assert_max_num_queries):
    _clerk_work(letter_pdf, 1)
    client.force_login(user("backan.vanthu"))
    client.get(URL)  # the first request of a session does some one-off work (session, caches)
    few = (_queries(client, URL), _queries(client, reverse("my-work-count")))
    _clerk_work(letter_pdf, 5)
    # More documents, the same number of queries: nothing is read once per item.
    assert (_queries(client, URL), _queries(client, reverse("my-work-count"))) == few
    with django_assert_max_num_queries(35):
        page = client.get(URL).content.decode()
    assert count_of(page, "to_review_format") == 6 and count_of(page, "to_dispatch") == 6
    assert count_of(page, "not_received") == 6
    with django_assert_max_num_queries(20):
        assert badge(client) == 18


def test_a_draft_with_no_unit_waits_on_the_leaders_list_not_a_unit_heads(client, cast, letter_pdf):
    """The clerk (no unit) drafts: the organization's leader checks its content (finding 3), so it is
    the leader's work, and no unit head is shown a draft they could not open."""
    document = draft(letter_pdf, "Công văn của văn thư chờ lãnh đạo kiểm tra", by="backan.vanthu")
    review = reverse("outgoing:review", args=[document.pk])
    assert review in section(page_as(client, "backan.lanhdao"), "to_review_content")
    assert review not in page_as(client, "backan.vxnv.truongphong")
