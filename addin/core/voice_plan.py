"""Planning with a column of voice lines: split as the user asked (the setting `split`), or
recognised from its values when nothing else gives the duration."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from addin.convert.text import normalize_header
from addin.core import fixes
from addin.core.errors import UsageError
from addin.core.line_split import DETECT_ROWS, LineSplit, detect, near_lines, parse_split
from addin.core.options import MapOptions
from addin.core.plan import Plan, plan_mapping
from addin.core.template import Template


def plan_lines(template: Template, header: Sequence[object], options: MapOptions,
               sample: Iterable[Sequence[object]], header_row: int = 1,
               delimiter: str | None = None) -> Plan:
    """The plan, reading a column of voice lines as virtual columns (`plan.split`) when asked
    or when `sample` (the first rows) shows one."""
    names = ["" if h is None else str(h) for h in header]
    given = options.settings.get("split")
    split: LineSplit | None
    explained: Plan | None = None
    if given:
        split = parse_split(given, names)
        try:
            explained = plan_mapping(template, names, options, header_row, delimiter)
        except UsageError:  # a --map of one of the split's parts: told with them, then
            explained = None
    else:
        plan = plan_mapping(template, names, options, header_row, delimiter)
        if "duration" in plan.fields:
            return plan
        read = plan.read_columns() | plan.choice.ignored
        unread = [i for i, n in enumerate(names) if n.strip() and i not in read]
        rows = [list(cells) for _, cells in zip(range(DETECT_ROWS), sample, strict=False)]
        split = detect(names, rows, unread)
        if split is None:
            return _with_split_hint(plan, near_lines(names, rows, unread))
        explained = plan
    for column, name in options.assign:
        if normalize_header(column) == normalize_header(split.column):
            how = fixes.split(split.asked()).render(options.channel)
            raise UsageError(f"the column {split.column!r} is split as voice lines ({how}) and"
                             f" also assigned to {name or 'nothing'}; keep one of the two")
    read_split = replace(options, assign=options.assign + split.assignment())
    planned = plan_mapping(template, split.header(names), read_split, header_row, delimiter)
    # The user's own options stay the plan's: planning again (the review) splits again. The
    # file's note counts its own columns and the user's assignments; the split has its own note.
    choice = planned.choice if explained is None else replace(
        planned.choice, explanation=explained.choice.explanation)
    return replace(planned, split=split, options=options, choice=choice)


def _with_split_hint(plan: Plan, near: tuple[LineSplit, int, int] | None) -> Plan:
    """The plan, its warning on a column of voice lines not all of which split saying how to
    split it: a hint, never a split the values do not all support."""
    if near is None:
        return plan
    split, fits, seen = near
    how = fixes.split(split.asked()).render(plan.options.channel)
    hint = (f"column {split.column!r} holds voice lines ({fits} of"
            f" {'its' if seen < DETECT_ROWS else 'its first'} {seen} values read as"
            f" {split.form()}), not all, so it is not split by itself; to split it, give {how}"
            " (a line that does not split is then an error on its row)")
    return replace(plan, problems=tuple(
        replace(p, message=hint) if p.code == "unclaimed-column" and p.column == split.column
        else p for p in plan.problems))
