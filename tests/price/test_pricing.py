"""Units and dollars per payer profile: arithmetic a coder can check by hand."""
import pytest

from assistant.models import Choice, InputError, Proposal
from assistant.price import price, time_units


def proposal(code="00400", status="P3", minutes=90, qcs=(), modifiers=None, present_at_induction=False) -> Proposal:
    return Proposal(
        anesthesia_code=Choice(value=code), physical_status=Choice(value=status),
        qualifying_circumstances=[Choice(value=q) for q in qcs], anesthesia_minutes=minutes,
        pricing_modifiers=modifiers or {"anesthesiologist": "AA"}, supervisor_present_at_induction=present_at_induction,
    )


@pytest.mark.parametrize("minutes,units", [(30, 2.0), (25, 1.7), (37, 2.5), (50, 3.3), (45, 3.0), (8, 0.5), (0, 0.0)])
def test_time_units_round_half_up_to_one_decimal(minutes, units):
    assert time_units(minutes, {"time": {"minutes_per_unit": 15, "rounding": "decimal1"}}, "00400") == units


def test_time_unit_rounding_options():
    assert time_units(31, {"time": {"minutes_per_unit": 15, "rounding": "ceil_whole"}}, "00400") == 3
    assert time_units(37, {"time": {"minutes_per_unit": 15, "rounding": "nearest_whole"}}, "00400") == 2
    assert time_units(25, {"time": {"minutes_per_unit": 10, "rounding": "decimal1"}}, "00400") == 2.5


def test_seed_scenario_three_under_commercial_and_medicare():
    directed = {"anesthesiologist": "QK", "crna": "QX"}
    commercial = price(proposal(modifiers=directed), "commercial")
    medicare = price(proposal(modifiers=directed), "medicare")
    assert commercial.anesthesia_units == 10.0  # 3 base + 6 time + 1 for P3
    assert medicare.anesthesia_units == 9.0  # PS units are informational for Medicare
    assert [line.share for line in medicare.lines] == [0.5, 0.5]
    assert [line.dollars for line in medicare.lines] == [92.24, 92.24]  # 9 x 20.4976 x 50%


def test_qualifying_circumstances_per_payer():
    case = proposal(status="P2", minutes=45, qcs=("99100",))
    assert price(case, "commercial").anesthesia_units == 7.0
    assert price(case, "paramount").anesthesia_units == 7.0
    assert price(case, "moda").anesthesia_units == 6.0
    medicare = price(case, "medicare")
    assert medicare.anesthesia_units == 6.0
    qc_line = next(line for line in medicare.lines if line.code == "99100")
    assert not qc_line.payable and "status B" in qc_line.not_payable_reason


def test_physical_status_units_per_payer():
    case = proposal(status="P4", minutes=30)
    assert price(case, "commercial").anesthesia_units == 7.0
    assert price(case, "paramount").anesthesia_units == 5.0
    assert price(case, "empire_bcbs").anesthesia_units == 7.0


def test_no_time_units_for_daily_epidural_management():
    assert price(proposal(code="01996", minutes=40), "medicare").anesthesia_units == 3.0


def test_medical_supervision_ad_under_medicare():
    case = proposal(code="00790", status="P2", minutes=60, modifiers={"anesthesiologist": "AD", "crna": "QX"},
                    present_at_induction=True)
    claim = price(case, "medicare")
    physician = next(line for line in claim.lines if line.provider_role == "anesthesiologist")
    crna = next(line for line in claim.lines if line.provider_role == "crna")
    assert physician.total_units == 4  # 3 base units + 1 for presence at induction
    assert crna.total_units == 11.0 and crna.share == 0.5
    assert claim.anesthesia_units == 11.0


def test_commercial_without_a_conversion_factor_shows_no_dollars():
    claim = price(proposal(), "commercial")
    assert claim.total_dollars is None and all(line.dollars is None for line in claim.lines)
    note = claim.conversion_factor_note  # says plainly that the payer file has none, names no environment variable
    assert note == "no conversion factor is set in rules/payers/commercial.yaml: units only, no dollars"


def test_empire_denies_emergency_for_routine_labor_epidural():
    claim = price(proposal(code="01967", status="P2", minutes=120, qcs=("99140",)), "empire_bcbs")
    assert claim.anesthesia_units == 13.0  # 5 + 8, the 2 emergency units are not paid
    assert not next(line for line in claim.lines if line.code == "99140").payable


def test_unknown_payer_is_a_clear_error():
    with pytest.raises(InputError, match="unknown payer 'acme'"):
        price(proposal(), "acme")


def test_no_code_no_lines():
    claim = price(proposal(code=None), "medicare")
    assert claim.lines == [] and claim.anesthesia_units is None
