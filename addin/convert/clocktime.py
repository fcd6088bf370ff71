"""A time of day shown with AM/PM: a clock reading, never time spent."""

from __future__ import annotations

import datetime as dt


class ClockTime(dt.time):
    """A spreadsheet time cell whose number format shows AM/PM (`9:30 AM`).

    It is a time wherever a time of day belongs (start, end); as a duration it is refused,
    because `2:30 PM` is when something happened, not how long it took.
    """

    def shown(self) -> str:
        hour = self.hour % 12 or 12
        return f"{hour}:{self.minute:02d} {'AM' if self.hour < 12 else 'PM'}"
