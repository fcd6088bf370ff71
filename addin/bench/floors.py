"""The floors the engine is measured against, each run as ``python -m addin.bench.floors``.

    copy IN.csv OUT.csv        csv.reader to csv.writer, the same file out: the physical limit
    read-xlsx READER IN.xlsx   every cell of the first sheet, read and dropped
"""

from __future__ import annotations

import csv
import sys
from collections import deque
from pathlib import Path


def copy_csv(source: Path, target: Path) -> None:
    with source.open(encoding="utf-8", newline="") as reading, \
            target.open("w", encoding="utf-8", newline="") as writing:
        csv.writer(writing).writerows(csv.reader(reading))


def read_xlsx(reader: str, path: Path) -> None:
    if reader == "calamine":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        deque(book.get_sheet_by_index(0).iter_rows(), maxlen=0)
    elif reader == "openpyxl":
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        deque(workbook.worksheets[0].iter_rows(values_only=True), maxlen=0)
        workbook.close()
    else:
        raise SystemExit(f"unknown reader {reader!r}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["copy"] and len(argv) == 3:
        copy_csv(Path(argv[1]), Path(argv[2]))
    elif argv[:1] == ["read-xlsx"] and len(argv) == 3:
        read_xlsx(argv[1], Path(argv[2]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
