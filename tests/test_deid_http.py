"""De-identification measured at the HTTP boundary with the real openai client (tests/deid_measure.py):
at least 0.99 of the identifiers of every HIPAA category kept out of every request body, at least 0.99 of
the marked clinical terms kept, on the tuning set and on the held-out set. Every identifier is invented."""
from __future__ import annotations

import pytest

from assistant.redact import redact
from tests.deid_measure import measure


@pytest.fixture(scope="module", params=["set", "heldout"])
def figures(request):
    return measure(request.param)


def test_every_category_keeps_out_at_least_99_percent_of_identifiers(figures):
    assert figures["identifiers"] >= 350
    low = {c: f for c, f in figures["per_category"].items() if f["recall"] < 0.99}
    assert not low, (low, figures["leaks"][:20])


def test_at_least_99_percent_of_clinical_terms_are_kept(figures):
    assert figures["clinical_terms"] >= 100 and figures["clinical_kept"] >= 0.99, figures["lost_terms"][:20]


@pytest.mark.parametrize("note, kept, gone", [
    ("Name: Foley, Dana  DOB 01/02/1960\nMr. Foley is ASA 2. Foley catheter placed after induction.",
     ["Foley catheter"], ["Dana", "Mr. Foley", "Foley, "]),
    ("Seen by Dr. Lee\nMallampati IV, limited mouth opening.", ["Mallampati IV"], ["Lee"]),
    ("Allergies: Penicillin, DO NOT give. Home meds: MS Contin 15 mg.", ["Penicillin, DO NOT", "MS Contin"], []),
    ("Preanesthesia evaluation for Whipple. Father Parkinson disease.", ["evaluation for Whipple", "Parkinson disease"],
     []),
    ("Patient: OKONKWO-REYES, ADAEZE  MR# 4471190\nMrs. Okonkwo-Reyes's daughter Ngozi at bedside.", [],
     ["Okonkwo", "Reyes", "Ngozi", "4471190", "ADAEZE"]),
    ("J. Vanterpool CRNA\nSSN 123 45 6789, workstation 10.20.4.17, https://portal.example/p/1", [],
     ["Vanterpool", "6789", "10.20.4.17", "portal.example"]),
    ("Age: 93. A 93-year-old with a Bier block.", ["Bier block", "90 or older"], ["93"]),
])
def test_the_issue_examples(note, kept, gone):
    text = redact(note).text
    for phrase in kept:
        assert phrase in text, text
    for identifier in gone:
        assert identifier not in text, text
