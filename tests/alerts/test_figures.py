"""Issue 16.5, "figures that tell the truth": the seed-004 KPIs of a month of varied documents
checked against the figures this test counts itself from what it built — digitally signed and
hand-signed documents, secret ones, paper recipients with and without a reason, signatures under
delegation, instructions and sign-ins of the leaders — and the page and its Excel file: who reads
them, and what a bad month gives."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import openpyxl
import pytest
from django.utils import timezone

from alerts.deadlines import day_start
from alerts.kpis import organization_kpis
from documents.models import Document, DocumentType, Instruction
from interchange.models import Recipient
from qlvb.audit_actions import AuditAction
from qlvb.models import Delegation
from qlvb.services.audit import audit_record
from tests.factories import make_unit, make_user

from .builders import incoming, office

pytestmark = pytest.mark.django_db

ELECTRONIC = {"axis", "internal"}
INJECTION = '=HYPERLINK("http://evil.example","bấm")'


def _month():
    """This month (sign-ins and instructions are stamped now): its first instant and the next month's."""
    today = timezone.localdate()
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return day_start(first), day_start(following)


def _document(org, spec: dict, n: int) -> Document:
    fields = {"organization": org, "direction": "out", "document_type": DocumentType.objects.get(code="cong-van"),
              "symbol": f"{n}/UBND-{spec['unit'].abbreviation if spec['unit'] else 'VP'}",
              "subject": "V/v tăng cường sử dụng văn bản điện tử", "unit": spec["unit"], "state": spec["state"],
              "secrecy": spec.get("secret", 0), "source": "paper" if spec["hand"] else "drafted",
              "dispatched_at": spec.get("dispatched_at"), "issued_on": spec.get("issued_on"),
              "signed_by": spec.get("by"), "signing_form": spec.get("form", ""),
              "signed_on_behalf_of": spec.get("for"),
              "signer_name": spec.get("signer_name") or (spec["by"].full_name if spec.get("by") else "")}
    if not spec["hand"]:
        fields["signed_at"] = spec["signed_at"]
    doc = Document.objects.create(**fields)
    for channel, reason in spec.get("recipients", []):
        Recipient.objects.create(document=doc, channel=channel, name=f"Nơi nhận {channel} {n}",
                                 organ_id="000.00.00.G22" if channel != "paper" else "", paper_reason=reason,
                                 state=Recipient.State.SENT)
    return doc


