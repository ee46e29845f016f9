"""The note as HTML with its evidence spans highlighted by fact type (all note text escaped)."""
from __future__ import annotations

from html import escape

from assistant.models import Evidence, Facts

CATEGORIES: dict[str, tuple[str, str]] = {  # key -> (legend label, css colour)
    "site": ("Site", "#cfe8ff"),
    "procedure": ("Procedure / technique", "#d9f2d0"),
    "times": ("Times", "#ffe8b3"),
    "age": ("Age / dates", "#f3d9fa"),
    "asa": ("ASA class", "#ffd6d6"),
    "comorbidity": ("Comorbidities", "#ffdcc2"),
    "circumstance": ("Emergency / circumstances", "#ffc9de"),
    "staffing": ("Staffing", "#d4f1f1"),
    "other": ("Other", "#e8e8e8"),
}

_BY_LABEL = {
    "SITE": "site", "BURN_TBSA": "site",
    "PROCEDURE": "procedure", "TECHNIQUE": "procedure", "CHARGED_CODE": "procedure",
    "DATE_OF_BIRTH": "age", "DATE_OF_SERVICE": "age", "PREMATURE": "age", "AGE": "age",
    "ASA_CLASS": "asa",
    "COMORBIDITY": "comorbidity", "MAC_REASON": "comorbidity",
    "EMERGENCY": "circumstance", "HYPOTHERMIA": "circumstance", "CONTROLLED_HYPOTENSION": "circumstance",
    "UNUSUAL_ANESTHESIA": "circumstance",
    "ANESTHESIOLOGIST": "staffing", "CRNA": "staffing", "NO_CRNA": "staffing", "PERSONALLY_PERFORMED": "staffing",
    "MEDICAL_DIRECTION": "staffing", "NOT_MEDICALLY_DIRECTED": "staffing", "CONCURRENT_CASES": "staffing",
    "OVERLAPPING_CASES": "staffing", "PRESENT_AT_INDUCTION": "staffing", "DIRECTION_RATIO": "staffing",
}


def category(label: str) -> str:
    if label in _BY_LABEL:
        return _BY_LABEL[label]
    if label.startswith(("ANESTHESIA_", "FACILITY_")) or label.endswith("_TIME"):
        return "times"
    if label.startswith("AGE"):
        return "age"
    return "other"


def pretty_label(label: str) -> str:
    words = label.replace("_", " ").lower().split()
    text = " ".join(w.upper() if w in ("asa", "crna", "tbsa", "mac") else w for w in words)
    return text[:1].upper() + text[1:] if text else label


def qualifier(span: Evidence) -> str | None:
    """Why a mention does not count for the patient now, or None when it is asserted."""
    for name in ("negated", "family", "hypothetical", "historical"):
        if getattr(span, name):
            return name
    return None


def legend_html() -> str:
    chips = "".join(f'<span class="ev-chip" style="background:{colour}">{escape(name)}</span>'
                    for name, colour in CATEGORIES.values())
    chips += '<span class="ev-chip ev-chip-neg">negated / family / hypothetical / historical</span>'
    return f'<div class="ev-legend">{chips}</div>'


def highlight_html(note: str, facts: Facts, view_id: str = "note-view") -> str:
    """Escaped note text with <mark> per evidence span; overlapping spans keep the first, longest one, and the
    mark lists the ids of the spans it covers (data-evidence), so a link to any of them finds its words."""
    spans = sorted((e for e in facts.evidence if 0 <= e.start < e.end <= len(note)),
                   key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[tuple[Evidence, list[str]]] = []
    for span in spans:
        if kept and span.start < kept[-1][0].end:
            kept[-1][1].append(span.id)  # inside the previous mark
            continue
        kept.append((span, [span.id]))
    parts: list[str] = []
    cursor = 0
    for span, ids in kept:
        parts.append(escape(note[cursor:span.start]))
        kind = category(span.label)
        why = qualifier(span)
        text = note[span.start:span.end]
        trailing = text[len(text.rstrip()):]
        text = text.rstrip()
        title = f"{pretty_label(span.label)} ({span.id})" + (f" - {why}, not counted" if why else "")
        classes = f"ev ev-{kind}" + (" ev-neg" if why else "")
        style = "" if why else f' style="background:{CATEGORIES[kind][1]}"'
        tag = f'<span class="ev-tag">{escape(why)}</span>' if why else ""
        parts.append(f'<mark class="{classes}" data-label="{escape(span.label)}"'
                     f' data-evidence="{escape(" ".join(ids))}" title="{escape(title)}"{style}>{escape(text)}</mark>'
                     f'{tag}{escape(trailing)}')
        cursor = span.end
    parts.append(escape(note[cursor:]))
    return f'{legend_html()}<div class="note-view" id="{escape(view_id)}">{"".join(parts)}</div>'
