"""The benchmark command (``python -m addin.bench``): seeded data, timed runs, one table."""
