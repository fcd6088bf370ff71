"""The billing-rule review inside `map` and `check`: the codes asked for with --review, and
always those the target's own importer enforces (an e-billing portal: `bad-utbms` for LEDES)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from addin.cli.reading import plan_source, prepare_source, source_rows
from addin.core.errors import TemplateError
from addin.core.options import MapOptions
from addin.core.plan import Plan
from addin.core.portal_codes import CodeNotes
from addin.core.problems import Problem, Report
from addin.core.review import REVIEW_CODES, Review, read_entries
from addin.files.review_rules_file import load_rules, review_template, user_rules_path
from addin.files.source import OpenSource


def code_notes(args: argparse.Namespace, plan: Plan, target: str) -> CodeNotes | None:
    """For a target whose portal checks the codes (without --review): the notes that check
    them from the entries the conversion reads, when they can stand in for the review's."""
    if getattr(args, "review", False) or not CodeNotes.fits(plan):
        return None
    try:
        portal = target in load_rules(firm=False).portals or user_rules_path() is not None
    except TemplateError:  # told, as before, once the rows are through
        return None
    return CodeNotes(plan) if portal else None


def review_problems(args: argparse.Namespace, source: OpenSource, options: MapOptions,
                    target: str, notes: CodeNotes | None = None) -> list[Problem]:
    """For `map` and `check`: the review's problems of the codes asked for (all with --review,
    else those the target's portal enforces), from the file read once more; only the codes'
    from `notes`, when the conversion took them."""
    asked = getattr(args, "review", False)
    try:
        rules = load_rules()
    except TemplateError:
        # A mistake in the firm's rules fails only the runs that use them.
        if asked or target in load_rules(firm=False).portals:
            raise
        return []
    wanted: Sequence[str] = REVIEW_CODES if asked else rules.portals.get(target, ())
    if not wanted:
        return []
    if notes is not None and set(wanted) <= {"bad-utbms"}:
        return notes.problems(rules)
    plan = plan_source(review_template(), source, options)
    prepared = prepare_source(plan, source)
    _, entries = read_entries(prepared, source_rows(plan, source, None), Report())
    return [p for p in Review(plan, rules).problems(entries) if p.code in wanted]

