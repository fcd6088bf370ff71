"""A LEDES fee line has more than 0 units: validators take "0" only on adjustment lines
(Lexitree-Labs/LEDES `lib/common.ml` `is_valid_line_item_cost`). A zero-hour entry is an error
naming the row, never a line of 0 units, nor a line silently left out."""

import pytest
from mapping import column, map_with

SETTINGS = {"invoice_number": "INV42", "invoice_date": "2026-11-30",
            "law_firm_id": "12-3456789"}
HEADER = ["Date", "Hours", "Client ID", "Matter ID", "Activity code", "Timekeeper ID",
          "Description", "Rate", "Timekeeper"]


def entry(hours="0.5", rate="300"):
    return ["2026-11-02", hours, "1001", "1001-003", "A101", "MA", "Work", rate, "Ann Lee"]


@pytest.mark.parametrize("hours", ["0", "0:00", "0.0"])
def test_a_zero_hour_entry_is_an_error_on_ledes_units(hours):
    result = map_with("ledes-1998b", [HEADER, entry(), entry(hours=hours)], settings=SETTINGS)
    assert [(p.row, p.column, p.code) for p in result.report.errors] == [
        (3, "LINE_ITEM_NUMBER_OF_UNITS", "out-of-range")]
    assert "more than 0" in result.report.errors[0].message


def test_an_entry_rounded_to_zero_hours_is_an_error_on_ledes_units():
    result = map_with("ledes-1998b", [HEADER, entry(hours="0:02")],
                      settings=SETTINGS | {"increment": "0.1h", "rounding": "nearest"})
    assert [(p.row, p.column, p.code) for p in result.report.errors] == [
        (2, "LINE_ITEM_NUMBER_OF_UNITS", "out-of-range")]


def test_a_zero_rate_is_a_no_charge_line_with_a_unit_cost_of_0_00():
    # The validator refuses the text "0" on a fee line, not a no-charge line's 0.00.
    result = map_with("ledes-1998b", [HEADER, entry(rate="0")], settings=SETTINGS)
    assert (result.report.errors, column(result, "LINE_ITEM_UNIT_COST"),
            column(result, "LINE_ITEM_TOTAL")) == ([], ["0.00"], ["0.00"])


def test_a_tenth_of_an_hour_at_a_rate_is_a_fee_line():
    result = map_with("ledes-1998b", [HEADER, entry(hours="0.1", rate="0.5")], settings=SETTINGS)
    assert result.report.errors == []
