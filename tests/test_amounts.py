"""A line that carries hours, a rate and an amount keeps them consistent: amount = written hours x
rate. Tabs3 reads Amount next to Hours Worked and Hourly Rate (support.tabs3.com CVFileLO.htm);
Kimai stores Rate as given and would compute it as HourlyRate x hours (kimai/kimai
src/Timesheet/RateService.php), its importer no longer does (kevinpapst/ImportBundle
Importer/ImporterService.php)."""

from decimal import Decimal

import pytest
from mapping import column, lookup_table, map_with

HEADER = ["Date", "Timekeeper ID", "Matter ID", "User", "Email", "Client", "Matter", "Activity",
          "Hours", "Rate", "Amount"]
TARGETS = {"tabs3": ("Hours Worked", "Hourly Rate", "Amount", {"tcode": "1"}),
           "kimai-timesheet": ("Duration", "HourlyRate", "Rate", {})}


def entry(hours: str, rate: str, amount: str) -> list[str]:
    return ["2026-11-02", "101", "1001.003", "ann", "ann@example.com", "Acme", "Acme v. Beta",
            "Drafting", hours, rate, amount]


def hours_of(target: str, written: str) -> Decimal:
    return Decimal(written) / 3600 if target == "kimai-timesheet" else Decimal(written)


@pytest.mark.parametrize("target", sorted(TARGETS))
@pytest.mark.parametrize(("hours", "increment"), [("0:20", "0.1h"), ("0:31", "0.25h"),
                                                   ("1:07", "6min")])
def test_an_amount_follows_the_hours_rounded_to_the_increment(target, hours, increment):
    hours_col, rate_col, amount_col, chosen = TARGETS[target]
    exact = Decimal(int(hours[0]) * 60 + int(hours[2:])) / 60 * 320
    result = map_with(target, [HEADER, entry(hours, "320", f"{exact:.2f}")],
                      settings=chosen | {"increment": increment})
    assert result.report.errors == []
    [written] = column(result, hours_col)
    [rate] = column(result, rate_col)
    assert column(result, amount_col) == [
        f"{hours_of(target, written) * Decimal(rate):.2f}"]
    assert hours_of(target, written) * 60 != int(hours[0]) * 60 + int(hours[2:])


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_a_source_amount_within_a_cent_of_hours_times_rate_is_written_as_given(target):
    _, _, amount_col, chosen = TARGETS[target]
    result = map_with(target, [HEADER, entry("0.1", "333.33", "33.33")], settings=chosen)
    assert (result.report.errors, column(result, amount_col)) == ([], ["33.33"])


@pytest.mark.parametrize("target", sorted(TARGETS))
@pytest.mark.parametrize("increment", [None, "0.1h"])
def test_a_source_amount_that_is_not_hours_times_rate_is_an_error(target, increment):
    chosen = TARGETS[target][3] | ({"increment": increment} if increment else {})
    result = map_with(target, [HEADER, entry("1", "300", "250")], settings=chosen)
    [problem] = result.report.errors
    assert (problem.row, problem.column, problem.code) == (2, "Amount", "amount-mismatch")
    assert "250" in problem.message and "300" in problem.message


def test_an_amount_that_is_not_hours_times_a_looked_up_rate_names_the_table():
    people = lookup_table("people", [["timekeeper", "rate"], ["ann", "450"]])
    table = [["Date", "User", "Email", "Client", "Matter", "Activity", "Hours", "Amount"],
             ["2026-11-02", "ann", "ann@example.com", "Acme", "Acme v. Beta", "Drafting", "0:50",
              "350"]]
    result = map_with("kimai-timesheet", table, lookups={"people": people})
    [problem] = result.report.errors
    assert problem.code == "amount-mismatch"
    assert problem.message.endswith(
        "350 is not 0.8333… h x 450 (the rate from the people table) = 375; correct the amount"
        " in the source or the rate in the people table")
