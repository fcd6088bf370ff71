"""Loading a target template: a TOML file read and checked into a Template.

A template is data, never code. Loading checks every key and reports a mistake with the file,
the column and the key, so a bookkeeper editing a template is told exactly what to fix.
The format is documented in templates/README.md.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from addin.core.canonical import FIELDS
from addin.core.errors import TemplateError
from addin.core.template import (
    ENCODINGS,
    FORMULA_POLICIES,
    ID_PATTERN,
    LINE_ENDINGS,
    PLACEHOLDER,
    QUOTING,
    Dialect,
    Setting,
    Template,
)
from addin.core.template_columns import parse_column
from addin.core.template_toml import bool_value, required_table, text_value, unknown_keys

TEMPLATE_KEYS = {"template", "dialect", "settings", "columns"}
HEADER_KEYS = {"id", "name", "target", "version", "description", "formula_policy", "docs",
               "unique", "invoice_by", "sources", "unverified", "max_rows", "max_bytes"}
DIALECT_KEYS = {"delimiter", "encoding", "bom", "line_ending", "quoting", "header", "preamble",
                "line_suffix", "replace", "transliterate"}
SETTING_KEYS = {"description", "default", "example"}


def load_template(path: Path) -> Template:
    """Read and check one template file; raise TemplateError naming file, column and key."""
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(where, f"cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise TemplateError(where, "is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(where, f"is not valid TOML: {exc}") from None
    return parse_template(data, where)


def parse_template(data: dict[str, Any], where: str) -> Template:
    unknown_keys(data, TEMPLATE_KEYS, where, None, "")
    head = required_table(data, "template", where, None)
    unknown_keys(head, HEADER_KEYS, where, None, "template.")
    template_id = text_value(head, "id", where, None, required=True, prefix="template.")
    if not ID_PATTERN.match(template_id):
        raise TemplateError(where, "must be lower-case letters, digits, '.', '_' or '-'",
                            key="template.id")
    settings = _parse_settings(data.get("settings", {}), where)
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, list) or not raw_columns:
        raise TemplateError(where, "needs at least one [[columns]] entry", key="columns")
    columns = tuple(parse_column(raw, i, where, settings) for i, raw in enumerate(raw_columns))
    names = [c.name for c in columns]
    for name in names:
        if names.count(name) > 1:
            raise TemplateError(where, "appears twice; column names must be unique", column=name,
                                key="name")
    policy = text_value(head, "formula_policy", where, None, prefix="template.") or "flag"
    if policy not in FORMULA_POLICIES:
        raise TemplateError(where, f"must be one of {', '.join(FORMULA_POLICIES)}",
                            key="template.formula_policy")
    dialect = _parse_dialect(data.get("dialect", {}), where)
    if dialect.header:
        for name in names:
            _check_header_name(name, dialect, where)
    for line in dialect.preamble:
        for ref in PLACEHOLDER.findall(line):
            if ref not in settings:
                raise TemplateError(where, f"names {{{ref}}}, which has no [settings.{ref}]"
                                    " table", key="dialect.preamble")
    invoice_by = head.get("invoice_by", [])
    if not isinstance(invoice_by, list) or any(
            not isinstance(f, str) or f not in FIELDS for f in invoice_by):
        raise TemplateError(where, "must be a list of canonical fields", key="template.invoice_by")
    unique = head.get("unique", [])
    if not isinstance(unique, list) or any(u not in names for u in unique):
        raise TemplateError(where, "must be a list of this template's column names",
                            key="template.unique")
    for col in columns:
        if col.needs is not None and (col.needs not in names or col.needs == col.name):
            raise TemplateError(where, f"names {col.needs!r}, which is not another column of"
                                " this template", column=col.name, key="needs")
    sources = head.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) and s for s in sources):
        raise TemplateError(where, "must be a list of links or repository paths",
                            key="template.sources")
    limits = {key: head.get(key) for key in ("max_rows", "max_bytes")}
    for key, limit in limits.items():
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)
                                  or limit < 1):
            raise TemplateError(where, "must be a whole number, 1 or more", key=f"template.{key}")
    return Template(
        id=template_id,
        name=text_value(head, "name", where, None, required=True, prefix="template."),
        target=text_value(head, "target", where, None, required=True, prefix="template."),
        version=str(head.get("version", "1")),
        path=where,
        dialect=dialect,
        columns=columns,
        settings=settings,
        description=text_value(head, "description", where, None, prefix="template.") or "",
        formula_policy=policy,
        docs=text_value(head, "docs", where, None, prefix="template."),
        unique=tuple(unique),
        invoice_by=tuple(invoice_by),
        sources=tuple(sources),
        unverified=text_value(head, "unverified", where, None, prefix="template."),
        max_rows=limits["max_rows"],
        max_bytes=limits["max_bytes"],
    )


def _check_header_name(name: str, dialect: Dialect, where: str) -> None:
    """A column name the header row can hold as the dialect writes it."""
    breaking = [c for c in (dialect.delimiter, "\r", "\n") if c in name]
    if dialect.quoting == "none" and breaking:
        what = "a line break" if breaking[0] in "\r\n" else f"the delimiter {breaking[0]!r}"
        raise TemplateError(where, f"holds {what}, and with quoting = \"none\" the header row"
                            " cannot hold it; rename the column or quote the file", column=name,
                            key="name")
    try:
        name.encode(dialect.encoding)
    except UnicodeEncodeError as exc:
        raise TemplateError(where, f"holds {name[exc.start:exc.end]!r}, which {dialect.encoding}"
                            " cannot hold; rename the column or choose another encoding",
                            column=name, key="name") from None


def _parse_dialect(raw: Any, where: str) -> Dialect:
    if not isinstance(raw, dict):
        raise TemplateError(where, "must be a table", key="dialect")
    unknown_keys(raw, DIALECT_KEYS, where, None, "dialect.")
    delimiter = raw.get("delimiter", ",")
    if delimiter == "\\t":
        delimiter = "\t"
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in "\"\r\n":
        raise TemplateError(where, "must be one character other than a quote or line break",
                            key="dialect.delimiter")
    encoding = raw.get("encoding", "utf-8")
    if encoding not in ENCODINGS:
        raise TemplateError(where, f"must be one of {', '.join(ENCODINGS)}",
                            key="dialect.encoding")
    line_ending = raw.get("line_ending", "crlf")
    if not isinstance(line_ending, str) or line_ending not in LINE_ENDINGS:
        raise TemplateError(where, "must be 'crlf', 'lf' or 'cr'", key="dialect.line_ending")
    quoting = raw.get("quoting", "minimal")
    if quoting not in QUOTING:
        raise TemplateError(where, f"must be one of {', '.join(QUOTING)}", key="dialect.quoting")
    preamble = raw.get("preamble", [])
    if not isinstance(preamble, list) or not all(isinstance(x, str) for x in preamble):
        raise TemplateError(where, "must be a list of strings", key="dialect.preamble")
    replace = raw.get("replace", {})
    if not isinstance(replace, dict) or not all(
            isinstance(k, str) and k and isinstance(v, str) for k, v in replace.items()):
        raise TemplateError(where, "must be a table of \"text\" = \"stand-in\" strings",
                            key="dialect.replace")
    bom = bool_value(raw, "bom", False, where, "dialect.")
    if bom and encoding != "utf-8":
        raise TemplateError(where, f"a byte order mark is written only in UTF-8, and the"
                            f" encoding is {encoding}; set bom = false, or encoding = \"utf-8\"",
                            key="dialect.bom")
    return Dialect(
        delimiter=delimiter,
        encoding=encoding,
        bom=bom,
        line_ending=LINE_ENDINGS[line_ending],
        quoting=quoting,
        header=bool_value(raw, "header", True, where, "dialect."),
        preamble=tuple(preamble),
        line_suffix=str(raw.get("line_suffix", "")),
        replace=tuple(replace.items()),
        transliterate=bool_value(raw, "transliterate", False, where, "dialect."),
    )


def _parse_settings(raw: Any, where: str) -> dict[str, Setting]:
    if not isinstance(raw, dict):
        raise TemplateError(where, "must be a table of [settings.KEY] tables", key="settings")
    settings: dict[str, Setting] = {}
    for key, spec in raw.items():
        if not isinstance(spec, dict):
            raise TemplateError(where, "must be a table", key=f"settings.{key}")
        unknown_keys(spec, SETTING_KEYS, where, None, f"settings.{key}.")
        default = spec.get("default")
        settings[key] = Setting(
            key=key,
            description=str(spec.get("description", "")),
            default=None if default is None else str(default),
            example=None if spec.get("example") is None else str(spec["example"]),
        )
    return settings
