"""A series of one measure over time as a hand-written SVG chart (no plotting library).

Read from the v1 series answer (the groups of one measure, oldest first, with their members),
so the chart shows exactly what the API serves. Each time point is a column: every counted
member is a dot at its value with a vertical bar over its stated range (a one-sided bound
runs to the chart's edge), the group's preferred value a horizontal tick, and a group whose
members conflict is drawn in red, marked "conflict", with its title saying so.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 72, 24, 32, 48
INSET = 32  # the first and last points stand clear of the axes
AGREE, CONFLICT, MUTED = "#1f5fa8", "#c0392b", "#666666"
COUNTED = ("published", "disputed")


def _number(value: Any) -> float | None:
    return None if value is None else float(Decimal(str(value)))


def _label(value: float) -> str:
    return f"{value:,.6f}".rstrip("0").rstrip(".")


# An axis label stays within the left margin: 3,100,000,000 is written "3.1 billion".
_SCALE_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _tick(value: float) -> str:
    for scale, word in _SCALE_WORDS:
        if abs(value) >= scale:
            return f"{value / scale:.3g} {word}"
    return _label(value) if abs(value) < 1e5 else f"{value:,.0f}"


def series_svg(title: str, points: list[dict[str, Any]]) -> str:
    """The chart of ``points`` (v1 AssertionDetail answers) titled ``title``."""
    dated = [p for p in points if p["as_of"]]
    members = [
        (p, m)
        for p in dated
        for m in p["claims"]
        if m["status"] in COUNTED and m["rank"] != "deprecated" and m["value_si"] is not None
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="20" font-family="sans-serif" font-size="14">{escape(title)}</text>',
    ]
    if not members:
        parts.append(
            f'<text x="{LEFT}" y="{HEIGHT // 2}" font-family="sans-serif" font-size="12" '
            f'fill="{MUTED}">No dated values on the public record yet.</text></svg>'
        )
        return "\n".join(parts)
    values = [
        v
        for _, m in members
        for v in (_number(m["value_si"]), _number(m["lower_si"]), _number(m["upper_si"]))
        if v is not None
    ]
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    days = [date.fromisoformat(p["as_of"]).toordinal() for p in dated]
    first, last = min(days), max(days)

    def x(day: int) -> float:
        if first == last:
            return LEFT + (WIDTH - LEFT - RIGHT) / 2
        span = WIDTH - LEFT - RIGHT - 2 * INSET
        return LEFT + INSET + (day - first) / (last - first) * span

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * (HEIGHT - TOP - BOTTOM)

    bottom, top = HEIGHT - BOTTOM, TOP
    parts += [
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="{MUTED}"/>',
        f'<line x1="{LEFT}" y1="{top}" x2="{LEFT}" y2="{bottom}" stroke="{MUTED}"/>',
    ]
    for value in (low + pad, high - pad):
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'font-family="sans-serif" font-size="10">{_tick(value)}</text>'
        )
    for point, day in zip(dated, days, strict=True):
        color = CONFLICT if point["conflicting"] else AGREE
        cx = x(day)
        state = "conflict" if point["conflicting"] else "agreement"
        parts.append(
            f'<g class="point {state}" data-as-of="{point["as_of"]}">'
            f"<title>{escape(point['statement'])} ({point['as_of']}): "
            f"{point['independent_sources']} independent of {point['sources']} sources"
            f"{', conflicting values' if point['conflicting'] else ''}</title>"
        )
        parts.append(
            f'<text x="{cx:.1f}" y="{bottom + 16}" text-anchor="middle" '
            f'font-family="sans-serif" font-size="10">{point["as_of"]}</text>'
        )
        spread = [m for p, m in members if p is point]
        for n, m in enumerate(spread):
            mx = cx + (n - (len(spread) - 1) / 2) * 6
            lower, upper = _number(m["lower_si"]), _number(m["upper_si"])
            value = _number(m["value_si"])
            assert value is not None
            if lower is not None or upper is not None:
                y1 = y(upper) if upper is not None else top
                y2 = y(lower) if lower is not None else bottom
                parts.append(
                    f'<line class="range" x1="{mx:.1f}" y1="{y1:.1f}" x2="{mx:.1f}" '
                    f'y2="{y2:.1f}" stroke="{color}" stroke-width="2"/>'
                )
            parts.append(
                f'<circle class="value" cx="{mx:.1f}" cy="{y(value):.1f}" r="3.5" '
                f'fill="{color}"><title>{escape(_label(value))}</title></circle>'
            )
        preferred = _number(point["preferred_value_si"])
        if preferred is not None:
            py = y(preferred)
            parts.append(
                f'<line class="preferred" x1="{cx - 12:.1f}" y1="{py:.1f}" x2="{cx + 12:.1f}" '
                f'y2="{py:.1f}" stroke="#000000" stroke-width="1.5"/>'
            )
        if point["conflicting"]:
            parts.append(
                f'<text class="mark" x="{cx:.1f}" y="{top - 4}" text-anchor="middle" '
                f'font-family="sans-serif" font-size="10" fill="{CONFLICT}">conflict</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)
