"""The billing-rule review's data (thresholds, phrase lists, UTBMS code sets), read from
`templates/review/rules.toml`, and the narrative and code checks that use it.

Pure: the file is parsed by the caller; every key is checked here, so a firm editing its copy
is told the file and the key of a mistake.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from addin.core.errors import TemplateError

CODE_FIELDS = {"task_code": "task", "activity_code": "activity", "expense_code": "expense"}
TOP_KEYS = {"thresholds", "vague", "block_billing", "utbms", "portals"}
SET_KEYS = {"source", "field", "phases", "codes"}
# A part of a narrative that carries its own time, "(0.3)" or "(1.5 hrs)": itemised, not blocked.
OWN_TIME = re.compile(r"\(\s*\d*[.,]?\d+\s*(h|hr|hrs|hours?)?\s*\)\s*\.?$", re.IGNORECASE)
# A sentence's end: a full stop, then a space and a capital (abbreviations such as "Co." or
# "re J. Smith" are followed by a name, and a part counts only if it starts with a task).
SENTENCE_END = re.compile(r"(?<=[a-z0-9)])\.\s+(?=[A-Z])")
WORD = re.compile(r"[\w/'-]+")
LEADING = ("and", "also", "then", "further", "plus", "as", "well")
JOIN_LEFTOVER = re.compile(r"^(?:(?:and|then|plus|as well as|&)\s+)+|(?:[\s,]+(?:and|then|plus"
                           r"|as well as|&))+$", re.IGNORECASE)


@dataclass(frozen=True)
class CodeSet:
    name: str  # litigation, bankruptcy, ...
    source: str
    field: str  # the canonical field whose values it holds
    phases: Mapping[str, str]
    codes: Mapping[str, str]


@dataclass(frozen=True)
class ReviewRules:
    long_day: Decimal  # hours a day above which a timekeeper's day is a warning
    max_day: Decimal  # hours above which it is an error
    vague_phrases: frozenset[str]
    generic_words: frozenset[str]
    separators: tuple[str, ...]
    joins: tuple[str, ...]
    task_starts: frozenset[str]
    function_words: frozenset[str]
    code_sets: tuple[CodeSet, ...]
    portals: Mapping[str, tuple[str, ...]]  # target template id -> review codes it enforces

    def vague(self, narrative: str) -> str | None:
        """Why a narrative says neither what was done nor to what; None when it does."""
        words = WORD.findall(narrative.casefold())
        plain = " ".join(words)
        if not words:
            return "it has no words"
        if plain in self.vague_phrases or plain.rstrip(".") in self.vague_phrases:
            return f"{plain!r} is a phrase that names no task"
        if all(w in self.generic_words for w in words):
            return "every word of it is generic (" + ", ".join(dict.fromkeys(words)) + ")"
        return None

    def tasks(self, narrative: str) -> list[str]:
        """The distinct tasks a narrative puts under one time, when there are two or more and
        not each carries its own time.

        The narrative falls into parts at the separators and sentence ends; a part's pieces
        between joins (commas, "and") are a task (a task word and what it is done to), a bare
        task word ("Review" of "Review, revise and finalize the agreement", "Prepare for" of
        "Prepare for and attend the hearing": it shares the next task's object) or more of the
        task before ("..., indemnity and term")."""
        strong = re.compile("|".join(re.escape(s) for s in self.separators))
        weak = re.compile("|".join(re.escape(s) for s in self.joins), re.IGNORECASE)
        found: list[str] = []
        for part in (p for piece in strong.split(narrative) for p in SENTENCE_END.split(piece)):
            bounds = [0] + [m.end() for m in weak.finditer(part)]
            pieces = [part[a:b] for a, b in zip(bounds, bounds[1:] + [len(part)], strict=True)]
            opens: list[int] = []  # the pieces that open a task (with the bare words before)
            bare: int | None = None
            for i, piece in enumerate(pieces):
                kind = self._kind(piece)
                if kind == "task":
                    opens.append(i if bare is None else bare)
                bare = (i if bare is None else bare) if kind == "bare" else None
            if not opens:
                opens = [0] if self._kind(part) == "task" else []
            if opens:
                opens[0] = 0
            cuts = [bounds[i] for i in opens] + [len(part)]
            found += [_trimmed(part[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]
        found = [f for f in found if f]
        if len(found) < 2 or all(OWN_TIME.search(f) for f in found):
            return []
        return found

    def _kind(self, piece: str) -> str:
        """'task' (a task word and something it is done to or with), 'bare' (a task word
        alone, or with words such as 'for'), else 'other'."""
        words = WORD.findall(piece.casefold())
        while words and words[0] in LEADING:
            words = words[1:]
        if not words or words[0] not in self.task_starts:
            return "other"
        return "task" if any(w not in self.function_words for w in words[1:]) else "bare"

    def code_problem(self, field: str, value: str) -> str | None:
        """Why `value` is not a UTBMS code of `field`'s kind; None when it is one."""
        code = value.strip().upper()
        kind = CODE_FIELDS[field]
        own = [s for s in self.code_sets if s.field == field]
        if any(code in s.codes for s in own):
            return None
        for code_set in own:
            if code in code_set.phases:
                tasks = [c for c in code_set.codes if c[:2] == code[:2]]
                which = (f"{tasks[0]}-{tasks[-1]}" if len(tasks) > 1 else ", ".join(tasks)) or (
                    "the tasks of the set")
                return (f"{value!r} is the UTBMS {code_set.name} phase"
                        f" '{code_set.phases[code]}', not a {kind} code; give one of its tasks"
                        f" ({which})")
        head = code.split(maxsplit=1)[0].rstrip(":-") if code.split() else code
        if head != code and any(head in s.codes for s in own):
            return (f"{value!r} holds the {kind} code {head} with more text; write the code"
                    f" alone ({head}), as e-billing portals take it")
        for code_set in self.code_sets:
            if code in code_set.codes:
                return (f"{value!r} is a UTBMS {CODE_FIELDS[code_set.field]} code"
                        f" ({code_set.codes[code]}), not a {kind} code; move it to the"
                        f" {CODE_FIELDS[code_set.field]} code column")
        names = ", ".join(f"{s.name} {_span(s)}" for s in own)
        return (f"{value!r} is not an ABA UTBMS {kind} code ({names}); an e-billing portal"
                " rejects the line")


def _trimmed(task: str) -> str:
    """A task as listed: without the separators and joining words around it."""
    return JOIN_LEFTOVER.sub("", task.strip(" \t\r\n.,;&|-")).strip(" \t\r\n.,;&|-")


def _span(code_set: CodeSet) -> str:
    codes = sorted(code_set.codes)
    return f"{codes[0]}-{codes[-1]}" if codes else "none"


def merged(base: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    """The built-in rules with a firm's file over them: tables merged key by key, lists and
    values replaced."""
    result = dict(base)
    for key, value in user.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            result[key] = merged(base[key], value)
        else:
            result[key] = value
    return result


def parse_rules(data: Mapping[str, Any], where: str) -> ReviewRules:
    """Check every key of the rules' data; raise TemplateError naming `where` and the key."""
    _known(data, TOP_KEYS, where, "")
    limits = _table(data, "thresholds", where)
    _known(limits, {"long_day_hours", "max_day_hours"}, where, "thresholds.")
    long_day = _hours(limits, "long_day_hours", where)
    max_day = _hours(limits, "max_day_hours", where)
    if long_day > max_day:
        raise TemplateError(where, "must not be above thresholds.max_day_hours",
                            key="thresholds.long_day_hours")
    vague = _table(data, "vague", where)
    _known(vague, {"phrases", "generic_words"}, where, "vague.")
    block = _table(data, "block_billing", where)
    _known(block, {"separators", "joins", "task_starts", "function_words"}, where,
           "block_billing.")
    sets = []
    for name, raw in _table(data, "utbms", where).items():
        if not isinstance(raw, dict):
            raise TemplateError(where, "must be a table", key=f"utbms.{name}")
        _known(raw, SET_KEYS, where, f"utbms.{name}.")
        field = raw.get("field")
        if field not in CODE_FIELDS:
            raise TemplateError(where, f"must be one of {', '.join(CODE_FIELDS)}",
                                key=f"utbms.{name}.field")
        sets.append(CodeSet(name, str(raw.get("source", "")), field,
                            _codes(raw, "phases", where, name), _codes(raw, "codes", where, name)))
    given = _table(data, "portals", where)
    portals = {target: tuple(_strings(given, target, where, "portals.")) for target in given}
    return ReviewRules(
        long_day, max_day,
        frozenset(" ".join(WORD.findall(p.casefold()))
                  for p in _strings(vague, "phrases", where, "vague.")),
        frozenset(w.casefold() for w in _strings(vague, "generic_words", where, "vague.")),
        tuple(_strings(block, "separators", where, "block_billing.")),
        tuple(_strings(block, "joins", where, "block_billing.")),
        frozenset(w.casefold() for w in _strings(block, "task_starts", where,
                                                 "block_billing.")),
        frozenset(w.casefold() for w in _strings(block, "function_words", where,
                                                 "block_billing.")),
        tuple(sets), portals)


def _known(table: Mapping[str, Any], allowed: set[str], where: str, prefix: str) -> None:
    for key in table:
        if key not in allowed:
            raise TemplateError(where, "is not a key here; the keys are"
                                f" {', '.join(sorted(allowed))}", key=prefix + key)


def _table(data: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise TemplateError(where, "must be a table", key=key)
    return value


def _hours(table: Mapping[str, Any], key: str, where: str) -> Decimal:
    try:
        hours = Decimal(str(table[key]))
    except KeyError:
        raise TemplateError(where, "is missing", key=f"thresholds.{key}") from None
    except InvalidOperation:
        hours = Decimal(-1)
    if not hours.is_finite() or hours <= 0:
        raise TemplateError(where, "must be a number of hours above 0, such as \"12\"",
                            key=f"thresholds.{key}")
    return hours


def _strings(table: Mapping[str, Any], key: str, where: str, prefix: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise TemplateError(where, "must be a list of texts", key=prefix + key)
    return value


def _codes(raw: Mapping[str, Any], key: str, where: str, name: str) -> dict[str, str]:
    value = raw.get(key, {})
    if not isinstance(value, dict) or not all(
            isinstance(v, str) and re.fullmatch(r"[A-Z]\d{3}", k) for k, v in value.items()):
        raise TemplateError(where, "must be a table of codes (a capital letter and three"
                            " digits) and their names", key=f"utbms.{name}.{key}")
    return value
