"""The demo data of the access history: accesses of the demo cast to Bắc Kạn's documents, once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from documents.models import DocumentType, FileAccess
from documents.services.incoming.registration import incoming_create_paper
from qlvb.demo.records_accesslog import demo_accesslog
from qlvb.models import Organization, User
from tests.e2e.story_fixtures import DEVNULL

pytestmark = pytest.mark.django_db


def test_the_demo_adds_the_accesses_once(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    assert demo_accesslog() == 0  # no cast yet: nothing, no error
    call_command("seed_demo", stdout=DEVNULL)
    backan = Organization.objects.get(organ_id="000.00.00.H05")
    incoming_create_paper(
        actor=User.objects.get(username="backan.vanthu"), organization=backan,
        document_type=DocumentType.objects.get(code="cong-van"), symbol="807/VPCP-KSTT",
        subject="V/v tăng cường gửi, nhận văn bản điện tử", issuer_name="Văn phòng Chính phủ",
        issued_on=dt.date(2021, 2, 1),
        scan=("807.pdf", b"%PDF-1.4\n%%EOF\n"))
    out = io.StringIO()
    assert demo_accesslog(stdout=out) == 5
    assert "5 accesses" in out.getvalue()
    assert demo_accesslog() == 0
    assert FileAccess.objects.filter(action="print", user__username="backan.chuyenvien").count() == 1
