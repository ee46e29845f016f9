"""Another room's case: a staffing board's row or a directing line about other rooms. The one test for the
times reader (its times are not this anesthetic's), the concept reader (its procedure is not this case's)
and the staffing readers; the vocabulary is rules/recognizers/other_rooms.yaml."""
from __future__ import annotations

from assistant.extract.recognizers import patterns


def _p():
    return patterns("other_rooms")


def another_rooms_case(text: str) -> bool:
    """Whether a sentence, or a time range with the words before it, is about another room's case:
    "Dr. Cho also personally performing in OR 4", "OR 5  Smith, lap chole  08:05-09:20" (a board row that
    says nothing of anesthesia: "In OR 3, anesthesia 0800-0900" may be this case's own room)."""
    p = _p()
    return bool(p.board_or_directing.search(text) or (p.board_row.search(text) and not p.anesthesia_word.search(text)))


def names_a_room(row: str) -> bool:
    """A staffing row that names a room is a board's row, not this case's AIMS staffing export."""
    return bool(_p().room.search(row))


def board_rows(note: str):
    """Every board row: a room and its times (staffing reads those that overlap this anesthetic)."""
    return _p().board_row.finditer(note)
