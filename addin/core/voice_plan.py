"""Planning with a column of voice lines: split as the user asked (the setting `split`), or
recognised from its values when nothing else gives the duration."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from addin.core.line_split import LineSplit, detect, parse_split
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
    if given:
        split = parse_split(given, names)
    else:
        plan = plan_mapping(template, names, options, header_row, delimiter)
        if "duration" in plan.fields:
            return plan
        read = plan.read_columns() | plan.choice.ignored
        split = detect(names, sample, [i for i, n in enumerate(names)
                                       if n.strip() and i not in read])
        if split is None:
            return plan
    read_split = replace(options, assign=options.assign + split.assignment())
    plan = plan_mapping(template, split.header(names), read_split, header_row, delimiter)
    # The user's own options stay the plan's: planning again (the review) splits again.
    return replace(plan, split=split, options=options)
