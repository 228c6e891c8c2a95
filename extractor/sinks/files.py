"""What the text-file sinks (JSONL, JSON, CSV) share: whole-batch writes and a torn-tail repair.

Each batch is encoded first and written with one ``os.write`` loop on an unbuffered descriptor,
so a killed process leaves at most one torn record at the end of the file. Reopening with
``append`` (``--resume``) scans the file, cuts that torn tail off (for CSV: the whole article
it belonged to) and continues after the last complete article. The file is read as a stream,
so resuming a large output does not load it into memory.
"""

from __future__ import annotations

import os
import sys
from abc import abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from extractor.errors import SinkError
from extractor.records import JSON, Article
from extractor.sinks.base import BatchDeduplicator, Sink, WriteResult, figure_records

REWRITE_BATCH = 256  # items re-encoded at a time when failed articles are removed


@dataclass(slots=True)
class Scan:
    """What a file holds: the length of its intact part, article ids and the items in it."""

    valid_length: int
    ids: set[str] = field(default_factory=set)
    items: int = 0


class GroupedScan:
    """Builds a ``Scan`` item by item; a torn file loses its last article group too.

    In a figure-record file an article is several items in a row, and a crash may have cut
    its last ones: when the file is ``torn`` and ``grouped``, the last article is dropped whole
    (it will be redone) rather than kept with figures missing.
    """

    def __init__(self, start: int, *, grouped: bool) -> None:
        self.scan = Scan(valid_length=start)
        self.grouped = grouped
        self._group_id: str | None = None
        self._group_start = start
        self._group_items = 0

    def add(self, article_id: str, end: int) -> None:
        if article_id != self._group_id:
            self._group_id, self._group_start, self._group_items = article_id, self.scan.valid_length, 0
            self.scan.ids.add(article_id)
        self._group_items += 1
        self.scan.items += 1
        self.scan.valid_length = end

    def torn(self) -> Scan:
        if self.grouped and self._group_id is not None:
            self.scan.ids.discard(self._group_id)
            self.scan.items -= self._group_items
            self.scan.valid_length = self._group_start
        return self.scan


class FileSink(Sink):
    """A sink writing one text file (``target``), or standard output when ``target`` is ``-``."""

    def __init__(self, target: str, *, records: bool = False, append: bool = False) -> None:
        super().__init__(target, records=records, append=append)
        self._fd: int | None = None
        self._stream: TextIO | None = None
        self._dedup = BatchDeduplicator()
        self.items = 0  # items (lines, array elements, rows) in the output so far

    @property
    def path(self) -> Path | None:
        return None if self.target == "-" else Path(self.target)

    # --- what each format defines ---

    @abstractmethod
    def encode_items(self, items: Sequence[JSON]) -> str:
        """The text of a batch of items (articles or figure records); advances ``self.items``."""

    def encode(self, chosen: Sequence[tuple[Article, JSON]]) -> str:
        """The text of a batch of checked articles."""
        if self.records:
            return self.encode_items([record for _article, data in chosen for record in figure_records(data)])
        return self.encode_items([data for _article, data in chosen])

    @abstractmethod
    def scan(self, handle: BinaryIO) -> Scan:
        """Read an existing output: its intact length, ids and item count; ``SinkError`` if foreign."""

    def header(self) -> str:
        return ""

    def footer(self) -> str:
        return ""

    # --- the lifecycle ---

    def open(self) -> None:
        if self.is_open:
            return
        if self.path is None:
            if sys.stdout is None:  # the process was started with its standard output closed
                raise SinkError("cannot write to standard output: it is closed")
            self._stream = sys.stdout
            self._emit(self.header())
        else:
            self._open_file(self.path)
        self.is_open = True

    def _open_file(self, path: Path) -> None:
        try:
            if self.append and path.exists() and path.stat().st_size > 0:
                with path.open("rb") as handle:
                    scan = self.scan(handle)
                self._fd = os.open(path, os.O_WRONLY | os.O_APPEND)
                os.ftruncate(self._fd, scan.valid_length)
                self._dedup = BatchDeduplicator(scan.ids)
                self.items = scan.items
            else:
                self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                self._emit(self.header())
        except OSError as exc:
            raise SinkError(f"cannot write {path}: {exc.strerror or exc}") from exc

    def write(self, batch: Sequence[Article]) -> WriteResult:
        self._require_open()
        result = WriteResult()
        chosen = self._dedup.select(batch, result)
        if chosen:
            self._emit(self.encode(chosen))
        result.written = len(chosen)
        return result

    def close(self) -> None:
        if not self.is_open:
            return
        self.is_open = False
        try:
            self._emit(self.footer())
        finally:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def _emit(self, text: str) -> None:
        if not text:
            return
        try:
            if self._stream is not None:
                self._stream.write(text)
                self._stream.flush()
            elif self._fd is not None:
                _write_all(self._fd, text.encode("utf-8"))
        except OSError as exc:
            where = "to standard output" if self.path is None else self.target
            raise SinkError(f"cannot write {where}: {exc.strerror or exc}") from exc

    def forget_failed(self) -> set[str]:
        """Rewrite the file without the articles that carry errors; their ids. (Figure records
        and CSV rows never hold a failed document: nothing to remove.)"""
        self._require_open()
        path = self.path
        if path is None or self.records:
            return set()
        failed = {str(item["id"]) for item in self.read_items() if item.get("errors")}
        if failed:
            self._rewrite_without(path, failed)
            self._dedup.seen -= failed
        return failed

    def _rewrite_without(self, path: Path, dropped: set[str]) -> None:
        """The kept items go to a new file that replaces the old one (a crash leaves the old)."""
        temporary = path.with_name(f".{path.name}.rewrite")
        try:
            old = self.read_items()  # streamed from the old file, which stays open while it is read
            if self._fd is not None:
                os.close(self._fd)
            self._fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            self.items = 0
            self._emit(self.header())
            batch: list[JSON] = []
            for item in old:
                if str(item["id"]) not in dropped:
                    batch.append(item)
                if len(batch) >= REWRITE_BATCH:
                    self._emit(self.encode_items(batch))
                    batch = []
            self._emit(self.encode_items(batch))
            os.replace(temporary, path)
        except OSError as exc:
            raise SinkError(f"cannot rewrite {path}: {exc.strerror or exc}") from exc

    # --- reading back ---

    def existing_ids(self) -> set[str]:
        if self.is_open:
            return set(self._dedup.seen)
        path = self.path
        if path is None or not path.exists():
            return set()
        try:
            with path.open("rb") as handle:
                return self.scan(handle).ids
        except OSError as exc:
            raise SinkError(f"cannot read {path}: {exc.strerror or exc}") from exc

    def read_items(self) -> Iterator[JSON]:
        """Every complete item of the file, as written (articles or figure records)."""
        path = self.path
        if path is None:
            raise SinkError("standard output cannot be read back")
        try:
            with path.open("rb") as handle:
                yield from self.parse(handle)
        except OSError as exc:
            raise SinkError(f"cannot read {path}: {exc.strerror or exc}") from exc

    @abstractmethod
    def parse(self, handle: BinaryIO) -> Iterator[JSON]:
        """The complete items of an output file."""

    def read_articles(self) -> list[JSON]:
        if self.records:
            raise SinkError(f"{self.target} holds figure records, not articles")
        return list(self.read_items())

    def read_records(self) -> list[JSON]:
        if self.records:
            return list(self.read_items())
        return super().read_records()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def lines_with_offsets(handle: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Each line of a binary file (with its ``\\n``) and the offset just after it."""
    offset = 0
    for line in handle:
        offset += len(line)
        yield offset, line
