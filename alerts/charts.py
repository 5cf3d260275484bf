"""Charts drawn on the server as inline SVG: no JavaScript, no library, readable on a phone.

`bar_chart` draws grouped bars per category (e.g. per day), `line_chart` lines with gaps where
a value is missing. Both scale to their container (viewBox) and carry a <title> per mark, so
hovering or long-pressing shows the exact value.

Every category is labelled on the x axis (a few organizations, the report's sections); only a long
run of days is thinned, to as many labels as fit without overlapping, and the axes carry titles (what
the categories are, what is counted). Counts (`whole=True`, the bar charts' default) get whole-number
ticks: one document is never split into quarters.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997"]
# A narrow canvas with large type: on a 390 px phone the text stays readable; wider screens scale it up.
WIDTH, HEIGHT = 480, 292
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 34, 78
TICKS = 4
CHAR_W = 6.8  # the width of one character at font-size 12, to tell whether labels fit


def _nice_scale(value: float, whole: bool) -> tuple[float, int]:
    """(top of the axis, number of tick steps): round steps (1, 2, 2.5, 5 × 10^n), whole numbers only
    for counts — a count of 1 gets the ticks 0 and 1, not 0, 0.25, 0.5."""
    if value <= 0:
        return (1.0, 1) if whole else (float(TICKS), TICKS)
    raw = value / TICKS
    exponent = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 2.5, 5, 10):
        size = step * exponent
        if whole:
            size = max(1, math.ceil(size))
            if size == 3:  # 2.5 rounded up: keep the steps round
                size = 5 if value > 8 else 2
        if raw <= size:
            size = max(size, 0.25)
            return size * math.ceil(value / size), max(1, math.ceil(value / size))
    return 10 * exponent * TICKS, TICKS


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if value >= 10 or value == int(value) else f"{value:.1f}"


def _frame(title: str, y_max: float, steps: int, unit: str, y_title: str) -> list[str]:
    parts = [f'<text x="4" y="17" font-size="15" font-weight="600" fill="#212529">{escape(title)}</text>']
    plot_h = HEIGHT - TOP - BOTTOM
    if y_title:  # what is counted, along the y axis
        middle = TOP + plot_h / 2
        parts.append(f'<text x="12" y="{middle:.1f}" font-size="12" text-anchor="middle" fill="#495057" '
                     f'transform="rotate(-90 12 {middle:.1f})" data-axis="y">{escape(y_title)}</text>')
    for i in range(steps + 1):
        value = y_max * i / steps
        y = TOP + plot_h - plot_h * i / steps
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dee2e6"/>')
        parts.append(f'<text x="{LEFT - 5}" y="{y + 4:.1f}" font-size="12" text-anchor="end" fill="#6c757d">'
                     f'{_fmt(value)}</text>')
    if unit:
        parts.append(f'<text x="{LEFT - 5}" y="{TOP - 7}" font-size="12" text-anchor="end" fill="#6c757d">'
                     f'{escape(unit)}</text>')
    return parts


def _legend(names: Sequence[str], colors: Sequence[str]) -> list[str]:
    """Legend entries in rows under the axis, wrapping when a row is full."""
    parts, x, y = [], 4.0, HEIGHT - 30
    for name, color in zip(names, colors, strict=False):
        width = 22 + 6.6 * len(name)
        if x + width > WIDTH and x > 4:
            x, y = 4.0, y + 17
        parts.append(f'<rect x="{x:.0f}" y="{y}" width="11" height="11" fill="{color}"/>')
        parts.append(f'<text x="{x + 15:.0f}" y="{y + 10}" font-size="12.5" fill="#212529">{escape(name)}</text>')
        x += width
    return parts


def _x_labels(labels: Sequence[str], step_w: float, x_title: str) -> list[str]:
    """Every label when they fit side by side (shortened to the space of their bar group, whole in
    the hover title); a long run of dates every few steps, always the last one."""
    widest = max((len(label) for label in labels), default=0) * CHAR_W + 4
    dates = len(labels) > 12
    every = max(1, math.ceil(widest / step_w)) if dates else 1
    room = max(3, int(step_w / CHAR_W))  # characters that fit under one category
    parts = []
    for i, label in enumerate(labels):
        if i % every and i != len(labels) - 1:
            continue
        if i != len(labels) - 1 and len(labels) - 1 - i < every and i % every == 0 and i:
            continue  # too close to the last label, which is always shown
        shown = label if dates or len(label) <= room else label[:room - 1] + "…"
        x = LEFT + step_w * (i + 0.5)
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 15}" font-size="12" text-anchor="middle" '
                     f'fill="#6c757d" data-axis="x"><title>{escape(label)}</title>{escape(shown)}</text>')
    if x_title:
        parts.append(f'<text x="{LEFT + (WIDTH - LEFT - RIGHT) / 2:.1f}" y="{HEIGHT - BOTTOM + 32}" font-size="12" '
                     f'text-anchor="middle" fill="#495057">{escape(x_title)}</text>')
    return parts


def _svg(parts: list[str], label: str) -> SafeString:
    body = "".join(parts)
    return mark_safe(  # noqa: S308 — every text above went through html.escape
        f'<svg class="qlvb-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">'
        f"{body}</svg>"
    )


def bar_chart(*, title: str, labels: Sequence[str], series: dict[str, Sequence[float]],
              colors: Sequence[str] | None = None, unit: str = "", x_title: str = "", y_title: str = "",
              whole: bool = True) -> SafeString:
    colors = list(colors or PALETTE)
    names = list(series)
    y_max, steps = _nice_scale(max((v for values in series.values() for v in values), default=0), whole)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step_w = plot_w / max(1, len(labels))
    bar_w = max(1.0, step_w * 0.8 / max(1, len(names)))
    parts = _frame(title, y_max, steps, unit, y_title)
    for s, name in enumerate(names):
        for i, value in enumerate(series[name]):
            if not value:
                continue
            h = plot_h * value / y_max
            x = LEFT + step_w * i + step_w * 0.1 + bar_w * s
            parts.append(
                f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{colors[s % len(colors)]}"><title>{escape(labels[i])} — {escape(name)}: '
                f'{_fmt(value)}</title></rect>'
            )
    parts += _x_labels(labels, step_w, x_title) + _legend(names, colors)
    return _svg(parts, title)


def line_chart(*, title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]],
               colors: Sequence[str] | None = None, unit: str = "", x_title: str = "", y_title: str = "",
               whole: bool = False) -> SafeString:
    colors = list(colors or PALETTE)
    names = list(series)
    y_max, steps = _nice_scale(
        max((v for values in series.values() for v in values if v is not None), default=0), whole)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step_w = plot_w / max(1, len(labels))
    parts = _frame(title, y_max, steps, unit, y_title)
    for s, name in enumerate(names):
        color = colors[s % len(colors)]
        segment: list[str] = []
        for i, value in enumerate([*series[name], None]):
            if value is None:
                if len(segment) > 1:
                    parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" '
                                 f'points="{" ".join(segment)}"/>')
                segment = []
                continue
            x, y = LEFT + step_w * (i + 0.5), TOP + plot_h - plot_h * value / y_max
            segment.append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"><title>{escape(labels[i])} — '
                         f'{escape(name)}: {_fmt(value)} {escape(unit)}</title></circle>')
    parts += _x_labels(labels, step_w, x_title) + _legend(names, colors)
    return _svg(parts, title)
