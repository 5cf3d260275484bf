"""Issue 14, findings 3 and 4: outgoing drafts that dead-ended.

3. A clerk (no unit) drafts and submits: the content check must go to someone who can open it
   (the organization's leader), and the author can withdraw a submitted draft.
4. The leader signs a PDF that does not hold their name by choosing where the signature goes, and
   can send a draft back at the signing step; the drafter then uploads a new version.

Each new action is tried from another organization (404), by the wrong person (403) and with bad
input (a Vietnamese message, nothing written).
"""

from __future__ import annotations

import dataclasses
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import Document, DocumentType, DraftComment, ReviewStep
from documents.permissions import may_review
from documents.selectors.documents import document_main_file
from documents.services.outgoing.drafting import outgoing_draft_create
from documents.services.outgoing.placement import BOX_HEIGHT, BOX_WIDTH, placement_at
from documents.services.outgoing.review import outgoing_submit, review_decide
from qlvb.demo.story import BACKAN_814
from qlvb.errors import Refused
from qlvb.models import AuditEvent, Membership
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import DEVNULL, DemoCast, draft_ready_to_sign

pytestmark = [pytest.mark.django_db]
demo_cast, story_pki = fx.demo_cast, fx.story_pki  # fixtures

VPCP, BACKAN = "000.00.00.G22", "000.00.00.H05"
NAMELESS = dataclasses.replace(BACKAN_814.layout, signer_title="", signer_name="")  # no "PHÓ CHỦ TỊCH / Đàm Duy Hưng"