@pytest.fixture
def month_of_documents(no_task_queue):
    start, end = _month()
    now = timezone.now()
    backan = office()
    org = backan["org"]
    vx, kt, th = (make_unit(org, "VXNV", "Phòng Văn xã - Nội vụ"), make_unit(org, "KT", "Phòng Kinh tế"),
                  make_unit(org, "TH", "Phòng Tổng hợp"))
    make_unit(org, "NV", "Phòng Nội vụ")  # issues nothing
    chair = make_user(org, ["leader"], full_name="Đàm Duy Hưng", username="chutich")  # no unit
    vice = make_user(org, ["leader"], full_name="Phạm Văn Phó", username="phochutich")
    deputy = make_user(org, ["leader"], full_name="Lý Thị Thay", username="kythay")
    head_kt = make_user(org, ["unit_head"], unit=kt, full_name="Trần Văn Trưởng", username="truongkt")
    specialist = make_user(org, ["specialist"], unit=kt, full_name="Lê Văn Chuyên", username="cvkt")
    other = office("UBND", name="Ủy ban nhân dân tỉnh Cao Bằng", organ_id="000.00.00.H04")
    other_leader = make_user(other["org"], ["leader"], full_name="Người Tỉnh Khác", username="lanhdaocb")

    d = dt.timedelta
    delegations = [
        dict(delegator=chair, delegate=deputy, starts_at=start - d(days=1), ends_at=end + d(days=1), scope="signing",
             signing_form="KT", reason="Đi công tác Hà Nội"),
        dict(delegator=vice, delegate=specialist, starts_at=start, ends_at=end + d(days=5), scope="all",
             signing_form="TUQ", reason="Nghỉ phép năm"),
        dict(delegator=chair, delegate=vice, starts_at=start - d(days=10), ends_at=start + d(hours=12),
             scope="handling", signing_form="KT", reason="Họp Quốc hội"),
        dict(delegator=head_kt, delegate=specialist, starts_at=start - d(days=20), ends_at=end, scope="all",
             signing_form="TL", reason="Đã thu hồi", revoked_at=start - d(days=5)),
        dict(delegator=chair, delegate=deputy, starts_at=start - d(days=60), ends_at=start - d(days=30),
             scope="signing", signing_form="KT", reason="Tháng trước"),
    ]
    for spec in delegations:
        Delegation.objects.create(organization=org, **spec)
    Delegation.objects.create(organization=other["org"], delegator=other_leader, delegate=other["clerk"],
                              starts_at=start, ends_at=end, scope="all", signing_form="TUQ", reason="Khác tỉnh")

    def t(day: int, hour: int = 9) -> dt.datetime:
        return start + d(days=day, hours=hour)

    def on(day: int) -> dt.date:
        return timezone.localdate(t(day))

    specs = [
        dict(unit=vx, hand=False, state="dispatched", by=vice, signed_at=t(1), dispatched_at=t(1, 10),
             issued_on=on(1), recipients=[("axis", ""), ("axis", "")]),
        dict(unit=vx, hand=False, state="dispatched", by=vice, signed_at=t(2), dispatched_at=t(2, 10),
             issued_on=on(2), recipients=[("internal", ""), ("paper", "Bên nhận chưa có chữ ký số")]),
        dict(unit=vx, hand=True, state="issued", by=vice, issued_on=on(3), recipients=[("paper", "")]),
        dict(unit=vx, hand=False, state="dispatched", by=deputy, form="KT", **{"for": chair}, signed_at=t(4),
             dispatched_at=t(4, 10), issued_on=on(4), recipients=[("axis", "")]),
        dict(unit=vx, hand=False, state="dispatched", by=deputy, form="KT", **{"for": chair}, signed_at=t(5),
             dispatched_at=t(5, 10), issued_on=on(5), recipients=[("paper", INJECTION)]),
        dict(unit=kt, hand=True, state="dispatched", by=deputy, form="KT", **{"for": chair}, dispatched_at=t(6),
             issued_on=on(6), recipients=[("paper", "Lãnh đạo đi công tác, ký tay")]),
        dict(unit=kt, hand=False, state="dispatched", by=chair, signed_at=t(7), dispatched_at=t(7, 10),
             issued_on=on(7), recipients=[("axis", "")]),
        dict(unit=kt, hand=False, state="dispatched", by=specialist, form="TUQ", **{"for": vice}, signed_at=t(8),
             dispatched_at=t(8, 10), issued_on=on(8), recipients=[("internal", "")]),
        dict(unit=kt, hand=True, state="issued", by=head_kt),  # no date at all: registered (created) now
        dict(unit=kt, hand=False, state="dispatched", by=vice, secret=1, signed_at=t(9), dispatched_at=t(9, 10),
             issued_on=on(9), recipients=[("paper", "Văn bản mật")]),
        dict(unit=th, hand=True, state="dispatched", signer_name="Đàm Văn Ký", dispatched_at=t(10),
             issued_on=on(10), recipients=[("paper", "")]),
        dict(unit=th, hand=True, state="dispatched", by=vice, form="TM", dispatched_at=t(11), issued_on=on(11)),
        dict(unit=vx, hand=False, state="dispatched", by=vice, form="TM", signed_at=t(12), dispatched_at=t(12, 10),
             issued_on=on(12), recipients=[("axis", "")]),
        dict(unit=vx, hand=False, state="approved", by=vice, signed_at=t(13), draft=True),  # not issued
        dict(unit=vx, hand=False, state="dispatched", by=chair, signed_at=start - d(days=3),
             dispatched_at=start - d(days=2), issued_on=timezone.localdate(start - d(days=2)), before=True,
             recipients=[("paper", "Tháng trước")]),
        dict(unit=kt, hand=False, state="dispatched", by=deputy, form="TL", **{"for": head_kt}, signed_at=t(14),
             dispatched_at=t(14, 10), issued_on=on(14), recipients=[("axis", ""), ("paper", "")]),
        dict(unit=vx, hand=True, state="issued", by=specialist, form="TUQ", **{"for": vice}, issued_on=on(15)),
        dict(unit=kt, hand=False, state="recalled", by=vice, signed_at=t(16), dispatched_at=t(16, 10),
             issued_on=on(16), recipients=[("axis", "")]),
    ]
    for n, spec in enumerate(specs, 1):
        spec["doc"] = _document(org, spec, 900 + n)
    arrivals = [dict(source="axis"), dict(source="axis"), dict(source="internal"), dict(source="paper"),
                dict(source="paper", secrecy=1), dict(source="axis", secrecy=0, month_before=True)]
    for a in arrivals:
        when = start - d(days=3) if a.get("month_before") else t(2)
        a["doc"] = incoming(org, received_at=when, source=a["source"], secrecy=a.get("secrecy", 0))
    instructions = [(chair, None), (chair, None), (vice, None), (deputy, chair), (specialist, vice),
                    (specialist, vice), (other_leader, None)]
    for author, on_behalf in instructions:
        document = arrivals[0]["doc"] if author != other_leader else incoming(other["org"], received_at=t(2))
        Instruction.objects.create(document=document, author=author, on_behalf_of=on_behalf, text="Giao phòng VXNV")
    logins = {chair: 1, vice: 5, deputy: 2, backan["clerk"]: 3, other_leader: 4}
    for user, count in logins.items():
        for _ in range(count):
            audit_record(action=AuditAction.LOGIN, actor=user, organization=user.memberships.get().organization)
    return {**backan, "now": now, "start": start, "end": end, "units": [vx, kt, th], "specs": specs,
            "arrivals": arrivals, "delegations": delegations, "instructions": instructions, "logins": logins,
            "leaders": [chair, vice, deputy, head_kt], "chair": chair, "vice": vice, "deputy": deputy,
            "head_kt": head_kt, "specialist": specialist, "other": other, "other_leader": other_leader}


