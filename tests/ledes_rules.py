"""An independent reader of LEDES 1998B files: it knows the format from the specification,
not from our template or writer, and lists every rule a file breaks."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

FIELDS = [
    "INVOICE_DATE", "INVOICE_NUMBER", "CLIENT_ID", "LAW_FIRM_MATTER_ID", "INVOICE_TOTAL",
    "BILLING_START_DATE", "BILLING_END_DATE", "INVOICE_DESCRIPTION", "LINE_ITEM_NUMBER",
    "EXP/FEE/INV_ADJ_TYPE", "LINE_ITEM_NUMBER_OF_UNITS", "LINE_ITEM_ADJUSTMENT_AMOUNT",
    "LINE_ITEM_TOTAL", "LINE_ITEM_DATE", "LINE_ITEM_TASK_CODE", "LINE_ITEM_EXPENSE_CODE",
    "LINE_ITEM_ACTIVITY_CODE", "TIMEKEEPER_ID", "LINE_ITEM_DESCRIPTION", "LAW_FIRM_ID",
    "LINE_ITEM_UNIT_COST", "TIMEKEEPER_NAME", "TIMEKEEPER_CLASSIFICATION", "CLIENT_MATTER_ID",
]  # fmt: skip
REQUIRED = ["INVOICE_DATE", "INVOICE_NUMBER", "CLIENT_ID", "LAW_FIRM_MATTER_ID", "INVOICE_TOTAL",
            "BILLING_START_DATE", "BILLING_END_DATE", "LINE_ITEM_NUMBER", "EXP/FEE/INV_ADJ_TYPE",
            "LINE_ITEM_NUMBER_OF_UNITS", "LINE_ITEM_TOTAL", "LINE_ITEM_DATE", "LAW_FIRM_ID"]
DATE = re.compile(r"(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
CHAR20 = ["INVOICE_NUMBER", "CLIENT_ID", "LAW_FIRM_MATTER_ID", "LINE_ITEM_NUMBER",
          "TIMEKEEPER_ID", "LAW_FIRM_ID", "CLIENT_MATTER_ID"]
CENT = Decimal("0.01")


def parse(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """(rule violations, line items) of a LEDES 1998B file."""
    broken: list[str] = []
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as exc:
        return [f"not ASCII at byte {exc.start}"], []
    lines = text.split("\r\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        broken.append("the last line does not end with CRLF")
    if not lines or lines[0] != "LEDES1998B[]":
        broken.append("line 1 is not LEDES1998B[]")
    if len(lines) < 2 or lines[1] != "|".join(FIELDS) + "[]":
        broken.append("line 2 is not the 24 field names")
    items = []
    for number, line in enumerate(lines[2:], start=3):
        if not line.endswith("[]"):
            broken.append(f"line {number} does not end with []")
            continue
        values = line[:-2].split("|")
        if len(values) != len(FIELDS):
            broken.append(f"line {number} has {len(values)} fields, not 24")
            continue
        items.append(dict(zip(FIELDS, values, strict=True)) | {"_line": str(number)})
    return broken + _check_items(items), items


def _money(value: str) -> Decimal | None:
    try:
        return Decimal(value) if value else Decimal(0)
    except InvalidOperation:
        return None


def _check_items(items: list[dict[str, str]]) -> list[str]:
    broken: list[str] = []
    invoices: dict[str, list[dict[str, str]]] = {}
    for item in items:
        where = f"line {item['_line']}"
        invoices.setdefault(item["INVOICE_NUMBER"], []).append(item)
        for name in REQUIRED:
            if not item[name]:
                broken.append(f"{where}: {name} is empty")
        for name in ("INVOICE_DATE", "BILLING_START_DATE", "BILLING_END_DATE", "LINE_ITEM_DATE"):
            if item[name] and not DATE.fullmatch(item[name]):
                broken.append(f"{where}: {name} {item[name]!r} is not YYYYMMDD")
        for name in CHAR20:
            if len(item[name]) > 20:
                broken.append(f"{where}: {name} is longer than 20")
        if len(item["TIMEKEEPER_NAME"]) > 30:
            broken.append(f"{where}: TIMEKEEPER_NAME is longer than 30")
        if item["EXP/FEE/INV_ADJ_TYPE"] not in ("F", "E", "IF", "IE"):
            broken.append(f"{where}: type {item['EXP/FEE/INV_ADJ_TYPE']!r}")
        if item["EXP/FEE/INV_ADJ_TYPE"] == "F":
            if item["LINE_ITEM_TASK_CODE"] and not re.fullmatch(r"[B-DF-Z]\d{3}",
                                                                item["LINE_ITEM_TASK_CODE"]):
                broken.append(f"{where}: task code {item['LINE_ITEM_TASK_CODE']!r}")
            if item["LINE_ITEM_ACTIVITY_CODE"] and not re.fullmatch(
                    r"A\d{3}", item["LINE_ITEM_ACTIVITY_CODE"]):
                broken.append(f"{where}: activity code {item['LINE_ITEM_ACTIVITY_CODE']!r}")
            if item["LINE_ITEM_EXPENSE_CODE"]:
                broken.append(f"{where}: a fee with an expense code")
        units, cost = _money(item["LINE_ITEM_NUMBER_OF_UNITS"]), _money(
            item["LINE_ITEM_UNIT_COST"])
        adjustment, total = _money(item["LINE_ITEM_ADJUSTMENT_AMOUNT"]), _money(
            item["LINE_ITEM_TOTAL"])
        if None in (units, cost, adjustment, total):
            broken.append(f"{where}: a number field is not a number")
        elif abs(units * cost + adjustment - total) >= CENT:  # type: ignore[operator]
            broken.append(f"{where}: units x unit cost + adjustment != line total")
        if item["LINE_ITEM_DATE"] and item["BILLING_START_DATE"] and item["BILLING_END_DATE"] \
                and not item["BILLING_START_DATE"] <= item["LINE_ITEM_DATE"] <= \
                item["BILLING_END_DATE"]:
            broken.append(f"{where}: line date outside the billing period")
    for number, lines in invoices.items():
        for name in ("INVOICE_DATE", "INVOICE_TOTAL", "CLIENT_ID", "BILLING_START_DATE",
                     "BILLING_END_DATE", "LAW_FIRM_ID"):
            if len({item[name] for item in lines}) != 1:
                broken.append(f"invoice {number}: {name} differs between lines")
        numbers = [item["LINE_ITEM_NUMBER"] for item in lines]
        if len(set(numbers)) != len(numbers):
            broken.append(f"invoice {number}: line item numbers repeat")
        totals = [_money(item["LINE_ITEM_TOTAL"]) or Decimal(0) for item in lines]
        if _money(lines[0]["INVOICE_TOTAL"]) != sum(totals, Decimal(0)):
            broken.append(f"invoice {number}: INVOICE_TOTAL is not the sum of the line totals")
    return broken
