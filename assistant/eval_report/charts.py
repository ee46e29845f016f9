"""Inline SVG charts for the report (no plotting dependency)."""
from __future__ import annotations

from html import escape


def bar_chart(values: dict[str, float | None], other: dict[str, float | None] | None = None, width: int = 560,
              labels: tuple[str, str] = ("this run", "other run")) -> str:
    """Horizontal bars of accuracies in [0, 1]; a second series (a compared run) drawn as thin grey bars."""
    left, row = 190, 26 if other else 20
    height = 20 + row * len(values) + (18 if other else 0)
    scale = width - left - 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
             f'font-size="12" role="img">']
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = left + tick * scale
        parts.append(f'<line x1="{x:.0f}" x2="{x:.0f}" y1="12" y2="{height - (18 if other else 0)}" stroke="#eee"/>'
                     f'<text x="{x:.0f}" y="10" text-anchor="middle" fill="#888" font-size="10">{tick:.0%}</text>')
    for i, (name, value) in enumerate(values.items()):
        y = 16 + i * row
        parts.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{escape(name)}</text>')
        if value is not None:
            colour = "#59a14f" if value >= 0.95 else "#f2a541" if value >= 0.8 else "#e15759"
            parts.append(f'<rect x="{left}" y="{y + 2}" width="{value * scale:.1f}" height="13" fill="{colour}"/>'
                         f'<text x="{left + value * scale + 4:.1f}" y="{y + 13}">{value:.1%}</text>')
        if other and other.get(name) is not None:
            parts.append(f'<rect x="{left}" y="{y + 16}" width="{other[name] * scale:.1f}" height="5" fill="#888"/>')
    if other:
        parts.append(f'<text x="{left}" y="{height - 4}" fill="#555" font-size="11">coloured: {escape(labels[0])}; '
                     f'grey: {escape(labels[1])}</text>')
    parts.append("</svg>")
    return "".join(parts)
