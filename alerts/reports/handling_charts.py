"""The two charts of the handling reports, drawn by alerts.charts (server-side SVG): incoming
handling on time and late per unit, outgoing documents by state."""

from __future__ import annotations

from django.utils.safestring import SafeString

from .. import charts
from .handling import OUTGOING_STATES, IncomingHandling, OutgoingHandling

SHORT_CLASSES = [("on_time", "Đúng hạn"), ("late", "Trễ hạn"), ("open", "Trong hạn"), ("overdue", "Quá hạn")]
INCOMING_COLORS = ["#198754", "#fd7e14", "#0d6efd", "#dc3545"]
# Short enough to stand whole under a bar on a phone; the tables carry the full names.
STATE_SHORT = {"draft": "Dự thảo", "returned": "Trả lại", "in_review": "Duyệt", "approved": "Chờ ký",
               "signed": "Đã ký", "issued": "Chờ PH", "dispatched": "Đã PH", "recalled": "Thu hồi"}


def incoming_chart(handling: IncomingHandling) -> SafeString:
    rows = [("Toàn bộ", handling.total)] + [(r.label, r.counts) for r in handling.units]
    if len(handling.units) == 1:
        rows = rows[1:]
    return charts.bar_chart(
        title="Giải quyết văn bản đến: đúng hạn, trễ hạn", labels=[label for label, _ in rows],
        series={name: [getattr(c, key) for _, c in rows] for key, name in SHORT_CLASSES},
        colors=INCOMING_COLORS, x_title="Đơn vị chủ trì", y_title="Số văn bản")


def outgoing_chart(handling: OutgoingHandling) -> SafeString:
    return charts.bar_chart(
        title="Văn bản đi theo trạng thái", labels=[STATE_SHORT[s] for s in OUTGOING_STATES],
        series={"Số văn bản": handling.total.state_counts}, colors=["#0d6efd"],
        x_title="Trạng thái (PH: phát hành)", y_title="Số văn bản")