# --- the truth, counted from what was built ---------------------------------------------------

def _counted(specs: list[dict]) -> list[dict]:
    """The specs counted as issued this month and not secret."""
    return [s for s in specs if not s.get("draft") and not s.get("before") and not s.get("secret")]


def _delegation_reason(world, spec) -> str:
    when = spec.get("signed_at") or spec.get("dispatched_at") or spec["doc"].created_at
    found = [d for d in world["delegations"] if d["delegator"] == spec["for"] and d["delegate"] == spec["by"]
             and d["scope"] in ("signing", "all") and d["starts_at"] <= when < d["ends_at"]
             and not d.get("revoked_at")]
    return found[0]["reason"] if found else ""


def test_every_figure_matches_what_the_test_counted(month_of_documents):
    world = month_of_documents
    start = world["start"]
    kpis = organization_kpis(organization=world["org"], year=start.year, month=start.month, now=world["now"])
    counted = _counted(world["specs"])

    # Ký số, per unit and in all: hand-signed ones are issued documents that are not signed digitally.
    rows = {r.unit_id: r for r in kpis.units}
    for unit in world["units"]:
        mine = [s for s in counted if s["unit"] == unit]
        digital = sum(1 for s in mine if not s["hand"])
        assert (rows[unit.pk].signed.done, rows[unit.pk].signed.total) == (digital, len(mine)), unit.name
        assert rows[unit.pk].hand_signed == sum(1 for s in mine if s["hand"])
        percent = round(digital * 100 / len(mine), 1)
        assert rows[unit.pk].signed.percent == percent and rows[unit.pk].signed.meets_target == (percent >= 95)
    digital = sum(1 for s in counted if not s["hand"])
    assert (kpis.total.signed.done, kpis.total.signed.total) == (digital, len(counted))
    assert kpis.total.hand_signed == sum(1 for s in counted if s["hand"]) > 0

    # Đơn vị ký số: units that issued something, and those of them that signed at least one digitally.
    issuing = {s["unit"] for s in counted}
    signing = {s["unit"] for s in counted if not s["hand"]}
    assert (kpis.units_signing.done, kpis.units_signing.total) == (len(signing), len(issuing))

    # Điện tử, secret ones excluded: each recipient of what was issued, and each document received.
    recipients = [channel for s in counted for channel, _ in s.get("recipients", [])]
    arrivals = [a for a in world["arrivals"] if not a.get("secrecy") and not a.get("month_before")]
    electronic = sum(1 for c in recipients if c in ELECTRONIC) + sum(1 for a in arrivals if a["source"] in ELECTRONIC)
    assert (kpis.total.electronic.done, kpis.total.electronic.total) == (electronic, len(recipients) + len(arrivals))

    # Paper against the e-only catalogue: recipients on paper with a reason, listed with it.
    against = [(s["doc"].symbol, reason) for s in counted for channel, reason in s.get("recipients", [])
               if channel == "paper" and reason]
    assert kpis.total.paper_against_catalogue == len(against)
    assert sorted((p.symbol, p.reason) for p in kpis.paper_recipients) == sorted(against)
    for unit in world["units"]:
        assert rows[unit.pk].paper_against_catalogue == sum(
            1 for s in counted if s["unit"] == unit for c, r in s.get("recipients", []) if c == "paper" and r)

    # Leaders: sign-ins, instructions themselves and through delegates, own and delegated signatures.
    leaders = {r.user_id: r for r in kpis.leaders}
    assert set(leaders) == {u.pk for u in world["leaders"]}
    for user in world["leaders"]:
        row = leaders[user.pk]
        assert row.logins == world["logins"].get(user, 0), user.full_name
        assert row.instructions == sum(1 for a, o in world["instructions"] if a == user and o is None)
        assert row.instructions_by_delegates == sum(1 for a, o in world["instructions"] if o == user)
        own = [s for s in counted if s.get("by") == user and s.get("form", "") not in ("KT", "TUQ", "TL")]
        assert row.signed_own == sum(1 for s in own if not s["hand"]), user.full_name
        assert row.signed_by_hand == sum(1 for s in own if s["hand"]), user.full_name
        delegated = [s for s in counted if s.get("for") == user and s.get("form") in ("KT", "TUQ", "TL")]
        expected = Counter((s["by"].full_name, s["form"], _delegation_reason(world, s)) for s in delegated)
        assert Counter({(g.delegate, g.signing_form, g.reason): g.count for g in row.delegated}) == expected
        assert row.mostly_delegated == (len(delegated) > row.signed_own), user.full_name
    # The chair's documents are mostly signed by the deputy, under "Đi công tác Hà Nội".
    assert leaders[world["chair"].pk].mostly_delegated
    assert not leaders[world["vice"].pk].mostly_delegated

    # Delegations: in force now, and in force at some time of the month (revoked before: neither).
    now, end = world["now"], world["end"]
    in_force = {x["reason"] for x in world["delegations"]
                if x["starts_at"] <= now < x["ends_at"] and not x.get("revoked_at")}
    in_month = {x["reason"] for x in world["delegations"] if x["starts_at"] < end and x["ends_at"] > start
                and (not x.get("revoked_at") or x["revoked_at"] > start)}
    assert {x.reason for x in kpis.delegations_in_force} == in_force
    assert {x.reason for x in kpis.delegations_in_month} == in_month
    assert "Khác tỉnh" not in in_force | {x.reason for x in kpis.delegations_in_month}


