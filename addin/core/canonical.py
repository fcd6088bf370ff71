"""The canonical time entry: the fields every source profile maps to and every template builds from.

N source profiles and M target templates meet here, so adding a source or a target is one file.
"""

from __future__ import annotations

# field -> (kind, description). The kind tells the engine how to read the raw source value.
FIELDS: dict[str, tuple[str, str]] = {
    "date": ("date", "Day the work was done"),
    "start": ("time", "Start time of day (or date and time)"),
    "end": ("time", "End time of day (or date and time)"),
    "duration": ("duration", "Time worked"),
    "client": ("text", "Client name"),
    "client_id": ("text", "Client number or code"),
    "matter": ("text", "Matter or project name"),
    "matter_id": ("text", "Matter number or code"),
    "activity": ("text", "Activity or task name"),
    "task_code": ("text", "UTBMS task code, e.g. L120"),
    "activity_code": ("text", "UTBMS activity code, e.g. A104"),
    "expense_code": ("text", "UTBMS expense code, e.g. E101"),
    "description": ("text", "Narrative"),
    "timekeeper": ("text", "Person who did the work"),
    "first_name": ("text", "The timekeeper's first name"),
    "last_name": ("text", "The timekeeper's last name"),
    "user_name": ("text", "The timekeeper's user name (login) in the target"),
    "timekeeper_id": ("text", "Timekeeper number or initials"),
    "timekeeper_class": ("text", "Timekeeper classification, e.g. PARTNR, ASSOC, PARALG"),
    "email": ("text", "Timekeeper's e-mail address"),
    "rate": ("number", "Hourly rate"),
    "amount": ("number", "Amount billed for the entry"),
    "fixed_rate": ("number", "Fixed price of the entry, whatever its hours (Kimai's FixedRate)"),
    "currency": ("text", "Currency of rate and amount"),
    "billable": ("boolean", "Whether the entry is billable"),
    "non_billable": ("boolean", "Whether the entry is not billable (billable read the other way)"),
    "tags": ("text", "Tags, comma-separated"),
    "entry_id": ("text", "The source's own id of the entry"),
    "end_date": ("date", "Day the entry ends, when it runs past midnight"),
    # Customer lists (Grandtotal and the like) describe clients rather than time.
    "client_email": ("text", "Client's e-mail address"),
    "client_country": ("text", "Client's country"),
    "client_tax_id": ("text", "Client's VAT or tax id"),
    "client_contact": ("text", "Contact person at the client"),
    "client_address": ("text", "Client's postal address"),
    "client_note": ("text", "Note about the client"),
}

# Fields that name someone or something: trimmed and NFC-normalised when read, so one name is
# one name however it is spaced or composed ("Zoë" as one code point or as "o" + diaeresis).
NAME_FIELDS = frozenset({
    "client", "client_id", "matter", "matter_id", "activity", "task_code", "activity_code",
    "expense_code", "timekeeper", "first_name", "last_name", "user_name", "timekeeper_id",
    "timekeeper_class", "email", "currency", "client_email", "client_country", "client_tax_id",
    "client_contact",
})

# Tables a firm keeps beside its exports, given with --lookup TABLE=FILE.csv (or, in Excel, a
# sheet "Lookup TABLE"). A table's key columns find the row; its other columns fill canonical
# fields the source leaves empty. Header spellings are matched like profile aliases.
LOOKUP_TABLES: dict[str, tuple[str, ...]] = {
    "people": ("timekeeper",),
    "clients": ("client",),
    "matters": ("client", "matter"),
}
LOOKUP_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "people": {
        "timekeeper": ("name", "timekeeper name", "person"),
        "email": ("e-mail", "email address"),
        "user_name": ("username", "user", "login"),
        "first_name": ("first name", "firstname", "given name"),
        "last_name": ("last name", "lastname", "surname", "family name"),
        "timekeeper_id": ("id", "timekeeper number", "initials"),
        "timekeeper_class": ("classification", "class", "timekeeper classification"),
        "rate": ("hourly rate",),
    },
    "clients": {
        "client": ("name", "client name", "customer"),
        "client_id": ("id", "client number", "number", "customer number"),
    },
    "matters": {
        "client": ("client name", "customer"),
        "matter": ("name", "matter name", "project"),
        "matter_id": ("id", "matter number", "display number", "number"),
        "client_id": ("client number", "customer number"),
    },
}

# Values computed from other fields, usable as a column's `derive`.
DERIVED: dict[str, str] = {
    "start": "Start time: the source's start, else stacked from the day's start time in file order",
    "end": "End time: start + duration",
    "amount": ("The source's amount, else its fixed rate, else hours x rate, exact; with a rate"
               " and no fixed rate the source's amount must be hours x rate to the cent and"
               " follows hours rounded to the increment"),
    "fee": "Hours x rate, exact, always computed (LEDES: units x unit cost = line total)",
    "hours": "Duration in hours",
    "line_number": "Position of the row in its invoice (or the file): 1, 2, 3, ...",
    "invoice_number": "The setting invoice_number, counted up for each further invoice",
    "invoice_total": "Sum of the written values of the invoice's column derived from amount/fee",
    "period_start": "Earliest date of the invoice's rows",
    "period_end": "Latest date of the invoice's rows",
}
