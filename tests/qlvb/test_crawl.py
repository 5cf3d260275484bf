"""The crawl: every link each role can see answers without an error.

Each demo role logs in (a clerk with no unit, leaders, a unit head, a specialist, the admin, a
clerk of another organization) and follows, breadth first, every same-site link and htmx request
on the pages it reaches: one visit per URL shape (digits stand for any id), so the walk covers
every screen once without paging through every row. A page that answers 4xx or 5xx to a link the
person was shown is a broken promise, and the test lists them all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from documents.models import DocumentType
from documents.services.incoming.registration import incoming_create_paper, incoming_register
from documents.services.indexing import document_index
from documents.services.outgoing.drafting import outgoing_draft_create
from qlvb.models import Organization, User
from tests.e2e.story_fixtures import DEVNULL
from tests.factories import login_verified

pytestmark = pytest.mark.django_db

LINK = re.compile(r"""(?:href|hx-get)=["'](/[^"'#]*)["']""")
NOT_FOLLOWED = ("/dang-xuat/", "/static/", "/media/")
MAX_PAGES = 150
ROLES = [
    "backan.vanthu",  # clerk, no unit
    "backan.lanhdao",  # leader
    "backan.vxnv.truongphong",  # unit head
    "backan.chuyenvien",  # specialist
    "vpcp.vanthu",  # clerk of another organization
    "admin",  # organization admin, no document rights
]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _shape(url: str) -> tuple:
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path), tuple(sorted(k for k, _ in parse_qsl(parts.query)))


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    backan = Organization.objects.get(organ_id="000.00.00.H05")
    clerk = User.objects.get(username="backan.vanthu")
    congvan = DocumentType.objects.get(code="cong-van")
    incoming = incoming_create_paper(
        actor=clerk, organization=backan, document_type=congvan, symbol="807/VPCP-KSTT",
        subject="V/v tăng cường gửi, nhận văn bản điện tử", issued_on=dt.date.today(),
        issuer_name="Văn phòng Chính phủ", scan=("807.pdf", PDF),
    )
    incoming_register(actor=clerk, document=incoming)
    document_index(document=incoming)
    draft = outgoing_draft_create(
        actor=clerk, organization=backan, document_type=congvan, subject="V/v trả lời 807/VPCP-KSTT",
        content=("814.pdf", PDF), paper_recipients=["Văn phòng Chính phủ"],
    )
    document_index(document=draft)
    return backan


def crawl(username: str) -> tuple[int, list[str]]:
    client = Client()
    # Past the second factor (the admin is a superuser, who must use it), so the walk sees the screens.
    login_verified(client, User.objects.get(username=username))
    queue, seen, broken, visited = deque([("/", "(start)")]), {_shape("/")}, [], 0
    while queue and visited < MAX_PAGES:
        url, source = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code >= 400:
            broken.append(f"{url} → {response.status_code} (linked from {source})")
            continue
        if response.status_code in (301, 302):
            target = response["Location"]
            if target.startswith("/") and _shape(target) not in seen:
                seen.add(_shape(target))
                queue.append((target, url))
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link.startswith(NOT_FOLLOWED) or _shape(link) in seen:
                continue
            seen.add(_shape(link))
            queue.append((link, url))
    return visited, broken


@pytest.mark.parametrize("username", ROLES)
def test_every_link_a_role_sees_answers_without_error(demo, username):
    visited, broken = crawl(username)
    assert visited > 3, f"{username} reached almost nothing: the crawl itself is broken"
    assert not broken, f"{username}: {len(broken)} of {visited} pages answered an error:\n" + "\n".join(broken)
