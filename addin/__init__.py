"""Import Mapper: turn time-entry exports into the exact CSV a billing system imports."""

__version__ = "0.1.0"
