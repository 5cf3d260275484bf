"""Charts drawn on the server as inline SVG: no JavaScript, no library, readable on a phone.

`bar_chart` draws grouped bars per category (e.g. per day), `line_chart` lines with gaps where
a value is missing. Both scale to their container (viewBox) and carry a <title> per mark, so
hovering or long-pressing shows the exact value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997"]
# A narrow canvas with large type: on a 390 px phone the text stays readable; wider screens scale it up.
WIDTH, HEIGHT = 480, 270
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 34, 58
TICKS = 4


def _nice_max(value: float) -> float:
    """A top of the axis whose quarter is a round step (1, 2, 2.5, 5 × 10^n; at least 1 for counts)."""
    if value <= 0:
        return TICKS
    raw = value / TICKS
    exponent = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * exponent:
            return max(step * exponent, 0.25) * TICKS
    return 10 * exponent * TICKS


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if value >= 10 or value == int(value) else f"{value:.1f}"


def _frame(title: str, y_max: float, unit: str) -> list[str]:
    parts = [f'<text x="4" y="17" font-size="15" font-weight="600" fill="#212529">{escape(title)}</text>']
    plot_h = HEIGHT - TOP - BOTTOM
    for i in range(TICKS + 1):
        value = y_max * i / TICKS
        y = TOP + plot_h - plot_h * i / TICKS
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dee2e6"/>')
        parts.append(f'<text x="{LEFT - 5}" y="{y + 4:.1f}" font-size="12" text-anchor="end" fill="#6c757d">'
                     f'{_fmt(value)}</text>')
    if unit:
        parts.append(f'<text x="{LEFT - 5}" y="{TOP - 7}" font-size="12" text-anchor="end" fill="#6c757d">'
                     f'{escape(unit)}</text>')
    return parts


def _legend(names: Sequence[str], colors: Sequence[str]) -> list[str]:
    """Legend entries in rows under the axis, wrapping when a row is full."""
    parts, x, y = [], 4.0, HEIGHT - 26
    for name, color in zip(names, colors, strict=False):
        width = 22 + 6.6 * len(name)
        if x + width > WIDTH and x > 4:
            x, y = 4.0, y + 17
        parts.append(f'<rect x="{x:.0f}" y="{y}" width="11" height="11" fill="{color}"/>')
        parts.append(f'<text x="{x + 15:.0f}" y="{y + 10}" font-size="12.5" fill="#212529">{escape(name)}</text>')
        x += width
    return parts


def _x_labels(labels: Sequence[str], step_w: float) -> list[str]:
    every = max(1, math.ceil(len(labels) / 6))
    parts = []
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            x = LEFT + step_w * (i + 0.5)
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 15}" font-size="12" text-anchor="middle" '
                         f'fill="#6c757d">{escape(label)}</text>')
    return parts


def _svg(parts: list[str], label: str) -> SafeString:
    body = "".join(parts)
    return mark_safe(  # noqa: S308 — every text above went through html.escape
        f'<svg class="qlvb-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">'
        f"{body}</svg>"
    )


def bar_chart(*, title: str, labels: Sequence[str], series: dict[str, Sequence[float]],
              colors: Sequence[str] | None = None, unit: str = "") -> SafeString:
    colors = list(colors or PALETTE)
    names = list(series)
    y_max = _nice_max(max((v for values in series.values() for v in values), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step_w = plot_w / max(1, len(labels))
    bar_w = max(1.0, step_w * 0.8 / max(1, len(names)))
    parts = _frame(title, y_max, unit)
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
    parts += _x_labels(labels, step_w) + _legend(names, colors)
    return _svg(parts, title)


def line_chart(*, title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]],
               colors: Sequence[str] | None = None, unit: str = "") -> SafeString:
    colors = list(colors or PALETTE)
    names = list(series)
    y_max = _nice_max(max((v for values in series.values() for v in values if v is not None), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step_w = plot_w / max(1, len(labels))
    parts = _frame(title, y_max, unit)
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
    parts += _x_labels(labels, step_w) + _legend(names, colors)
    return _svg(parts, title)
