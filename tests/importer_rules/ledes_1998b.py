"""LEDES 1998B: what e-billing portals and validators accept.

Sources: the LEDES 1998B specification (https://ledes.org) as republished by CaseFox
(https://support.casefox.com/portal/en/kb/articles/ebilling-ledes-1998b-format) and Mitratech
(https://success.mitratech.com/Suite/eCounsel_User_Guides/eCounsel_User_Guide/05_Invoices/50_Smart_Invoice/LEDES_1998B_Format_Schema);
the open validator Lexitree-Labs/LEDES `lib/common.ml` (header lines, date and currency forms,
`is_valid_timekeeper_classification`: the 51 codes of the LEDES timekeeper classification list,
revised 7/2014) and `lib/ledes1998b.ml`.

The file's layout, fields, totals and codes are read by `tests/ledes_rules.py` (the first
independent reader, kept where the LEDES tests import it); this module adds the
classification list and gives it the same `check(data)` as every other target.
`cautions(data)` lists what only some validators refuse (an invoice number outside
[A-Za-z0-9], Lexitree-Labs/LEDES `is_valid_alphanumeric`): worth a warning, not a violation.
"""

from __future__ import annotations

import re

from ledes_rules import parse

CLASSIFICATIONS = {
    "ADJSTR", "ADJSMT", "ANALST", "ARBITR", "ASSOC", "TRANEE", "AUDITR", "CLKSEC", "CONSLT",
    "TEMPAT", "TEMPOS", "CSTCNS", "CTRPTR", "DSCATT", "DSCPMG", "DSCANJ", "DSCANS", "DOCCDR",
    "DOCRAT", "DOCRNA", "EVDEVL", "EXPERT", "FLTFEE", "FORANL", "HLNLPF", "INVSTG", "IPSVPV",
    "IPAGNT", "LGLAST", "LGLINT", "LGPRMG", "LIBRRN", "MEDITR", "MDRCRV", "OFCOUN", "NBOTHR",
    "PARALG", "PARTNR", "RSRCHR", "RSPROF", "SECNDE", "SPAGNT", "SOLDSG", "STFATT", "STFCNS",
    "TPADMN", "TRAINR", "TRNDEV", "TRNFAG", "TRANSL", "VIDOGR",
}
# The short UTBMS/LEDES 1998B codes still accepted by many portals (Partner, Associate, Of
# Counsel, Legal Assistant, Paralegal, Other timekeeper).
SHORT_CLASSIFICATIONS = {"PT", "AS", "OC", "LA", "PL", "OT"}


# Lexitree-Labs/LEDES `is_valid_currency` (digits before the point, at most 4 after) and
# `is_valid_line_item_cost` (units and unit cost: blank or 0 only on IF/IE adjustments).
AMOUNTS = {"INVOICE_TOTAL": 12, "LINE_ITEM_TOTAL": 10, "LINE_ITEM_ADJUSTMENT_AMOUNT": 10}
COSTS = ["LINE_ITEM_NUMBER_OF_UNITS", "LINE_ITEM_UNIT_COST"]
TEXTS = ["INVOICE_DESCRIPTION", "LINE_ITEM_DESCRIPTION"]  # at most 15 KB each


def check(data: bytes) -> list[str]:
    broken, items = parse(data)
    for item in items:
        where = f"line {item['_line']}"
        for name, digits in AMOUNTS.items():
            if item[name] and not re.fullmatch(rf"-?\d{{1,{digits}}}(\.\d{{0,4}})?", item[name]):
                broken.append(f"{where}: {name} {item[name]!r} is not a LEDES amount")
        for name in COSTS:
            if item["EXP/FEE/INV_ADJ_TYPE"] in ("F", "E") and (
                    item[name] in ("", "0") or not re.fullmatch(r"\d{1,10}(\.\d{0,4})?",
                                                                item[name])):
                broken.append(f"{where}: {name} {item[name]!r} is not a positive number of at "
                              "most 4 decimals")
        for name in TEXTS:
            if len(item[name].encode("ascii", "replace")) > 15 * 1024:
                broken.append(f"{where}: {name} is longer than 15 KB")
        value = item["TIMEKEEPER_CLASSIFICATION"]
        if value and value not in CLASSIFICATIONS | SHORT_CLASSIFICATIONS:
            broken.append(f"{where}: TIMEKEEPER_CLASSIFICATION {value!r} is not on the LEDES "
                          "timekeeper classification list")
    return broken


def cautions(data: bytes) -> list[str]:
    _, items = parse(data)
    numbers = dict.fromkeys(item["INVOICE_NUMBER"] for item in items)
    return [f"INVOICE_NUMBER {n!r} has characters outside A-Z, a-z, 0-9"
            for n in numbers if not re.fullmatch(r"[A-Za-z0-9]*", n)]
