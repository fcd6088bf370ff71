"""Each target's independent reader (tests/importer_rules) accepts a file that keeps the
importer's rules and names the row and column of each rule a file breaks: literal bytes in,
one rule per case."""

from __future__ import annotations

import pytest
from importer_rules import (
    clio,
    clockify,
    harvest,
    insol6,
    juris,
    kimai_customer,
    kimai_project,
    kimai_timesheet,
    ledes_1998b,
    quickbooks_iif,
    solidtime,
    tabs3,
    toggl,
)

KIMAI = (b"Date,From,To,Duration,Rate,User,Email,Customer,Project,Activity,Description,"
         b"HourlyRate,Billable\r\n2026-11-02,09:00:00,10:30:00,5400,480,moneil,m@harbour.example,"
         b"Acme Holdings,Acme v. Beta,Drafting,Draft,320,yes\r\n")
CUSTOMER = b"Name,Number,Email,Country\r\nAcme Holdings,C-1,legal@acme.example,US\r\n"
PROJECT = b"Name,Customer,ProjectNumber\r\nAcme v. Beta,Acme Holdings,2002-006\r\n"
CLOCKIFY = (b"Project,Client,Description,Task,Email,Tags,Billable,Start date,Start time,Duration"
            b"\r\nAcme v. Beta,Acme,Draft,Drafting,m@harbour.example,,Yes,11/02/2026,9:00 AM,"
            b"01:30:00\r\n")
TOGGL = (b"User,Email,Client,Project,Task,Description,Billable,Start date,Start time,Duration,"
         b"Tags\r\nMarcus,m@harbour.example,Acme,Acme v. Beta,Drafting,Draft,Yes,2026-11-02,"
         b"09:00:00,01:30:00,\r\n")
HARVEST = (b"Date,Client,Project,Task,Notes,Hours,First name,Last name\r\n"
           b"2026-11-02,Acme,Acme v. Beta,Drafting,\"Draft, review\",1.50,Marcus,O'Neil\r\n")
SOLIDTIME = (b"description,billable,client,project,tags,start,end,task,user_name,user_email\r\n"
             b"Draft,true,Acme,Acme v. Beta,,2026-11-02T14:00:00Z,2026-11-02T15:30:00Z,Drafting,"
             b"Marcus,m@harbour.example\r\n")
CLIO = (b"matter,date,activity_description,note,price,quantity,type,activity_user,non_billable"
        b"\r\n2002-006,11/02/2026,Drafting,Draft,320,1.5,,Marcus O'Neil,\r\n")
JURIS = (b"Date,Timekeeper,Client,Matter,Task,Activity,Billable,HoursWork,Rate,Narrative\r\n"
         b"11/02/2026,MO,2002,2002-006,,A103,Y,1.50,320.00,Draft motion\r\n")
INSOL6 = (b"JobShortName,Job type,Date,TimeofDay,Category 1,Category 2,Category 3,Notes,Units,"
          b"Total,UserInitials,UserPosition,TimeEntryType,TE Ref,Bill Ref,Invoice Date,Bill Note,"
          b"Billed $,Woff Won\r\n2002-006,,02/11/2026,,Drafting,,,Draft motion,1.5,480.00,MO,,"
          b"Time,,,,,,\r\n")
TABS3 = b'201,2002.006,1,"Draft motion","11/02/26",1.50,320.00,480.00\r\n'
IIF = (b"!TIMERHDR\tVER\tREL\tCOMPANYNAME\tIMPORTEDBEFORE\tFROMTIMER\tCOMPANYCREATETIME\r\n"
       b"TIMERHDR\t8\t0\tHarbour Law LLP\tN\tY\t1234567890\r\n"
       b"!TIMEACT\tDATE\tJOB\tEMP\tITEM\tPITEM\tDURATION\tPROJ\tNOTE\tBILLINGSTATUS\r\n"
       b"TIMEACT\t11/02/26\tAcme\tMarcus O'Neil\tLegal Services\t\t1:30\t\tDraft motion\t1\r\n")
