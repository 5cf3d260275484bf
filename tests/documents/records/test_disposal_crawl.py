"""The crawl of tests/qlvb/test_crawl.py over the pages of keeping back, handover and disposal with their
data in every state (a kept-back request, a kept hồ sơ, a proposed list, an executed decision with its
tombstone, a handover minute): every link each role of Bắc Kạn is shown answers without an error —
the archivist (no unit) included."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from documents.services.records.disposal import (
    disposal_decide,
    disposal_execute,
    disposal_propose,
)
from documents.services.records.handover import records_hand_over
from qlvb.demo.records_disposal import demo_disposal
from qlvb.models import Organization, User
from tests.e2e.story_fixtures import DEVNULL
from tests.qlvb.test_crawl import crawl

pytestmark = pytest.mark.django_db


@pytest.fixture
def care_demo(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    records = demo_disposal()
    backan = Organization.objects.get(organ_id="000.00.00.H05")
    archivist, leader = User.objects.get(username="backan.luutru"), User.objects.get(username="backan.lanhdao")
    executed = disposal_propose(actor=archivist, organization=backan, records=[records["expired"]])
    disposal_decide(actor=leader, decision=executed, number="25/QĐ-UBND", signed_on=timezone.localdate(),
                    reason="Hết giá trị")
    with django_capture_on_commit_callbacks(execute=True):
        disposal_execute(actor=leader, decision=executed)
    disposal_propose(actor=archivist, organization=backan, records=[records["short"]])
    records_hand_over(actor=leader, from_user=User.objects.get(username="backan.chuyenvien"),
                      to_user=User.objects.get(username="backan.vxnv.truongphong"), reason="Chuyển công tác")
    return records


@pytest.mark.parametrize("username", ["backan.luutru", "backan.lanhdao", "backan.vxnv.truongphong",
                                      "backan.chuyenvien", "backan.vanthu"])
def test_every_link_of_the_section_answers(care_demo, username):
    visited, broken = crawl(username)
    assert visited > 3
    assert not broken, f"{username}: {len(broken)} of {visited} pages answered an error:\n" + "\n".join(broken)
