"""Measures de-identification where it matters: in the bodies the real openai client sends over HTTP.

For each note of tests/phi_set.py the LLM proposer runs against the replay server on 127.0.0.1; an
identifier leaks when its text is anywhere in a request body (word-bounded, any case). A text that is both
an identifier and a kept clinical term (a patient named Foley, the Foley catheter), or an initial that is
also a word ("A"), is counted in the sent note: occurrences beyond its other uses are leaks.
`python -m tests.deid_measure` prints the figures.
"""
from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from collections import Counter

from tests.phi_set import CATEGORIES, notes


def _pattern(text: str) -> re.Pattern:
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(text)}(?![A-Za-z0-9])", re.I)


def score(note_sets, bodies_per_note) -> dict:
    total, leaked, kept_total, kept = Counter(), Counter(), 0, 0
    leaks: list[tuple[str, str, str]] = []
    lost: list[tuple[str, str]] = []
    for (note_id, note, identifiers, terms), bodies in zip(note_sets, bodies_per_note):
        decoded = [json.dumps(json.loads(b), ensure_ascii=False) for b in bodies]
        sent_notes = [_case(b)["note"] for b in bodies]
        sent = sent_notes[0] if sent_notes else ""
        kept_counts = Counter(terms)
        leaked_text: Counter = Counter()
        for text, count in Counter(t for _, t in identifiers).items():
            category = next(c for c, t in identifiers if t == text)
            collides = sum(n for term, n in kept_counts.items() if _pattern(text).search(term))
            if len(text) <= 2:  # an initial: "A" and "N" are also words; count against its other uses in the note
                other_uses = len(_pattern(text).findall(note)) - count
                lost_here = min(max(0, len(_pattern(text).findall(sent)) - other_uses), count)
            elif collides:
                extra = max(0, len(_pattern(text).findall(sent)) - collides)
                lost_here = min(extra, count)
            else:
                lost_here = count if any(_pattern(text).search(d) for d in decoded) else 0
            leaked_text[text] = lost_here
            for cat, t in identifiers:
                if t == text:
                    total[cat] += 1
            if lost_here:
                leaked[category] += lost_here
                leaks.append((note_id, category, text))
        for term, count in kept_counts.items():
            found = max(0, len(_pattern(term).findall(sent)) - leaked_text.get(term, 0))
            kept_total += count
            kept += min(found, count)
            if found < count:
                lost.append((note_id, term))
    recall = {c: round(1 - leaked[c] / total[c], 4) for c in CATEGORIES if total[c]}
    all_total = sum(total.values())
    return {"identifiers": all_total, "per_category": {c: {"n": total[c], "recall": recall[c]} for c in recall},
            "recall": round(1 - sum(leaked.values()) / all_total, 4) if all_total else 1.0,
            "clinical_terms": kept_total, "clinical_kept": round(kept / kept_total, 4) if kept_total else 1.0,
            "leaks": leaks, "lost_terms": lost,
            "not_in_notes": [c for c in CATEGORIES if not total[c]]}


def _case(body: bytes) -> dict:
    request = json.loads(body)
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    return json.loads(user[user.index("{"): user.rindex("}") + 1])


def note_sets(which: str = "set") -> list:
    """The PHI set (tuned on) or the held-out set (measured once before any change for it)."""
    if which == "heldout":
        from tests.phi_heldout import notes as heldout

        return [n for seed in (21, 22, 23) for n in heldout(seed)]
    return [n for seed in (11, 12, 13) for n in notes(seed)]


def measure(which: str = "set") -> dict:
    """Runs every note of the set through the LLM proposer over real HTTP; returns the figures."""
    from assistant.pipeline import code_note
    from assistant.settings import get_settings
    from tests.llm_replay_server import ReplayServer, careful

    note_sets_ = note_sets(which)
    with tempfile.TemporaryDirectory() as folder, ReplayServer(careful) as server:
        saved = {k: os.environ.get(k)
                 for k in ("ASSISTANT_DATABASE_URL", "ASSISTANT_LLM_MODEL", "ASSISTANT_LLM_RETRIES", "OPENAI_BASE_URL")}
        os.environ.update({"ASSISTANT_DATABASE_URL": f"sqlite:///{folder}/deid.db",
                           "ASSISTANT_LLM_MODEL": "replay-model",
                           "ASSISTANT_LLM_RETRIES": "0", "OPENAI_BASE_URL": server.base_url})
        get_settings.cache_clear()
        try:
            bodies_per_note = []
            for note_id, note, _, _ in note_sets_:
                os.environ["ASSISTANT_LLM_MODEL"] = f"replay-{note_id}"  # no answer from the cache: every note is sent
                get_settings.cache_clear()
                before = server.count
                result = code_note(note, proposer="llm", case_id=note_id)
                assert result.proposer == "llm", f"{note_id}: the LLM was not asked ({result.notices})"
                bodies_per_note.append(server.bodies[before:])
        finally:
            for key, value in saved.items():
                os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
            get_settings.cache_clear()
    return score(note_sets_, bodies_per_note)


def large_note(size: int = 1_000_000, seed: int = 7) -> str:
    """A note of `size` characters made of the set's notes, every copy with names of its own (invented from
    syllables), so the name list grows with the note as it does in a long record."""
    import random

    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ren", "dov", "sa", "tu", "vel", "qui", "bra", "nor", "eth", "zan", "pil", "gor"]
    text = "\n".join(n for _, n, _, _ in notes(11))
    names = sorted({t for _, _, ids, _ in notes(11) for c, t in ids if c == "NAME" and len(t) > 2 and t.isalpha()},
                   key=len, reverse=True)
    parts, length = [], 0
    while length < size:
        copy = text
        for name in names:
            invented = "".join(rng.choice(syllables) for _ in range(3)).capitalize()
            copy = re.sub(rf"\b{re.escape(name)}\b", invented if not name.isupper() else invented.upper(), copy)
        parts.append(copy)
        length += len(copy) + 1
    return "\n".join(parts)[:size]


def time_large_note(size: int = 1_000_000) -> float:
    """Seconds to redact a PHI-dense note of `size` characters."""
    from assistant.redact import redact

    big = large_note(size)
    started = time.perf_counter()
    redact(big)
    return round(time.perf_counter() - started, 2)


if __name__ == "__main__":
    figures = measure("heldout" if "--heldout" in sys.argv else "set")
    figures["seconds_1mb"] = time_large_note() if "--time" in sys.argv else None
    print(json.dumps({k: v for k, v in figures.items() if k not in ("leaks", "lost_terms")}, indent=1))
    for leak in figures["leaks"][:200]:
        print("LEAK", *leak)
    for term in figures["lost_terms"][:100]:
        print("LOST", *term)
