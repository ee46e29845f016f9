"""Evidence spans: every fact keeps the character offsets of the words that support it."""
from __future__ import annotations

from bisect import bisect_right

from assistant.models import Evidence


class EvidenceRecorder:
    """Hands out evidence ids (E1, E2, ...) and knows which section an offset lies in."""

    def __init__(self, note: str, sections: list[tuple[str, int, int]]):
        self.note = note
        self.sections = sorted(sections, key=lambda s: s[1])
        self._starts = [s[1] for s in self.sections]
        self.items: list[Evidence] = []
        self._by_span: dict[tuple[int, int, str], str] = {}

    def section_at(self, offset: int) -> str | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sections[i][1] <= offset < self.sections[i][2]:
            return self.sections[i][0]
        return None

    def add(self, start: int, end: int, label: str, **context) -> str:
        key = (start, end, label)
        if key in self._by_span:
            return self._by_span[key]
        evidence_id = f"E{len(self.items) + 1}"
        self.items.append(Evidence(id=evidence_id, start=start, end=end, text=self.note[start:end], label=label,
                                   section=self.section_at(start), **context))
        self._by_span[key] = evidence_id
        return evidence_id

    def add_span(self, span, label: str, offset: int = 0) -> str:
        """A spaCy span (of a chunk starting at `offset` in the note) with its ConText attributes."""
        return self.add(
            offset + span.start_char, offset + span.end_char, label,
            negated=bool(span._.is_negated), family=bool(span._.is_family),
            hypothetical=bool(span._.is_hypothetical), historical=bool(span._.is_historical),
        )

    def get(self, evidence_id: str) -> Evidence:
        return self.items[int(evidence_id[1:]) - 1]
