"""Planning: which source column feeds which canonical field and template column, from the
header alone (template x header x options). The plan is frozen: what the rows tell about a
column (date order, decimal separator, unit) is decided later, in `decide`, and kept apart."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from addin.convert.render import date_format
from addin.convert.text import normalize_header
from addin.core.assign import assign_columns
from addin.core.canonical import LOOKUP_TABLES
from addin.core.column_sources import TAKEN_FROM, can_fill, missing_column_message
from addin.core.file_settings import check_settings
from addin.core.line_split import LineSplit
from addin.core.lookups import LookupTable
from addin.core.options import MapOptions
from addin.core.problems import Problem
from addin.core.profile_choice import ProfileChoice, choose_profile
from addin.core.template import PLACEHOLDER, Template

# What each derived value needs from the entry.
TIMES = ("start", "end", "end_date", "duration", "date")
DERIVE_NEEDS = {
    "start": (*TIMES, "timekeeper", "user_name"),
    "end": (*TIMES, "timekeeper", "user_name"),
    "amount": ("duration", "rate", "amount", "fixed_rate", "start", "end", "end_date", "date"),
    "fee": ("duration", "rate", "start", "end", "end_date", "date"),
    "hours": ("duration", "start", "end", "end_date", "date"),
    "line_number": (),
    "invoice_number": (),
    "invoice_total": ("duration", "rate", "amount", "fixed_rate", "start", "end", "end_date",
                      "date"),
    "period_start": ("date",),
    "period_end": ("date",),
}
TOTALS_DERIVES = ("invoice_total", "period_start", "period_end", "invoice_number")
# Fields a template may not write: reported as dropped when the source fills them.
CARRIED = ("billable", "non_billable", "tags", "fixed_rate")
FORMAT_EXAMPLES = {"date": "DD/MM/YYYY", "time": "HH:mm", "datetime": "YYYY-MM-DD HH:mm"}


@dataclass(frozen=True)
class Plan:
    template: Template  # with the formats the user chose
    header: list[str]
    choice: ProfileChoice
    options: MapOptions
    fields: dict[str, int]  # canonical field -> source column index
    passthrough: dict[str, int]  # template column name -> source column index
    used_fields: frozenset[str]
    header_row: int = 1
    parts: dict[str, int] = field(default_factory=dict)  # profile part -> source column index
    composed: dict[str, str] = field(default_factory=dict)  # field -> pattern, when no column
    # CARRIED fields the source has and the template writes nowhere: field -> column index
    dropped: dict[str, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()  # found from the header and the settings alone
    # A CSV source's separator, by which a row with more cells than the header is told a split
    # row; None for a spreadsheet.
    delimiter: str | None = None
    split: LineSplit | None = None  # a column of voice lines read as virtual columns

    @property
    def needs_totals(self) -> bool:
        return any(c.derive in TOTALS_DERIVES for c in self.template.columns)

    def has_field(self, name: str) -> bool:
        """Whether rows can have this field: a column, a composition or a given lookup table."""
        return (name in self.fields or name in self.composed
                or any(self.keyed(t) for t in self.options.tables_with(name)))

    def keyed(self, table: LookupTable) -> bool:
        """Whether rows have the field `table` finds its rows by (a people table: the
        timekeeper), from a column or from another table keyed by one."""
        def direct(key: str) -> bool:
            return key in self.fields or key in self.composed
        key = table.keys[-1]
        return direct(key) or any(key in t.fields and direct(t.keys[-1])
                                  for t in self.options.lookups.values() if t is not table)

    def available(self, name: str) -> bool:
        """Whether rows can have this field, counting what each row derives from others: the
        date from a start that holds one ("2026-11-02 09:00"), the duration from start and end.
        A row whose start turns out to hold no date is reported on its own."""
        if self.has_field(name):
            return True
        if name == "date":
            return self.has_field("start")
        if name == "billable":
            return self.has_field("non_billable")
        return name == "duration" and self.has_field("start") and self.has_field("end")

    def source_name(self, field_name: str) -> str:
        index = self.fields.get(field_name)
        return self.header[index] if index is not None else field_name

    def read_columns(self) -> set[int]:
        """The source columns a field, a part or a passed-through column reads."""
        return set(self.fields.values()) | set(self.passthrough.values()) | set(
            self.parts.values())

    def setting_value(self, key: str) -> str | None:
        """The user's setting for `key`, else the template's default."""
        if key in self.options.settings:
            return self.options.settings[key]
        spec = self.template.settings.get(key)
        return spec.default if spec else None


def plan_mapping(template: Template, header: Sequence[object], options: MapOptions,
                 header_row: int = 1, delimiter: str | None = None) -> Plan:
    """Match the header to canonical fields and the template; report file-level problems."""
    names = ["" if h is None else str(h) for h in header]
    choice = assign_columns(choose_profile(names, options.profile), names, options.assign)
    problems: list[Problem] = []
    template = _with_chosen_formats(template, options, problems)
    passthrough: dict[str, int] = {}
    keys = [normalize_header(n) for n in names]
    for col in template.columns:
        if col.column is not None and normalize_header(col.column) in keys:
            passthrough[col.name] = keys.index(normalize_header(col.column))
    used = _used_fields(template, options)
    fields = dict(choice.claimed)
    used |= _read_for(used, fields.keys())
    profile = choice.profile
    parts = profile.claim_parts(names, set(choice.claimed.values()))
    readable = set(fields) | set(parts)
    composed = {name: pattern for name, pattern in profile.compose.items()
                if name not in fields and any(r in readable for r in PLACEHOLDER.findall(pattern))}
    plan = Plan(template, names, choice, options, fields, passthrough, frozenset(used),
                header_row, parts, composed,
                # A field the user assigned is as good as carried: never dropped unsaid.
                {f: fields[f] for f in (*CARRIED, *(n for _, n in options.assign if n))
                 if f in fields and f not in used},
                delimiter=delimiter)
    claimed = plan.read_columns()
    for index, name in enumerate(names):
        if index in claimed or not name.strip() or index in choice.ignored:
            continue
        other = choice.swallowed.get(index)
        why = (f"profile {profile.id} leaves it out, though profile {other[0]} reads it as"
               f" {other[1]}" if other else f"no field of profile {profile.id} and no column of"
               f" {template.id} reads it")
        problems.append(Problem(
            None, name, "warning", "unclaimed-column",
            f"column {name!r} is not used: {why}. {options.how_to_take_column(other, name)}"))
    for col in template.columns:
        if col.required and not can_fill(plan, col):
            problems.append(Problem(
                None, col.name, "error", "missing-column", missing_column_message(plan, col)))
    problems += check_settings(plan)
    return replace(plan, problems=tuple(problems))


def _with_chosen_formats(template: Template, options: MapOptions,
                         problems: list[Problem]) -> Template:
    """The template with formats the user chose (a Clockify profile's date format, say)."""
    columns = []
    for col in template.columns:
        key = col.format_setting
        chosen = options.settings.get(key) if key else None
        if key and chosen:
            try:
                chosen_format = date_format(chosen)
                if (chosen_format.has_date, chosen_format.has_time) != (
                        col.type != "time", col.type != "date"):
                    raise ValueError(f"{col.name} is a {col.type} column; write a {col.type}"
                                     f" format such as {FORMAT_EXAMPLES[col.type]}")
                col = replace(col, format=chosen)
            except ValueError as exc:
                problems.append(Problem(None, key, "error", "bad-setting",
                                        f"{key} {chosen!r}: {exc}; give another with"
                                        f" {options.how_to_set(key)}", chosen))
        columns.append(col)
    return replace(template, columns=tuple(columns))


def _read_for(used: set[str], columns: Iterable[str]) -> set[str]:
    """The fields to read as well, because a field the template uses has no column of its own."""
    have = set(columns)
    return {f for name, feeders in TAKEN_FROM.items() if name in used and name not in have
            for f in feeders}


def _used_fields(template: Template, options: MapOptions) -> set[str]:
    used: set[str] = set()
    for col in template.columns:
        used.update(col.source)
        used.update(PLACEHOLDER.findall(col.compose or ""))
        if col.derive:
            used.update(DERIVE_NEEDS[col.derive])
    if "billable" in used:
        used.add("non_billable")  # read as billable the other way
    for table in options.lookups.values():
        if used & set(table.fields):
            used.update(LOOKUP_TABLES[table.name])
    return used