FIELDS = (b"INVOICE_DATE|INVOICE_NUMBER|CLIENT_ID|LAW_FIRM_MATTER_ID|INVOICE_TOTAL|"
          b"BILLING_START_DATE|BILLING_END_DATE|INVOICE_DESCRIPTION|LINE_ITEM_NUMBER|"
          b"EXP/FEE/INV_ADJ_TYPE|LINE_ITEM_NUMBER_OF_UNITS|LINE_ITEM_ADJUSTMENT_AMOUNT|"
          b"LINE_ITEM_TOTAL|LINE_ITEM_DATE|LINE_ITEM_TASK_CODE|LINE_ITEM_EXPENSE_CODE|"
          b"LINE_ITEM_ACTIVITY_CODE|TIMEKEEPER_ID|LINE_ITEM_DESCRIPTION|LAW_FIRM_ID|"
          b"LINE_ITEM_UNIT_COST|TIMEKEEPER_NAME|TIMEKEEPER_CLASSIFICATION|CLIENT_MATTER_ID[]")
LEDES = (b"LEDES1998B[]\r\n" + FIELDS + b"\r\n20261130|INV1|2002|2002-006|480.00|20261102|"
         b"20261102||1|F|1.5||480.00|20261102|L120||A103|MO|Draft motion|12-3456789|320.00|"
         b"O'Neil, Marcus|ASSOC|[]\r\n")

VALID = [(kimai_timesheet, KIMAI), (kimai_customer, CUSTOMER), (kimai_project, PROJECT),
         (clockify, CLOCKIFY), (toggl, TOGGL), (harvest, HARVEST), (solidtime, SOLIDTIME),
         (clio, CLIO), (juris, JURIS), (insol6, INSOL6), (tabs3, TABS3), (quickbooks_iif, IIF),
         (ledes_1998b, LEDES)]


@pytest.mark.parametrize(("reader", "data"), VALID, ids=lambda v: getattr(v, "__name__", ""))
def test_a_file_that_keeps_the_importers_rules_passes(reader, data):
    assert reader.check(data) == []


def broken(reader, data: bytes, old: bytes, new: bytes, expected: str):
    assert old in data, old
    return pytest.param(reader, data.replace(old, new, 1), expected,
                        id=f"{reader.__name__.split('.')[-1]}:{expected}")


