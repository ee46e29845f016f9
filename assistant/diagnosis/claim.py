"""Box 21 and 24E of the CMS-1500: the claim's diagnosis codes, and each line's pointers to them."""
from __future__ import annotations

from string import ascii_uppercase

from assistant.models import Diagnosis, PricedClaim

BOX_21_CODES = 12  # A-L
POINTERS_PER_LINE = 4  # 24E holds at most four letters, the primary first


def attach(claim: PricedClaim, diagnoses: list[Diagnosis]) -> PricedClaim:
    """Fills box 21 in order and points every line at the primary and the first secondaries."""
    codes = [d.code for d in diagnoses][:BOX_21_CODES]
    claim.diagnosis_codes = codes
    claim.diagnosis_release = next((d.release for d in diagnoses if d.release), "")
    pointer = ascii_uppercase[:min(len(codes), POINTERS_PER_LINE)]
    for line in claim.lines:
        line.diagnosis_pointer = pointer
    return claim


def box_21(claim: PricedClaim) -> list[tuple[str, str]]:
    """[("A", "C50912"), ("B", "I10")]: box 21 as it is keyed, the code with its dot."""
    return [(ascii_uppercase[i], dotted(code)) for i, code in enumerate(claim.diagnosis_codes)]


def dotted(code: str) -> str:
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"
