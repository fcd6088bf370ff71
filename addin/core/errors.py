"""Errors that stop a run before any row is mapped: a bad template, unreadable input, bad usage.

Each carries a message that names the file (and column and key where there is one) and says what
to do. The command line prints it and exits 2; the Excel shell shows it in an alert.
"""

from __future__ import annotations


class ImportMapperError(Exception):
    """An expected failure with a message meant for the user."""


class TemplateError(ImportMapperError):
    def __init__(self, path: str, message: str, column: str | None = None, key: str | None = None):
        where = path
        if column is not None:
            where += f", column {column!r}"
        if key is not None:
            where += f", key {key!r}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.column = column
        self.key = key


class InputError(ImportMapperError):
    """The input file cannot be read as a table."""


class OutputError(ImportMapperError):
    """The output file cannot be written (folder missing or read-only, file locked, disk full)."""


class UsageError(ImportMapperError):
    """The user asked for something that cannot be done (unknown template, output = input...)."""