# --- the page and the file ---------------------------------------------------------------------

def _page(client, **params) -> tuple[int, str]:
    response = client.get("/canh-bao/chi-so/", params)
    return response.status_code, response.content.decode()


def test_the_leader_with_no_unit_reads_the_figures_and_the_flag(client, month_of_documents):
    world = month_of_documents
    start = world["start"]
    client.force_login(world["chair"])  # a leader of the organization, with no unit
    status, page = _page(client, thang=f"{start:%Y-%m}")
    assert status == 200
    assert f"Chỉ số sử dụng văn bản điện tử tháng {start.month}/{start.year}" in page
    flagged = page.split("Văn bản chủ yếu do người khác ký thay:")[1].split("</div>")[0]
    assert "Đàm Duy Hưng" in flagged and "Phạm Văn Phó" not in flagged
    chair_row = page.split(f'data-leader="{world["chair"].pk}"')[1].split("</li>\n")[0]
    assert 'data-mostly-delegated="1"' in chair_row and "Chủ yếu do người khác ký" in chair_row
    assert "Lý Thị Thay ký KT. 3 văn bản — lý do: Đi công tác Hà Nội" in page
    assert "Bên nhận chưa có chữ ký số" in page and "Nghỉ phép năm" in page
    assert "Khác tỉnh" not in page and "Ủy ban nhân dân tỉnh Cao Bằng" not in page
    assert "text-danger" in page  # a unit under 95%


