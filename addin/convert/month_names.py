"""Month and weekday names a written date may use: English, and the languages whose time-sheet
headers the generic profile knows (French, German, Spanish, Italian, Dutch, Portuguese), full and
in their usual abbreviations, with and without accents ("déc." and "dec."), so a hand-kept sheet's
"2 novembre 2026", "2. März 2026" or "2 de noviembre de 2026" is a date whatever the computer's
locale. No spelling names two different months (checked by the tests)."""

from __future__ import annotations

import unicodedata

# One tuple per month, January first: every spelling of it, lower case.
_MONTHS = (
    ("january", "jan", "janvier", "janv", "januar", "jän", "jänner", "enero", "ene", "gennaio",
     "gen", "januari", "janeiro"),
    ("february", "feb", "février", "févr", "fév", "februar", "febrero", "febbraio", "februari",
     "fevereiro", "fev"),
    ("march", "mar", "mars", "märz", "mär", "mrz", "marzo", "maart", "mrt", "março"),
    ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    ("may", "mai", "mayo", "maggio", "mag", "mei", "maio"),
    ("june", "jun", "juin", "juni", "junio", "giugno", "giu", "junho"),
    ("july", "jul", "juillet", "juil", "juli", "julio", "luglio", "lug", "julho"),
    ("august", "aug", "août", "aout", "agosto", "ago", "augustus"),
    ("september", "sep", "sept", "septembre", "septiembre", "settembre", "set", "setembro"),
    ("october", "oct", "octobre", "oktober", "okt", "octubre", "ottobre", "ott", "outubro",
     "out"),
    ("november", "nov", "novembre", "noviembre", "novembro"),
    ("december", "dec", "décembre", "déc", "dezember", "dez", "diciembre", "dic", "dicembre",
     "dezembro"),
)
# One tuple per weekday, Monday first.
_WEEKDAYS = (
    ("monday", "mon", "lundi", "lun", "montag", "mo", "lunes", "lunedì", "maandag", "ma",
     "segunda", "segunda-feira", "seg"),
    ("tuesday", "tue", "tues", "mardi", "mar", "dienstag", "di", "martes", "martedì",
     "dinsdag", "terça", "terça-feira", "ter"),
    ("wednesday", "wed", "mercredi", "mer", "mittwoch", "mi", "miércoles", "mié", "mercoledì",
     "woensdag", "wo", "quarta", "quarta-feira", "qua"),
    ("thursday", "thu", "thur", "thurs", "jeudi", "jeu", "donnerstag", "do", "jueves", "jue",
     "giovedì", "gio", "donderdag", "quinta", "quinta-feira", "qui"),
    ("friday", "fri", "vendredi", "ven", "freitag", "fr", "viernes", "vie", "venerdì",
     "vrijdag", "vr", "sexta", "sexta-feira", "sex"),
    ("saturday", "sat", "samedi", "sam", "samstag", "sa", "sábado", "sáb", "sabato", "sab",
     "zaterdag", "za"),
    ("sunday", "sun", "dimanche", "dim", "sonntag", "so", "domingo", "dom", "domenica",
     "zondag", "zo"),
)


def plain(word: str) -> str:
    """``word`` folded for lookup: lower case, accents dropped ("Déc" -> "dec")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _index(groups: tuple[tuple[str, ...], ...], first: int) -> dict[str, int]:
    return {plain(name): number for number, names in enumerate(groups, first) for name in names}


MONTHS = _index(_MONTHS, 1)  # spelling -> 1..12
WEEKDAYS = _index(_WEEKDAYS, 0)  # spelling -> 0 (Monday)..6
SPELLINGS = {"months": _MONTHS, "weekdays": _WEEKDAYS}
