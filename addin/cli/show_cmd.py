"""`importmap show TEMPLATE`: what a template writes, from where, and the values it asks for."""

from __future__ import annotations

import argparse

from addin.cli.notices import print_warning
from addin.convert.render import ENUM_LISTED
from addin.core.canonical import LOOKUP_ALIASES, LOOKUP_TABLES
from addin.core.column_sources import template_text
from addin.core.template import Column, Template
from addin.core.units import SOURCE_SETTINGS, UNIT_SETTINGS
from addin.files.registry import find_template

QUOTING = {"minimal": "as needed (RFC 4180)", "all": "every field", "none": "never",
           "nonnumeric": "every non-numeric field"}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("show", help="describe one template",
                                 description="Show a template's columns, which are required,"
                                 " their formats and sources, its CSV dialect and its settings.")
    parser.add_argument("template", metavar="TEMPLATE", help="template id or path to a .toml file")
    parser.set_defaults(run=run)


def describe(template: Template) -> list[str]:
    d = template.dialect
    lines = [f"{template.id}: {template.name}", f"  target:   {template.target}",
             f"  version:  {template.version}", f"  file:     {template.path}"]
    if template.description:
        lines.append(f"  about:    {template.description}")
    endings = {"\r\n": "CRLF", "\n": "LF", "\r": "CR"}
    lines += [
        "",
        "CSV dialect:",
        f"  delimiter {d.delimiter!r}, encoding {d.encoding}{' with BOM' if d.bom else ''},"
        f" line ending {endings[d.line_ending]}, quoting {QUOTING[d.quoting]},"
        f" header row {'on' if d.header else 'off'}",
    ]
    if d.preamble:
        lines.append(f"  lines before the header: {' | '.join(d.preamble)}")
    if template.unique:
        lines.append(f"  rows with the same {', '.join(template.unique)} are written once")
    limits = [f"{n:,} {what}" for n, what in ((template.max_rows, "rows"),
                                                (template.max_bytes, "bytes")) if n]
    if limits:
        lines.append(f"  at most {' and '.join(limits)} a file")
    if template.sources or template.unverified:
        lines += ["", "Sources:", *(f"  {source}" for source in template.sources)]
        if template.unverified:
            lines.append(f"Unverified: {template.unverified}")
    lines += ["", "Columns:"]
    width = max(len(c.name) for c in template.columns)
    for col in template.columns:
        flag = "required" if col.required else "optional"
        notes = []
        if col.needs:
            notes.append(f"only with {col.needs}")
        if col.clears_when_empty:
            notes.append("left out when empty on every row")
        extra = f" ({'; '.join(notes)})" if notes else ""
        lines.append(f"  {col.name.ljust(width)}  {flag:8}  {_kind(col):24}  {template_text(col)}"
                     f"{extra}")
    lines += ["", "Settings (--set KEY=VALUE):"]
    for key, spec in (template.settings | SOURCE_SETTINGS).items():
        extra = f" (default {spec.default})" if spec.default is not None else (
            f" (e.g. {spec.example})" if spec.example else "")
        units = f"; {UNIT_SETTINGS[key]}" if key in UNIT_SETTINGS else ""
        lines.append(f"  {key}: {spec.description}{extra}{units}")
    tables = []
    for table, keys in LOOKUP_TABLES.items():
        fills = [f"{c.name} ({s})" for c in template.columns for s in c.source
                 if s in LOOKUP_ALIASES[table] and s not in keys]
        if fills:
            tables.append(f"  {table} (columns {', '.join(keys)} and the fields): for"
                          f" {', '.join(fills)}")
    if tables:
        lines += ["", "Lookup tables (--lookup TABLE=FILE.csv) fill what the source lacks:",
                  *tables]
    return lines


def _kind(col: Column) -> str:
    if col.type in ("date", "time", "datetime"):
        return f"{col.type} {col.format}"
    if col.type == "duration":
        text = f"duration in {col.unit}"
        if col.decimals is not None:
            text += f", {col.decimals} dec." if col.decimals else ", integer"
        if col.increment:
            text += f", {col.rounding} to {col.increment}"
        return text
    if col.type == "boolean":
        return f"boolean {col.true_text}/{col.false_text}"
    if col.type == "enum":
        if len(col.values) > ENUM_LISTED:
            return f"one of {len(col.values)} codes"
        return "one of " + "/".join(col.values)
    if col.max_length:
        return f"{col.type}, max {col.max_length}"
    return col.type


def run(args: argparse.Namespace) -> int:
    print("\n".join(describe(find_template(args.template, warn=print_warning))))
    return 0
