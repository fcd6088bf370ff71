"""One output file, or with `--split-every N` numbered files of at most N rows each.

Each part is a whole file (the template's preamble and header, then its rows), so each imports
on its own; all parts are committed together or none is (they are written under temporary names).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from addin.core.errors import UsageError
from addin.core.template import Dialect
from addin.files.csv_writer import AtomicWriter


def part_path(path: Path, number: int) -> Path:
    """OUTPUT-1.csv, OUTPUT-2.csv, ... beside OUTPUT.csv."""
    return path.with_name(f"{path.stem}-{number}{path.suffix}")


class PartWriter:
    def __init__(self, path: Path, dialect: Dialect, header: Sequence[str],
                 preamble: Sequence[str], every: int | None = None,
                 overwrite: bool = False) -> None:
        self.path, self.dialect, self.header, self.preamble = path, dialect, header, preamble
        self.every, self.overwrite = every, overwrite
        self.writers: list[AtomicWriter] = []
        if every is None:
            try:
                self._open(path)
            except BaseException:  # Ctrl+C while writing the header: no temporary is left
                self.discard()
                raise

    def _open(self, path: Path) -> None:
        if self.every is not None and path.exists() and not self.overwrite:
            raise UsageError(f"{path} exists; choose another name or add --overwrite")
        writer = AtomicWriter(path, self.dialect)
        self.writers.append(writer)
        writer.write_preamble(self.header, self.preamble)

    def write(self, values: Sequence[str]) -> None:
        if self.every is not None and (not self.writers or self.writers[-1].rows >= self.every):
            self._open(part_path(self.path, len(self.writers) + 1))
        self.writers[-1].write(values)

    def parts(self) -> list[tuple[Path, int, int]]:
        """(path, data rows, bytes) of each file so far."""
        return [(w.path, w.rows, w.size()) for w in self.writers]

    def commit(self) -> None:
        if not self.writers:  # no rows at all: one file with the header
            self._open(part_path(self.path, 1) if self.every is not None else self.path)
        for writer in self.writers:
            writer.commit()

    def discard(self) -> None:
        for writer in self.writers:
            writer.discard()

    def __enter__(self) -> PartWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        for writer in self.writers:
            if not writer.committed:
                writer.discard()  # no partial file and no temporary is left, for any part
        if self.writers:
            self.writers[-1].__exit__(kind, exc, tb)  # an OSError becomes a clear message
