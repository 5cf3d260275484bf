"""KPIs of seed 004 per unit and month: signed, units signing, electronic exchange, on-time registration."""

from __future__ import annotations

import pytest

from alerts.kpis import organization_kpis
from interchange.models import Recipient
from tests.factories import make_unit

from .builders import at, incoming, office, outgoing

pytestmark = pytest.mark.django_db


def test_kpis_per_unit_and_month():
    backan = office()
    org = backan["org"]
    vx = make_unit(org, "VXNV", "Phòng Văn xã - Nội vụ")
    kt = make_unit(org, "KT", "Phòng Kinh tế")
    make_unit(org, "TH", "Phòng Tổng hợp")  # issued nothing: not counted among units issuing
    for i in range(3):
        doc = outgoing(org, unit=vx, state="dispatched", signed_at=at(2 + i, 9), dispatched_at=at(2 + i, 10))
        Recipient.objects.create(document=doc, organ_id="000.00.00.G22", channel="axis", state=30)
    unsigned = outgoing(org, unit=kt, state="issued", dispatched_at=at(4, 10))
    Recipient.objects.create(document=unsigned, organ_id="000.00.01.H05", channel="paper")
    outgoing(org, unit=kt, state="dispatched", signed_at=at(5, 9), dispatched_at=at(5, 10))
    outgoing(org, unit=kt, state="dispatched", signed_at=at(5, 9), dispatched_at=at(5, 10), secrecy=1)  # not counted
    outgoing(org, unit=vx, state="dispatched", signed_at=at(2, 9), dispatched_at=at(2, 10, month=2))  # February
    # Incoming: received Monday 9:00 → due Tuesday 17:30.
    incoming(org, received_at=at(9, 9), state="registered", registered_at=at(9, 11))
    incoming(org, received_at=at(9, 9), state="registered", registered_at=at(10, 17))
    incoming(org, received_at=at(9, 9), state="registered", registered_at=at(11, 8), source="paper")  # late
    incoming(org, received_at=at(2, 9))  # never registered, past its deadline: late
    incoming(org, received_at=at(31, 9), state="rejected")  # refused: no registration expected

    kpis = organization_kpis(organization=org, year=2026, month=3, now=at(31, 20))
    rows = {r.label: r for r in kpis.units}
    assert (rows["Phòng Văn xã - Nội vụ"].signed.done, rows["Phòng Văn xã - Nội vụ"].signed.total) == (3, 3)
    assert (rows["Phòng Kinh tế"].signed.done, rows["Phòng Kinh tế"].signed.total) == (1, 2)
    assert rows["Phòng Văn xã - Nội vụ"].signed.percent == 100.0 and rows["Phòng Kinh tế"].signed.percent == 50.0
    assert rows["Phòng Văn xã - Nội vụ"].signed.meets_target and not rows["Phòng Kinh tế"].signed.meets_target
    assert (kpis.total.signed.done, kpis.total.signed.total) == (4, 5)
    assert (kpis.units_signing.done, kpis.units_signing.total) == (2, 2)
    # Electronic: 3 axis recipients + 1 paper recipient, 4 electronic arrivals + 1 paper arrival.
    assert (kpis.total.electronic.done, kpis.total.electronic.total) == (7, 9)
    assert kpis.total.electronic.percent == 77.8
    assert (kpis.total.on_time.done, kpis.total.on_time.total) == (2, 4)
    assert rows["Phòng Tổng hợp"].signed.percent is None
