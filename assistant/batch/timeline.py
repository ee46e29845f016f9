"""A provider-day timeline as a self-contained HTML page with an inline SVG (no dependencies).

One lane per case (bar = anesthesia time, colour = the modifier the batch derives,
red outline = CONCURRENCY_CONFLICT), and beneath it the count of concurrent cases
minute by minute with the QY/QK/AD thresholds. Case ids, times and modifiers only.
"""
from __future__ import annotations

from html import escape

from assistant.batch.concurrency import CaseConcurrency
from assistant.clock import MINUTES_PER_DAY, clock

COLOURS = {"AA": "#4c78a8", "QY": "#59a14f", "QK": "#f2a541", "AD": "#9c6ade", None: "#999999"}
LANE, LEFT, WIDTH, CHART = 22, 230, 900, 110


def _clock(minute: int) -> str:
    day, minute = divmod(minute, MINUTES_PER_DAY)
    return clock(minute) + ("+1d" if day else "")


def render_svg(cases: list[CaseConcurrency], counts: list[int]) -> str:
    cases = sorted(cases, key=lambda c: (c.intervals[0][0] if c.intervals else 0, c.case_id))
    first = min(s for c in cases for s, _ in c.intervals)
    last = max(e for c in cases for _, e in c.intervals)
    lo, hi = (first // 60) * 60, -(-last // 60) * 60
    span = max(hi - lo, 60)
    x = lambda minute: LEFT + (minute - lo) * WIDTH / span  # noqa: E731
    height = 30 + LANE * len(cases) + 20 + CHART + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{LEFT + WIDTH + 20}" height="{height}" '
             f'font-family="sans-serif" font-size="11">']
    for hour in range(lo, hi + 1, 60):
        parts.append(f'<line x1="{x(hour):.1f}" y1="20" x2="{x(hour):.1f}" y2="{height - 25}" stroke="#ddd"/>'
                     f'<text x="{x(hour):.1f}" y="14" text-anchor="middle">{_clock(hour)}</text>')
    for row, case in enumerate(cases):
        y = 26 + row * LANE
        label = f"{case.case_id[:22]}  {case.documented or '-'}" + (f" \u2192 {case.derived}" if case.derived
                                                                    and case.derived != case.documented else "")
        parts.append(f'<text x="4" y="{y + 13}">{escape(label)}</text>')
        for s, e in case.intervals:
            stroke = ' stroke="#d62728" stroke-width="3"' if case.conflict else ""
            title = (f"{case.case_id}: {_clock(s)}-{_clock(e)}, up to {case.max_concurrent} at once, documented "
                     f"{case.documented}, derived {case.derived}")
            parts.append(f'<rect x="{x(s):.1f}" y="{y}" width="{max(x(e) - x(s), 1):.1f}" height="{LANE - 6}" rx="3" '
                         f'fill="{COLOURS.get(case.derived, "#999")}"{stroke}><title>{escape(title)}</title></rect>')
    base = 26 + LANE * len(cases) + 20 + CHART
    top = max(max(counts[lo:hi] or [1]), 5)
    scale = CHART / top
    for level, name in ((1, "QY"), (4, "QK max"), (5, "AD")):
        if level <= top:
            parts.append(f'<line x1="{LEFT}" x2="{LEFT + WIDTH}" y1="{base - level * scale:.1f}" '
                         f'y2="{base - level * scale:.1f}" stroke="#bbb" stroke-dasharray="4 3"/>'
                         f'<text x="{LEFT - 4}" y="{base - level * scale + 4:.1f}" text-anchor="end" '
                         f'fill="#777">{level} ({name})</text>')
    points = [f"{x(lo):.1f},{base}"]
    previous = 0
    for minute in range(lo, min(hi, len(counts))):  # a step only where the count changes
        if counts[minute] != previous:
            points.append(f"{x(minute):.1f},{base - previous * scale:.1f}")
            points.append(f"{x(minute):.1f},{base - counts[minute] * scale:.1f}")
            previous = counts[minute]
    points.append(f"{x(min(hi, len(counts))):.1f},{base - previous * scale:.1f}")
    points.append(f"{x(min(hi, len(counts))):.1f},{base}")
    parts.append(f'<polyline points="{" ".join(points)}" fill="#c6dbef" stroke="#3182bd"/>')
    parts.append(f'<text x="4" y="{base - CHART / 2:.0f}">concurrent cases</text>')
    parts.append(f'<line x1="{LEFT}" x2="{LEFT + WIDTH}" y1="{base}" y2="{base}" stroke="#333"/></svg>')
    return "".join(parts)


def render_page(date: str, provider: str, cases: list[CaseConcurrency], counts: list[int]) -> str:
    conflicts = [c for c in cases if c.conflict]
    legend = " ".join(f'<span style="background:{colour};color:#fff;padding:1px 6px;border-radius:3px">{name}</span>'
                      for name, colour in COLOURS.items() if name)
    rows = "".join(
        f"<tr{' class=conflict' if c.conflict else ''}><td>{escape(c.case_id)}</td>"
        f"<td>{' '.join(f'{_clock(s)}-{_clock(e)}' for s, e in c.intervals)}</td>"
        f"<td>{c.max_concurrent}</td><td>{escape(c.documented or '-')}</td><td>{escape(c.derived or '-')}</td>"
        f"<td>{'CONCURRENCY_CONFLICT: ' + escape(c.detail or '') if c.conflict else ''}</td></tr>"
        for c in sorted(cases, key=lambda c: c.intervals[0][0] if c.intervals else 0)
    )
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{escape(provider)} {escape(date)}</title>
<style>body{{font-family:sans-serif;margin:20px}} table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:3px 8px;font-size:13px}} tr.conflict td{{background:#fde0e0}}</style></head>
<body><h1>{escape(provider)} &mdash; {escape(date)}</h1>
<p>{len(cases)} case(s), peak {max(counts) if counts else 0} at once, {len(conflicts)} conflict(s).
Colour: the modifier the batch derives {legend}; red outline: CONCURRENCY_CONFLICT.</p>
{render_svg(cases, counts)}
<table><tr><th>case</th><th>anesthesia time</th><th>max concurrent</th><th>documented</th><th>derived</th>
<th>finding</th></tr>{rows}</table>
</body></html>"""