@pytest.fixture
def cast(settings, tmp_path) -> DemoCast:
    """The demo organizations and people, without keys (nothing here signs)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    return DemoCast(tmp_path)


def as_user(client, cast, username):
    client.force_login(cast.user(username))
    return client


def text(response) -> str:
    return response.content.decode()


def submitted_draft(cast, username: str = "backan.vanthu", secrecy: int = 0) -> Document:
    """A draft of 814 by `username` of UBND tỉnh Bắc Kạn, submitted."""
    document = outgoing_draft_create(secrecy=secrecy,
        actor=cast.user(username), organization=cast.org(BACKAN), document_type=DocumentType.objects.get(code="cong-van"),
        subject=BACKAN_814.subject, content=("814.pdf", BACKAN_814.pdf()), recipients=[cast.org("000.00.13.H05")])
    return outgoing_submit(actor=cast.user(username), document=document)


def audit_count(document, action) -> int:
    return AuditEvent.objects.filter(object_type="documents.document", object_id=str(document.pk), action=action).count()


# --- 3. a draft with no unit is checked by the leader ---------------------------------------------

def test_a_clerks_draft_is_checked_by_the_leader_not_by_a_unit_head_who_cannot_open_it(client, cast):
    draft = submitted_draft(cast)
    assert draft.unit_id is None and draft.state == "in_review"

    # The unit head cannot open it and is not its reviewer (before: reviewer, but 404 on the page).
    unit_head = as_user(client, cast, "backan.vxnv.truongphong")
    assert unit_head.get(reverse("outgoing:detail", args=[draft.pk])).status_code == 404
    assert unit_head.post(reverse("outgoing:review", args=[draft.pk]), {"approve": "1"}).status_code == 404

    page = text(as_user(client, cast, "backan.vanthu").get(reverse("outgoing:detail", args=[draft.pk])))
    assert "Dự thảo đang chờ kiểm tra nội dung của lãnh đạo cơ quan." in page

    leader = as_user(client, cast, "backan.lanhdao")
    assert draft.subject[:40] in text(leader.get(reverse("outgoing:list"), {"state": "in_review"}))
    page = text(leader.get(reverse("outgoing:detail", args=[draft.pk])))
    assert 'data-next="review"' in page and "Kiểm tra nội dung" in page
    approved = leader.post(reverse("outgoing:review", args=[draft.pk]), {"approve": "1"}, follow=True)
    assert "Đã đồng ý dự thảo." in text(approved)

    clerk = as_user(client, cast, "backan.vanthu")
    clerk.post(reverse("outgoing:review", args=[draft.pk]), {"approve": "1"})
    draft.refresh_from_db()
    assert draft.state == "approved"
    step = draft.review_steps.get(kind=ReviewStep.Kind.CONTENT)
    assert step.decided_by.username == "backan.lanhdao"


def test_a_unit_without_a_head_has_its_drafts_checked_by_the_leader(client, cast):
    Membership.objects.filter(user__username="backan.vxnv.truongphong").update(is_active=False)
    draft = submitted_draft(cast, "backan.chuyenvien")
    assert draft.unit_id is not None
    leader = as_user(client, cast, "backan.lanhdao")
    leader.post(reverse("outgoing:review", args=[draft.pk]), {"approve": "1"})
    assert draft.review_steps.get(kind=ReviewStep.Kind.CONTENT).state == "approved"


def test_whoever_may_check_a_draft_can_open_it(cast):
    """The reviewer rule and the visibility rule agree, for every person of every demo organization,
    on drafts by a clerk (no unit), a specialist (a unit) and a unit head, and on a secret draft
    (the demo's unit head has no secret clearance: its content goes to the leader)."""
    from qlvb.models import User

    drafts = [submitted_draft(cast, name) for name in ("backan.vanthu", "backan.chuyenvien",
                                                       "backan.vxnv.truongphong")]
    drafts.append(submitted_draft(cast, "backan.chuyenvien", secrecy=1))
    people = list(User.objects.filter(is_active=True))
    for draft in drafts:
        step = draft.review_steps.get(kind=ReviewStep.Kind.CONTENT)
        reviewers = [u for u in people if may_review(u, draft, step)]
        assert reviewers, draft.created_by  # never a draft nobody can check
        for user in reviewers:
            assert Document.objects.visible_to(user).filter(pk=draft.pk).exists(), (user, draft.created_by)
    assert [u.username for u in people if may_review(u, drafts[-1], drafts[-1].review_steps.get(
        kind=ReviewStep.Kind.CONTENT))] == ["backan.lanhdao"]


# --- 3. the author withdraws a submitted draft ---------------------------------------------------

def test_the_author_withdraws_a_submitted_draft_changes_it_and_submits_again(client, cast):
    draft = submitted_draft(cast)
    clerk = as_user(client, cast, "backan.vanthu")
    page = text(clerk.get(reverse("outgoing:detail", args=[draft.pk])))
    assert "Rút lại dự thảo" in page
    done = clerk.post(reverse("outgoing:withdraw", args=[draft.pk]), {"reason": "Sửa nơi nhận."}, follow=True)
    assert "Đã rút lại dự thảo; bạn có thể sửa và trình lại." in text(done)
    draft.refresh_from_db()
    assert draft.state == "draft" and not draft.review_steps.filter(state="pending").exists()
    assert audit_count(draft, "outgoing.withdraw") == 1
    assert "Người soạn thảo rút lại dự thảo" in text(clerk.get(reverse("outgoing:tracking", args=[draft.pk])))

    from django.core.files.uploadedfile import SimpleUploadedFile
    clerk.post(reverse("outgoing:version-add", args=[draft.pk]),
               {"content": SimpleUploadedFile("814-v2.pdf", BACKAN_814.pdf(), content_type="application/pdf")})
    assert document_main_file(draft).name == "814-v2.pdf"
    clerk.post(reverse("outgoing:submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.state == "in_review" and draft.review_steps.filter(state="pending").count() == 2


def test_withdrawing_a_draft_of_another_organization_is_404(client, cast):
    draft = submitted_draft(cast)
    response = as_user(client, cast, "vpcp.vanthu").post(reverse("outgoing:withdraw", args=[draft.pk]))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.state == "in_review"


def test_only_the_author_withdraws_a_draft(client, cast):
    draft = submitted_draft(cast)
    leader = as_user(client, cast, "backan.lanhdao")  # sees it, checks it, but did not write it
    assert "Rút lại dự thảo" not in text(leader.get(reverse("outgoing:detail", args=[draft.pk])))
    assert leader.post(reverse("outgoing:withdraw", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.state == "in_review" and audit_count(draft, "outgoing.withdraw") == 0


def test_withdrawing_a_draft_not_submitted_or_with_a_too_long_reason_is_refused_and_changes_nothing(client, cast):
    draft = submitted_draft(cast)
    clerk = as_user(client, cast, "backan.vanthu")
    too_long = clerk.post(reverse("outgoing:withdraw", args=[draft.pk]), {"reason": "x" * 2001})
    assert too_long.status_code == 400 and "Lý do rút lại dài quá 2.000 ký tự." in text(too_long)
    clerk.post(reverse("outgoing:withdraw", args=[draft.pk]))
    again = clerk.post(reverse("outgoing:withdraw", args=[draft.pk]))
    assert again.status_code == 400
    assert "Chỉ rút lại được dự thảo đang trình duyệt hoặc đang chờ ký." in text(again)
    draft.refresh_from_db()
    assert draft.state == "draft" and audit_count(draft, "outgoing.withdraw") == 1


# --- 4. the leader sends a draft back at the signing step ----------------------------------------

def test_the_leader_sends_a_draft_back_and_the_drafter_uploads_a_new_version(client, cast):
    document = draft_ready_to_sign(cast, letter=BACKAN_814)
    leader = as_user(client, cast, "backan.lanhdao")
    page = text(leader.get(reverse("outgoing:sign", args=[document.pk])))
    assert "data-send-back" in page and "Lý do trả lại" in page
    reason = "Bổ sung nơi nhận: Sở Tài chính; sửa đoạn 2."
    done = leader.post(reverse("outgoing:send-back", args=[document.pk]), {"reason": reason}, follow=True)
    assert "Đã trả lại dự thảo cho người soạn thảo." in text(done)
    document.refresh_from_db()
    assert document.state == "returned" and not document.symbol
    assert DraftComment.objects.filter(document=document, text=reason, author__username="backan.lanhdao").exists()
    event = AuditEvent.objects.get(object_id=str(document.pk), action="outgoing.send_back")
    assert event.actor.username == "backan.lanhdao" and event.data["reason"] == reason

    drafter = as_user(client, cast, BACKAN_814.drafter)
    page = text(drafter.get(reverse("outgoing:detail", args=[document.pk])))
    assert f"(bước ký, Đàm Duy Hưng): {reason}" in page
    assert "Hãy tải lên phiên bản mới của dự thảo rồi trình lại." in page and 'name="content"' in page
    from django.core.files.uploadedfile import SimpleUploadedFile
    drafter.post(reverse("outgoing:version-add", args=[document.pk]),
                 {"content": SimpleUploadedFile("814-v2.pdf", BACKAN_814.pdf(), content_type="application/pdf")})
    drafter.post(reverse("outgoing:submit", args=[document.pk]))
    document.refresh_from_db()
    assert document.state == "in_review" and document_main_file(document).name == "814-v2.pdf"


def test_a_signing_delegate_sends_back_on_behalf_of_the_leader_and_both_are_recorded(client, cast):
    import datetime as dt

    from django.utils import timezone

    from qlvb.services.delegation import delegation_create

    document = draft_ready_to_sign(cast, letter=BACKAN_814)
    leader, deputy = cast.user("backan.lanhdao"), cast.user("backan.vxnv.truongphong")
    now = timezone.now()
    delegation_create(actor=leader, organization=cast.org(BACKAN), delegator=leader, delegate=deputy,
                      starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=2), scope="signing",
                      signing_form="TUQ")
    client.force_login(deputy)
    page = text(client.get(reverse("outgoing:sign", args=[document.pk])))
    assert "Trả lại với tư cách" in page and 'id="id_tra_lai_reason"' in page
    client.post(reverse("outgoing:send-back", args=[document.pk]),
                {"reason": "Chưa đúng thẩm quyền ký.", "on_behalf_of": str(leader.pk)})
    event = AuditEvent.objects.get(object_id=str(document.pk), action="outgoing.send_back")
    assert (event.actor, event.on_behalf_of) == (deputy, leader)


def test_sending_back_a_draft_of_another_organization_is_404(client, cast):
    document = draft_ready_to_sign(cast, letter=BACKAN_814)
    response = as_user(client, cast, "vpcp.lanhdao").post(reverse("outgoing:send-back", args=[document.pk]),
                                                          {"reason": "Không đồng ý."})
    assert response.status_code == 404
    document.refresh_from_db()
    assert document.state == "approved"


@pytest.mark.parametrize("username", ["backan.vanthu", "backan.vxnv.truongphong", "backan.chuyenvien"])
def test_only_a_leader_sends_a_draft_back(client, cast, username):
    document = draft_ready_to_sign(cast, letter=BACKAN_814)
    person = as_user(client, cast, username)
    assert "data-send-back" not in text(person.get(reverse("outgoing:sign", args=[document.pk])))
    assert person.post(reverse("outgoing:send-back", args=[document.pk]), {"reason": "Không."}).status_code == 403
    document.refresh_from_db()
    assert document.state == "approved" and audit_count(document, "outgoing.send_back") == 0


def test_sending_back_without_a_reason_or_before_the_checks_is_refused_and_changes_nothing(client, cast):
    document = draft_ready_to_sign(cast, letter=BACKAN_814)
    leader = as_user(client, cast, "backan.lanhdao")
    blank = leader.post(reverse("outgoing:send-back", args=[document.pk]), {"reason": "   "})
    assert blank.status_code == 400 and "Cần ghi lý do khi trả lại dự thảo." in text(blank)
    document.refresh_from_db()
    assert document.state == "approved" and not DraftComment.objects.filter(document=document).exists()

    in_review = submitted_draft(cast, "backan.chuyenvien")
    early = leader.post(reverse("outgoing:send-back", args=[in_review.pk]), {"reason": "Không đồng ý."})
    assert early.status_code == 400 and "Văn bản không ở bước chờ ký nên không thể trả lại." in text(early)
    in_review.refresh_from_db()
    assert in_review.state == "in_review" and audit_count(in_review, "outgoing.send_back") == 0


# --- 4. a signature position chosen on the page -------------------------------------------------

def test_a_point_on_the_picture_becomes_a_box_on_that_page_inside_the_page(cast):
    document = draft_ready_to_sign(cast, letter=BACKAN_814)
    main = document_main_file(document)
    width, height = 595.28, 841.89  # A4 (reportlab)
    p = placement_at(main, page=1, x=0.5, y=0.25)
    assert p.page == 0 and (p.width, p.height) == pytest.approx((BOX_WIDTH, BOX_HEIGHT))
    assert p.x + p.width / 2 == pytest.approx(width / 2, abs=0.5)
    assert p.y + p.height / 2 == pytest.approx(height * 0.75, abs=0.5)  # the picture's top is the PDF's top
    corner = placement_at(main, page=1, x=1.0, y=1.0)
    assert corner.x + corner.width == pytest.approx(width, abs=0.5) and corner.y == pytest.approx(0, abs=0.5)
    preset = placement_at(main, page=None, preset="cuoi-phai")
    assert preset.page == 0 and preset.x > width / 2 and preset.y < height / 2
    with pytest.raises(Refused) as refused:
        placement_at(main, page=3, x=0.5, y=0.5)
    assert refused.value.text("vi") == "Văn bản không có trang 3 (văn bản có 1 trang)."
    with pytest.raises(Refused) as refused:
        placement_at(None, page=1, x=0.5, y=0.5)  # a DOCX still converting: no PDF to place it on
    assert refused.value.text("vi") == "Văn bản chưa có bản PDF để ký."


def _widget(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    from signatures.pdf.verify import _widget

    reader = PdfFileReader(io.BytesIO(pdf))
    return _widget(reader, reader.embedded_signatures[0])


def test_the_leader_signs_a_pdf_without_their_name_at_the_point_they_chose(client, demo_cast):
    document = draft_ready_to_sign(demo_cast, letter=BACKAN_814, layout=NAMELESS)
    leader = as_user(client, demo_cast, "backan.lanhdao")
    url = reverse("outgoing:sign", args=[document.pk])
    page = text(leader.get(url))
    assert "data-position-pages" in page and 'data-page="1"' in page and "signing-position.js" in page
    assert 'name="position"' in page and "Cuối trang, bên phải" in page and 'name="page"' in page

    pin = demo_cast.pin("backan.lanhdao")
    lost = leader.post(url, {"pin": pin})  # the old dead end: the name is not in the PDF
    assert "hãy chọn vị trí đặt chữ ký" in text(lost)
    document.refresh_from_db()
    assert document.state == "approved" and not document.register_number  # nothing half-written

    signed = leader.post(url, {"pin": pin, "position": "diem", "page": "1", "point_x": "0.7", "point_y": "0.8"},
                         follow=True)
    assert "Đã ký ban hành văn bản số" in text(signed)
    document.refresh_from_db()
    assert document.state == "signed"
    widget = _widget(fx.file_bytes(document_main_file(document)))
    assert widget.page == 0
    assert widget.x + widget.width / 2 == pytest.approx(595.28 * 0.7, abs=1)
    assert widget.y + widget.height / 2 == pytest.approx(841.89 * 0.2, abs=1)


def test_without_script_the_leader_picks_a_preset_spot(client, demo_cast):
    document = draft_ready_to_sign(demo_cast, letter=BACKAN_814, layout=NAMELESS)
    leader = as_user(client, demo_cast, "backan.lanhdao")
    signed = leader.post(reverse("outgoing:sign", args=[document.pk]),
                         {"pin": demo_cast.pin("backan.lanhdao"), "position": "cuoi-trai", "page": ""}, follow=True)
    assert "Đã ký ban hành văn bản số" in text(signed)
    widget = _widget(fx.file_bytes(document_main_file(fx.DemoCast.org(BACKAN).documents.get(pk=document.pk))))
    assert widget.page == 0 and widget.x + widget.width / 2 == pytest.approx(595.28 * 0.28, abs=1)


def test_a_chosen_position_off_the_document_is_refused_and_nothing_is_numbered(client, demo_cast):
    document = draft_ready_to_sign(demo_cast, letter=BACKAN_814, layout=NAMELESS)
    leader = as_user(client, demo_cast, "backan.lanhdao")
    url, pin = reverse("outgoing:sign", args=[document.pk]), demo_cast.pin("backan.lanhdao")
    no_page = leader.post(url, {"pin": pin, "position": "cuoi-phai", "page": "9"})
    assert "Văn bản không có trang 9 (văn bản có 1 trang)." in text(no_page)
    no_point = leader.post(url, {"pin": pin, "position": "diem", "page": "1"})
    assert "Hãy chạm vào trang văn bản để chọn điểm đặt chữ ký" in text(no_point)
    off = leader.post(url, {"pin": pin, "position": "diem", "page": "1", "point_x": "1.5", "point_y": "0.2"})
    assert "Điểm đặt chữ ký đã chọn không nằm trên trang" in text(off)
    document.refresh_from_db()
    assert document.state == "approved" and not document.register_number and not document.symbol
    assert document.files.count() == 1


def test_signing_at_a_position_in_another_organization_is_404(client, demo_cast):
    document = draft_ready_to_sign(demo_cast, letter=BACKAN_814, layout=NAMELESS)
    response = as_user(client, demo_cast, "vpcp.lanhdao").post(
        reverse("outgoing:sign", args=[document.pk]),
        {"pin": demo_cast.pin("vpcp.lanhdao"), "position": "cuoi-phai"})
    assert response.status_code == 404


def test_a_review_cannot_be_decided_by_someone_it_is_not_for(cast):
    """The service keeps refusing a unit head outside a unitless draft's route."""
    draft = submitted_draft(cast)
    from qlvb.errors import Forbidden
    with pytest.raises(Forbidden):
        review_decide(actor=cast.user("backan.vxnv.truongphong"), document=draft, approve=True)
