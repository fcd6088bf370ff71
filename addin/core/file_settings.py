"""Settings the file as a whole needs: those its first lines (the preamble) name, and the time
zone of a template that writes UTC; and the preamble lines themselves."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from addin.core.problems import Problem
from addin.core.template import PLACEHOLDER, Dialect, Template
from addin.core.timezones import zone

if TYPE_CHECKING:
    from addin.core.plan import Plan


def check_settings(plan: Plan) -> list[Problem]:
    """A problem for each such setting that is missing or cannot be used."""
    problems = []
    wanted = {ref for line in plan.template.dialect.preamble for ref in PLACEHOLDER.findall(line)}
    if any(c.utc for c in plan.template.columns) or plan.setting_value("timezone"):
        wanted.add("timezone")  # needed, or given: checked either way
    for key in sorted(wanted):
        value = plan.setting_value(key)
        if not value:
            spec = plan.template.settings.get(key)
            problems.append(Problem(
                None, key, "error", "bad-setting",
                f"{plan.template.target} needs {key}"
                f"{f' ({spec.description})' if spec and spec.description else ''}; give "
                f"{plan.options.how_to_set(key)}"))
        elif key == "timezone":
            try:
                zone(value)
            except ValueError as exc:
                problems.append(Problem(
                    None, key, "error", "bad-setting",
                    f"{exc}; give {plan.options.how_to_set(key, 'Europe/Berlin')}", value))
        elif why := unfit_for_preamble(value, plan.template.dialect):
            problems.append(Problem(
                None, key, "error", "bad-setting",
                f"{key} {value!r} {why}, and the file's first lines hold it as it is; give"
                f" another value with {plan.options.how_to_set(key)}", value))
    return problems


def unfit_for_preamble(value: str, dialect: Dialect) -> str | None:
    """Why a setting cannot stand in a preamble line (never quoted), or None."""
    if "\r" in value or "\n" in value:
        return "holds a line break"
    if dialect.delimiter in value:
        return f"holds the delimiter {dialect.delimiter!r}"
    try:
        value.encode(dialect.encoding)
    except UnicodeEncodeError as exc:
        return f"holds {value[exc.start:exc.end]!r}, which {dialect.encoding} cannot hold"
    return None


def preamble_lines(template: Template, settings: dict[str, str]) -> list[str]:
    """The template's fixed lines before the header, with the user's settings filled in.

    A value that cannot be written there is already a bad-setting error; it is left out, so a
    forced file is still well-formed."""
    def value(match: re.Match[str]) -> str:
        spec = template.settings.get(match.group(1))
        text = settings.get(match.group(1)) or (spec.default if spec and spec.default else "")
        return "" if unfit_for_preamble(text, template.dialect) else text
    return [PLACEHOLDER.sub(value, line) for line in template.dialect.preamble]
