"""Notices: what the system tells a person on "Việc của tôi" until they mark it read."""

import pytest
from django.urls import reverse

from documents.models.notices import Notice
from documents.services.notices import clerks_of, notice_send
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


def test_a_notice_shows_on_my_work_until_its_reader_marks_it_read(client):
    org = make_org()
    reader = make_user(org, ["specialist"])
    other = make_user(org, ["specialist"])
    notice_send(users=[reader, reader.pk, None], kind=Notice.Kind.RIGHTS_CHANGED, text="Quyền xem hồ sơ 01.VP đã đổi.",
                organization=org)
    assert Notice.objects.filter(user=reader).count() == 1  # one per person

    client.force_login(reader)
    page = client.get(reverse("my-work")).content.decode()
    assert "Quyền xem hồ sơ 01.VP đã đổi." in page

    notice = Notice.objects.get(user=reader)
    client.force_login(other)  # another person cannot mark it read
    client.post(reverse("notice-read", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.read_at is None

    client.force_login(reader)
    assert client.get(reverse("notice-read", args=[notice.pk])).status_code == 405
    client.post(reverse("notice-read", args=[notice.pk]))
    assert "Quyền xem hồ sơ 01.VP đã đổi." not in client.get(reverse("my-work")).content.decode()


def test_marking_all_read_leaves_other_peoples_notices_alone(client):
    org = make_org()
    clerk, specialist = make_user(org, ["clerk"]), make_user(org, ["specialist"])
    assert clerks_of(org) == [clerk.pk]
    notice_send(users=[clerk, specialist], kind=Notice.Kind.RECORDS, text="Hồ sơ đến hạn nộp lưu.")
    client.force_login(clerk)
    client.post(reverse("notices-read"))
    assert Notice.objects.get(user=clerk).read_at is not None
    assert Notice.objects.get(user=specialist).read_at is None