def test_the_excel_file_has_the_figures_and_keeps_a_formula_as_text(client, month_of_documents):
    world = month_of_documents
    start = world["start"]
    client.force_login(world["admin"])
    response = client.get("/canh-bao/chi-so/tep.xlsx", {"thang": f"{start:%Y-%m}", "co_quan": world["org"].pk})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Chỉ số", "Lãnh đạo", "Ủy quyền", "Gửi giấy"]
    leaders = {row[1]: row for row in book["Lãnh đạo"].iter_rows(min_row=2, values_only=True)}
    assert leaders["Đàm Duy Hưng"][-1] == "Có" and leaders["Phạm Văn Phó"][-1] in ("", None)
    assert "Đi công tác Hà Nội" in leaders["Đàm Duy Hưng"][9]
    paper = list(book["Gửi giấy"].iter_rows(min_row=2))
    injected = [row[5] for row in paper if row[5].value == INJECTION]
    assert injected and injected[0].data_type == "s"  # stored as text: shown, never run
    total = [row for row in book["Chỉ số"].iter_rows(values_only=True) if row[1] == "Toàn cơ quan"][0]
    kpis = organization_kpis(organization=world["org"], year=start.year, month=start.month)
    assert total[2:5] == (kpis.total.signed.total, kpis.total.signed.done, kpis.total.hand_signed)


def test_who_reads_the_figures(client, month_of_documents):
    world = month_of_documents
    org = world["org"]
    for person in (world["clerk"], world["specialist"]):  # a clerk, a specialist: not theirs to read
        client.force_login(person)
        assert client.get("/canh-bao/chi-so/").status_code == 403
        assert client.get("/canh-bao/chi-so/tep.xlsx").status_code == 403
    for person in (world["other"]["admin"], world["other_leader"]):  # another organization's admin, leader
        client.force_login(person)
        assert client.get("/canh-bao/chi-so/", {"co_quan": org.pk}).status_code == 404
        assert client.get("/canh-bao/chi-so/tep.xlsx", {"co_quan": org.pk}).status_code == 404
        status, page = _page(client)
        assert status == 200 and org.name not in page and "Đàm Duy Hưng" not in page
    client.force_login(world["other"]["admin"])
    book = openpyxl.load_workbook(io.BytesIO(client.get("/canh-bao/chi-so/tep.xlsx").content))
    assert org.name not in str([list(s.iter_rows(values_only=True)) for s in book.worksheets])


@pytest.mark.parametrize("params", [{"thang": "2026-13"}, {"nam": "abc", "thang": "3"}, {"nam": "2026", "thang": "13"},
                                    {"thang": "abc"}, {"thang": "2026-00"}, {"nam": "99999", "thang": "1"},
                                    {"thang": "2026-03-01"}])
def test_a_bad_month_is_a_clear_error(client, month_of_documents, params):
    client.force_login(month_of_documents["chair"])
    status, page = _page(client, **params)
    assert status == 400 and "Tháng phải là một tháng từ 1 đến 12" in page
    response = client.get("/canh-bao/chi-so/tep.xlsx", params)
    assert response.status_code == 400 and "Tháng phải là một tháng từ 1 đến 12" in response.content.decode()


def test_year_and_month_given_apart(client, month_of_documents):
    start = month_of_documents["start"]
    client.force_login(month_of_documents["chair"])
    status, page = _page(client, nam=str(start.year), thang=str(start.month))
    assert status == 200 and f"tháng {start.month}/{start.year}" in page
