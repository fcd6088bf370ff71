"""The kimai-timesheet mapping as a hand-written dataframe script, to set beside `importmap map`.

    python -m addin.bench.dataframe polars|pandas IN.csv PEOPLE.csv OUT.csv

What a user would write for the bench's sample: Date day-first to ISO, hours to whole seconds,
From/To stacked per person and day from 09:00 in file order, the user name from the people
table, columns renamed to Kimai's. It checks nothing (no unreadable value, blank required cell,
day past midnight or row limit is noticed) and uses binary floats for the hours; neither library
is a dependency of the project: the benchmark runs this only where one is installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

DAY_START = 9 * 3600
LIBRARIES = ("polars", "pandas")
RENAMED = {"Email": "Email", "Client": "Customer", "Matter": "Project",
           "Activity Code": "Activity", "Description": "Description"}
COLUMNS = ["Date", "From", "To", "Duration", "User", *RENAMED.values()]


def with_polars(source: Path, people: Path, target: Path) -> None:
    import polars as pl

    users = pl.read_csv(people, infer_schema=False).select(
        pl.col("timekeeper").alias("Timekeeper"), pl.col("user_name").alias("User"))
    seconds = (pl.col("Duration (hours)").cast(pl.Float64) * 3600).round(0).cast(pl.Int64)
    end = seconds.cum_sum().over("Timekeeper", "Date") + DAY_START

    def clock(column: pl.Expr) -> pl.Expr:
        return pl.from_epoch(column, time_unit="s").dt.strftime("%H:%M:%S")

    frame = pl.read_csv(source, infer_schema=False).join(users, on="Timekeeper", how="left",
                                                         maintain_order="left")
    frame.select(
        pl.col("Date").str.strptime(pl.Date, "%d/%m/%Y").dt.strftime("%Y-%m-%d"),
        clock(end - seconds).alias("From"), clock(end).alias("To"), seconds.alias("Duration"),
        pl.col("User"), *(pl.col(old).alias(new) for old, new in RENAMED.items()),
    ).write_csv(target)


def with_pandas(source: Path, people: Path, target: Path) -> None:
    import pandas as pd

    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    table = pd.read_csv(people, dtype=str, keep_default_na=False)
    seconds = (frame["Duration (hours)"].astype(float) * 3600).round().astype("int64")
    end = seconds.groupby([frame["Timekeeper"], frame["Date"]], sort=False).cumsum() + DAY_START

    def clock(column: pd.Series) -> pd.Series:
        return pd.to_datetime(column, unit="s").dt.strftime("%H:%M:%S")

    out = frame.rename(columns=RENAMED)
    out["Date"] = pd.to_datetime(frame["Date"], format="%d/%m/%Y").dt.strftime("%Y-%m-%d")
    out["From"], out["To"], out["Duration"] = clock(end - seconds), clock(end), seconds
    out["User"] = frame["Timekeeper"].map(dict(zip(table["timekeeper"], table["user_name"],
                                                   strict=True)))
    out[COLUMNS].to_csv(target, index=False)


def main(argv: list[str]) -> None:
    if len(argv) != 4 or argv[0] not in LIBRARIES:
        raise SystemExit(__doc__)
    library, source, people, target = argv[0], *map(Path, argv[1:])
    (with_polars if library == "polars" else with_pandas)(source, people, target)


if __name__ == "__main__":
    main(sys.argv[1:])