CASES = [
    # Kimai (ImportBundle TimesheetImporter / AbstractTimesheetImporter; kimai entities)
    broken(kimai_timesheet, KIMAI, b"Date,", b"date,", "header: 'Date' must be written"),
    broken(kimai_timesheet, KIMAI, b",Rate,", b",Total,", "no 'Rate' column"),
    broken(kimai_timesheet, KIMAI, b",Billable", b",Paid", "no 'Billable' column"),
    broken(kimai_timesheet, KIMAI, b",yes\r\n", b",\r\n", "row 2, Billable: empty, read as false"),
    broken(kimai_timesheet, KIMAI, b",yes\r\n", b",Y\r\n", "row 2, Billable: 'Y' is not"),
    broken(kimai_timesheet, KIMAI, b"2026-11-02", b"02.11.2026", "row 2, Date:"),
    broken(kimai_timesheet, KIMAI, b"10:30:00", b"10.30", "row 2, To:"),
    broken(kimai_timesheet, KIMAI, b"5400", b"5400.0", "row 2, Duration: 5400.0 is 19440000 s"),
    broken(kimai_timesheet, KIMAI, b"5400", b"-5400", "row 2, Duration: negative"),
    broken(kimai_timesheet, KIMAI, b"5400", b"5460", "row 2, Duration: 5460 is 5460 s, but From"),
    broken(kimai_timesheet, KIMAI, b",480,", b",1.5,", "row 2, Rate: 1.5 is not hours x"),
    broken(kimai_timesheet, KIMAI, b",320,", b",\"320,00\",", "row 2, HourlyRate: '320,00'"),
    broken(kimai_timesheet, KIMAI, b"moneil", b"", "row 2, User: empty"),
    broken(kimai_timesheet, KIMAI, b"moneil", b"m/oneil", "row 2, User: contains '/'"),
    broken(kimai_timesheet, KIMAI, b"m@harbour.example", b"moneil", "row 2, Email: 'moneil'"),
    broken(kimai_timesheet, KIMAI, b"Acme Holdings", b"A", "row 2, Customer: 1 characters"),
    broken(kimai_timesheet, KIMAI, b"Acme v. Beta", b"Acme <Beta>", "row 2, Project: contains <"),
    broken(kimai_timesheet, KIMAI, b"Drafting", b"x" * 151, "row 2, Activity: 151 characters"),
    broken(kimai_timesheet, KIMAI, b"Draft,", "Zo\u00eb,".encode("latin-1"), "not utf-8"),
    broken(kimai_timesheet, KIMAI, b"Date", b"\xef\xbb\xbfDate", "byte-order mark"),
    broken(kimai_timesheet, KIMAI, b"yes\r\n", b"yes\r\n" + KIMAI.split(b"\r\n")[1] * 0 +
           b"2026-11-02,09:00:00", "row 3: 2 fields"),
    broken(kimai_customer, CUSTOMER, b",US\r\n", b",\r\n", "row 2, Country: empty"),
    broken(kimai_customer, CUSTOMER, b",US\r\n", b",USA\r\n", "row 2, Country: 'USA'"),
    broken(kimai_customer, CUSTOMER, b",Country", b",Land", "no 'country' column"),
    broken(kimai_customer, CUSTOMER, b"C-1", b"C" * 51, "row 2, Number: 51 characters"),
    broken(kimai_customer, CUSTOMER, b"legal@acme.example", b"l" * 70 + b"@acme.example",
           "row 2, Email: 83 characters"),
    broken(kimai_customer, CUSTOMER, b"Acme Holdings", b"Acme=", "row 2, Name: contains ="),
    broken(kimai_customer, CUSTOMER, b"US\r\n", b"US\r\nAcme Holdings,C-2,,DE\r\n",
           "row 3, Name: 'Acme Holdings' again"),
    broken(kimai_customer, CUSTOMER, b"Country", b"Country,Project", "row 2: 4 fields"),
    broken(kimai_project, PROJECT, b"2002-006", b"2026-LIT-000042",
           "row 2, ProjectNumber: 15 characters"),
    broken(kimai_project, PROJECT, b"Acme v. Beta", b"\"Acme \"\"B\"\"\"",
           "row 2, Name: contains \""),
    broken(kimai_project, PROJECT, b"Name,Customer", b"Name,Client", "no 'customer' column"),
    broken(kimai_project, PROJECT, b"Number\r\n", b"Number,User\r\n", "as timesheets"),
    # Clockify help pages
    broken(clockify, CLOCKIFY, b"Start date", b"Start Day", "no 'Start date' column"),
    broken(clockify, CLOCKIFY, b"9:00 AM", b"9h00", "row 2, Start time: '9h00'"),
    broken(clockify, CLOCKIFY, b"11/02/2026", b"2026.11.02", "row 2, Start date:"),
    broken(clockify, CLOCKIFY, b"01:30:00", b"1.5h", "row 2, Duration: '1.5h'"),
    broken(clockify, CLOCKIFY, b",Yes,", b",yes,", "row 2, Billable: 'yes'"),
    broken(clockify, CLOCKIFY, b"Acme v. Beta,", b",", "row 2, Task: 'Drafting' without"),
    broken(clockify, CLOCKIFY, b"Draft,", b"x" * 3001 + b",", "row 2, Description: 3001"),
    broken(clockify, CLOCKIFY, b"example,,Yes", b"example," + b"t" * 101 + b",Yes",
           "row 2, Tags: a tag"),
    # Toggl help pages
    broken(toggl, TOGGL, b",Tags", b",Labels", "'Labels' is not a Toggl import column"),
    broken(toggl, TOGGL, b"2026-11-02", b"11/02/2026", "row 2, Start date:"),
    broken(toggl, TOGGL, b"09:00:00", b"9:00 AM", "row 2, Start time:"),
    broken(toggl, TOGGL, b"01:30:00", b"1.5", "row 2, Duration:"),
    broken(toggl, TOGGL, b"Acme v. Beta", b"", "row 2, Task: 'Drafting' without Project"),
    broken(toggl, TOGGL, b"m@harbour.example", b"", "row 2, Email: empty"),
    # Harvest help page
    broken(harvest, HARVEST, b"Notes,Hours", b"Hours,Notes", "is not exactly"),
    broken(harvest, HARVEST, b"1.50", b"1h30", "row 2, Hours: '1h30'"),
    broken(harvest, HARVEST, b"2026-11-02", b"02/11/2026x", "row 2, Date:"),
    broken(harvest, HARVEST, b",Marcus,", b",,", "row 2, First name: empty"),
    # solidtime GenericTimeEntriesImporter / DefaultImporter
    broken(solidtime, SOLIDTIME, b",true,", b",yes,", "row 2, billable: 'yes'"),
    broken(solidtime, SOLIDTIME, b"2026-11-02T14:00:00Z", b"2026-11-02 14:00:00",
           "row 2, start:"),
    broken(solidtime, SOLIDTIME, b"15:30:00Z", b"13:30:00Z", "row 2, end: before start"),
    broken(solidtime, SOLIDTIME, b"Acme v. Beta", b"", "row 2, task: 'Drafting' without project"),
    broken(solidtime, SOLIDTIME, b",user_email", b",email", "no 'user_email' column"),
    broken(solidtime, SOLIDTIME, b"Draft,", b"d" * 5001 + b",", "row 2, description: 5001"),
    broken(solidtime, SOLIDTIME, b"Drafting", b"t" * 501, "row 2, task: 501"),
    broken(solidtime, SOLIDTIME, b"description", b"\xef\xbb\xbfdescription", "byte-order mark"),
    # Clio help pages
    broken(clio, CLIO, b"matter,date", b"Matter,date", "is not Clio's template"),
    broken(clio, CLIO, b"11/02/2026", b"11/02/26", "row 2, date: '11/02/26'"),
    broken(clio, CLIO, b",320,", b",$320,", "row 2, price: '$320'"),
    broken(clio, CLIO, b"2002-006", b"", "row 2, matter: empty"),
    broken(clio, CLIO, b"O'Neil,\r\n", b"O'Neil,no\r\n", "row 2, non_billable: 'no'"),
    # Juris specification
    broken(juris, JURIS, b"320.00", b"1200.00", "row 2, Rate: '1200.00' does not fit ##0.00"),
    broken(juris, JURIS, b",MO,", b",MOXYZ,", "row 2, Timekeeper: 5 characters"),
    broken(juris, JURIS, b"11/02/2026", b"2026-11-02", "row 2, Date:"),
    broken(juris, JURIS, b",Y,", b",Yes,", "row 2, Billable: 'Yes'"),
    broken(juris, JURIS, b"Draft motion", b"\"Draft\r\nmotion\"", "row 2: a line break inside"),
    broken(juris, JURIS, b",Narrative", b",Narration", "'Narration' is not a Juris column"),
    broken(juris, JURIS, b"Draft motion", b"", "row 2, Narrative: empty"),
    # Insol6 Timekeeping help centre
    broken(insol6, INSOL6, b"Notes,Units", b"Units,Notes", "is not the import template's"),
    broken(insol6, INSOL6, b"2002-006", b"", "row 2, JobShortName: empty"),
    broken(insol6, INSOL6, b",Drafting,", b",,", "row 2, Category 1: empty"),
    broken(insol6, INSOL6, b"02/11/2026", b"11/30/2026", "row 2, Date: '11/30/2026'"),
    broken(insol6, INSOL6, b",1.5,", b",1:30,", "row 2, Units: '1:30' is not decimal hours"),
    broken(insol6, INSOL6, b",480.00,", b",$480.00,", "row 2, Total: '$480.00'"),
    broken(insol6, INSOL6, b",480.00,", b",,", "row 2, Total: empty"),
    broken(insol6, INSOL6, b",Time,", b",Fee,", "row 2, TimeEntryType: 'Fee'"),
    broken(insol6, INSOL6, b",,,,,\r\n", b",,,,480.00,\r\n", "row 2, Bill Ref: empty, but"),
    broken(insol6, INSOL6, b"Draft", "Dr\u00e4ft".encode("latin-1"), "not utf-8"),
    # Tabs3 CVFileLO
    broken(tabs3, TABS3, b"Draft motion", b"Draft\r\nmotion", "row 1: a line break inside"),
    broken(tabs3, TABS3, b"\"Draft motion\"", b"Draft motion", "row 1, Description: not enclosed"),
    broken(tabs3, TABS3, b"\"Draft motion\"", b"\"Say \"\"hi\"\"\"", "a double quote inside"),
    broken(tabs3, TABS3, b"201,", b"2011,", "row 1, Timekeeper: '2011'"),
    broken(tabs3, TABS3, b"2002.006", b"2002-006", "row 1, Client Number: '2002-006'"),
    broken(tabs3, TABS3, b"\"11/02/26\"", b"\"11/02/2026\"", "row 1, Date:"),
    broken(tabs3, TABS3, b"320.00,480.00", b"10000.00,15000.00", "Hourly Rate: 10000.00 is more"),
    broken(tabs3, TABS3, b"1.50,320.00,480.00", b"330.00,1.00,330.00", "Hours Worked: 330.00"),
    broken(tabs3, TABS3, b"480.00", b"481.00", "row 1, Amount: 481.00 is not hours x rate"),
    broken(tabs3, TABS3, b"480.00\r\n", b"480.00\n", "row 1: ends with '\\n'"),
    broken(tabs3, TABS3, b"Draft", "Dr\u00e4ft".encode(), "not ascii"),
    # QuickBooks IIF reference
    broken(quickbooks_iif, IIF, b"\t1:30\t", b"\t24:30\t", "row 4, DURATION: '24:30'"),
    broken(quickbooks_iif, IIF, b"\t11/02/26\t", b"\t2026-11-02\t", "row 4, DATE:"),
    broken(quickbooks_iif, IIF, b"\t1\r\n", b"\tY\r\n", "row 4, BILLINGSTATUS: 'Y'"),
    broken(quickbooks_iif, IIF, b"\tY\t1234567890", b"\tN\t1234567890", "FROMTIMER: not Y"),
    broken(quickbooks_iif, IIF, b"Draft motion", b"Draft\r\nmotion", "row 5: not a TIMEACT line"),
    broken(quickbooks_iif, IIF, b"\tMarcus O'Neil\t", b"\t\t", "row 4, EMP: empty"),
    broken(quickbooks_iif, IIF, b"Draft motion", b"n" * 1001, "row 4, NOTE: 1001 characters"),
    # LEDES 1998B (and the timekeeper classification list)
    broken(ledes_1998b, LEDES, b"|ASSOC|", b"|SENIOR|", "TIMEKEEPER_CLASSIFICATION 'SENIOR'"),
    broken(ledes_1998b, LEDES, b"|480.00|2026", b"|481.00|2026", "INVOICE_TOTAL is not the sum"),
    broken(ledes_1998b, LEDES, b"|A103|", b"|103|", "activity code '103'"),
    broken(ledes_1998b, LEDES, b"|1.5||480.00|", b"|1.50001||480.00|",
           "LINE_ITEM_NUMBER_OF_UNITS '1.50001' is not"),
    broken(ledes_1998b, LEDES, b"|320.00|", b"|0|", "LINE_ITEM_UNIT_COST '0' is not"),
    broken(ledes_1998b, LEDES, b"|Draft motion|", b"|" + b"d" * 15361 + b"|",
           "LINE_ITEM_DESCRIPTION is longer than 15 KB"),
]


