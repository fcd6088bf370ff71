"""Pure value conversions: numbers, durations, dates and times, yes/no, and text checks.

Each parser takes one cell value and returns an exact value (``Decimal`` for numbers and
durations) or raises ``addin.core.problems.ConversionError`` with a stable code and a message that
says what to do. Nothing here guesses or rounds silently.
"""
