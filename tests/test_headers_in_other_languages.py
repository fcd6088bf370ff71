"""Hand-kept time sheets in French, German, Spanish, Italian, Dutch and Portuguese are read by
the generic profile without naming any column: dates, hours, client, matter, task, narrative,
person, rate and billable, and a unit written in the header's own language."""

from __future__ import annotations

import pytest
from clihelp import run
from mapping import column, map_with

from addin.core.profile_choice import choose_profile

FIELDS = ["date", "duration", "client", "matter", "activity", "description", "timekeeper",
          "rate", "billable"]
HEADERS = {
    "French": ["Date", "Durée", "Client", "Dossier", "Tâche", "Libellé", "Collaborateur",
               "Taux horaire", "Facturable"],
    "German": ["Datum", "Dauer", "Mandant", "Akte", "Tätigkeit", "Beschreibung", "Mitarbeiter",
               "Stundensatz", "Abrechenbar"],
    "Spanish": ["Fecha", "Horas", "Cliente", "Asunto", "Tarea", "Descripción", "Abogado",
                "Tarifa", "Facturable"],
    "Italian": ["Data", "Ore", "Cliente", "Pratica", "Attività", "Descrizione", "Avvocato",
                "Tariffa oraria", "Fatturabile"],
    "Dutch": ["Datum", "Uren", "Klant", "Dossier", "Taak", "Omschrijving", "Medewerker",
              "Uurtarief", "Declarabel"],
    "Portuguese": ["Data", "Horas", "Cliente", "Processo", "Tarefa", "Descrição", "Advogado",
                   "Taxa horária", "Faturável"],
}


@pytest.mark.parametrize("language", HEADERS)
def test_a_sheet_in_another_language_is_read_field_by_field(language):
    header = HEADERS[language]
    choice = choose_profile(header, None)
    assert choice.profile.id == "generic"
    assert {name: header[index] for name, index in choice.claimed.items()} == dict(
        zip(FIELDS, header, strict=True))


def duration_written(header, value):
    table = [["Datum", "Projet", header], ["02/11/2026", "Audit", value]]
    result = map_with("kimai-timesheet", table, settings={
        "customer": "Acme", "activity": "Work", "user": "anna", "email": "a@x.com"})
    return column(result, "Duration")


@pytest.mark.parametrize(("header", "seconds"), [
    ("Temps (en heure)", "5400"), ("Dauer (Minuten)", "90"), ("Duración (minutos)", "90"),
    ("Durata (ore)", "5400"), ("Duur (uren)", "5400"), ("Duração (horas)", "5400"),
])
def test_a_unit_named_in_the_header_s_own_language_is_read(header, seconds):
    assert duration_written(header, "1,5") == [seconds]


@pytest.mark.parametrize(("header", "seconds"), [
    ("Zeit (Std.)", "5400"), ("Stunden (dezimal)", "5400"), ("Horas (decimal)", "5400"),
    ("Tempo (horas)", "5400"), ("Uren (decimaal)", "5400"), ("Hours (decimal)", "5400"),
    ("Heures [décimal]", "5400"),
])
def test_a_duration_name_with_a_word_in_brackets_after_it_is_read(header, seconds):
    assert duration_written(header, "1,5") == [seconds]


@pytest.mark.parametrize(("header", "seconds"), [
    ("Temps (mn)", "900"), ("Dauer (Sek.)", "15"), ("Duración (seg.)", "15"), ("Duur (u)", "54000"),
])
def test_a_unit_abbreviated_in_brackets_is_the_column_s_unit(header, seconds):
    # 15 read as hours would be 54000 seconds: an abbreviation no unit list knew was hours.
    assert duration_written(header, "15") == [seconds]


@pytest.mark.parametrize("header", ["Client (ID)", "Kunde (Nr.)", "Dossier (numéro)"])
def test_a_name_with_an_identifier_in_brackets_is_not_read_as_the_name(header):
    choice = choose_profile(["Date", "Hours", header], None)
    assert {name for name, index in choice.claimed.items() if index == 2} <= {
        "client_id", "matter_id"}