@pytest.mark.parametrize(("reader", "data", "expected"), CASES)
def test_a_file_that_breaks_a_rule_is_caught_with_its_row_and_column(reader, data, expected):
    found = reader.check(data)
    assert any(expected in violation for violation in found), found


def test_ledes_cautions_about_an_invoice_number_some_validators_refuse():
    assert ledes_1998b.cautions(LEDES.replace(b"|INV1|", b"|INV-1|")) == [
        "INVOICE_NUMBER 'INV-1' has characters outside A-Z, a-z, 0-9"]
    assert ledes_1998b.cautions(LEDES) == []


def test_kimai_refuses_a_file_of_more_than_5000_rows():
    rows = KIMAI.split(b"\r\n")[1] + b"\r\n"
    assert "5001 rows, more than Kimai's 5000" in kimai_timesheet.check(KIMAI + rows * 5000)


def test_tabs3_refuses_a_file_of_more_than_9999_records():
    assert "10000 records, more than Tabs3's 9999" in tabs3.check(TABS3 * 10000)


def test_kimai_refuses_a_file_of_more_than_4_mib():
    padded = KIMAI.replace(b",Draft,", b",\"" + b"d" * (4 * 1024 * 1024) + b"\",")
    assert any("more than Kimai's 4194304" in v for v in kimai_timesheet.check(padded))


def test_clockify_refuses_a_file_of_more_than_10_mb():
    padded = CLOCKIFY.replace(b",Draft,", b"," + b"d" * (10 * 1024 * 1024) + b",")
    assert any("more than Clockify's 10 MB" in v for v in clockify.check(padded))