def test_a_french_semicolon_sheet_with_decimal_commas_maps_to_kimai_exactly(capsys, tmp_path):
    source = tmp_path / "feuille.csv"
    source.write_text("Date;Client;Projet;Temps (en heure);Description;Collaborateur\n"
                      "02/11/2026;Dupont SA;Bail commercial;1,5;Relecture du bail;Marie Curie\n"
                      "13/11/2026;Dupont SA;Bail commercial;0,25;Appel au client;Marie Curie\n",
                      encoding="utf-8")
    out = tmp_path / "kimai.csv"
    result = run(capsys, "map", source, "-o", out, "-t", "kimai-timesheet", "--set",
                 "activity=Conseil", "--set", "user=mcurie", "--set", "email=m@cabinet.fr")
    assert result.code == 0, result.err
    rows = [line.split(",") for line in out.read_text(encoding="utf-8").splitlines()]
    header = rows[0]
    assert [(r[header.index("Date")], r[header.index("Duration")], r[header.index("Project")],
             r[header.index("Description")]) for r in rows[1:]] == [
        ("2026-11-02", "5400", "Bail commercial", "Relecture du bail"),
        ("2026-11-13", "900", "Bail commercial", "Appel au client")]
    assert "source profile generic reads 6 of 6 columns" in result.err


@pytest.mark.parametrize(("start", "end", "begins", "ends"), [
    ("Début", "Fin", "9h", "10h30"),                     # French
    ("Heure de début", "Heure de fin", "9h00", "10 h 30"),
    ("Beginn", "Ende", "9:00 Uhr", "10.30 Uhr"),         # German
    ("Inicio", "Fin", "9:00", "10:30"),                  # Spanish
    ("Inizio", "Fine", "9:00", "10:30"),                 # Italian
    ("Begintijd", "Eindtijd", "9u00", "10u30"),          # Dutch
    ("Início", "Fim", "9h00", "10h30"),                  # Portuguese
])
def test_start_and_end_in_another_language_give_the_entry_s_times(start, end, begins, ends):
    table = [["Date", start, end, "Projet"], ["13/11/2026", begins, ends, "Audit"]]
    result = map_with("kimai-timesheet", table, settings={
        "customer": "Acme", "activity": "Work", "user": "anna", "email": "a@x.com"})
    assert (column(result, "From"), column(result, "To"), column(result, "Duration")) == (
        ["09:00:00"], ["10:30:00"], ["5400"])


@pytest.mark.parametrize(("first", "last"), [
    ("Prénom", "Nom de famille"), ("Vorname", "Nachname"), ("Nombre", "Apellidos"),
    ("Nome", "Cognome"), ("Voornaam", "Achternaam"), ("Nome", "Sobrenome"),
])
def test_a_person_named_in_two_columns_in_another_language_is_the_timekeeper(first, last):
    table = [["Date", first, last, "Heures"], ["13/11/2026", "Marie", "Curie", "1"]]
    result = map_with("harvest", table, settings={"client": "Acme", "project": "Audit",
                                                 "task": "Work"})
    assert (column(result, "First name"), column(result, "Last name")) == (["Marie"], ["Curie"])


@pytest.mark.parametrize(("header", "field"), [
    ("Heures travaillées", "duration"), ("Temps passé", "duration"),
    ("Arbeitsstunden", "duration"), ("Horas trabajadas", "duration"),
    ("Ore lavorate", "duration"), ("Gewerkte uren", "duration"),
    ("Horas trabalhadas", "duration"), ("Klient", "client"), ("Sachbearbeiter", "timekeeper"),
])
def test_more_common_time_sheet_words_are_read_as_their_field(header, field):
    choice = choose_profile(["Datum", header, "Beschreibung"], None)
    assert choice.profile.id == "generic"
    assert choice.claimed.get(field) == 1


@pytest.mark.parametrize("header", ["Hours (non-billable)", "Start (UTC)", "Amount (excl. VAT)",
                                    "Hours (estimate)"])
def test_a_bracket_that_changes_what_the_name_means_is_not_read_as_the_name(header):
    choice = choose_profile(["Date", header, "Description"], None)
    assert 1 not in choice.claimed.values()


def test_of_two_qualified_hours_columns_neither_is_taken_for_the_entry_s_duration():
    choice = choose_profile(["Date", "Hours (non-billable)", "Hours (billable)"], None)
    assert "duration" not in choice.claimed
