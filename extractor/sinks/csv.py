"""CSV output: one figure per row, the CONTRACT "Records for databases" flattening.

Columns are ``RECORD_FIELDS``; an empty cell is null; a JSON value (``change_reference``) is
written as its JSON text. An article without figures leaves no row,
so ``existing_ids`` (and ``--resume``) only know the articles that have figures; redoing the
others writes nothing, so resuming still writes every record exactly once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO

from extractor.errors import SinkError
from extractor.records import JSON
from extractor.sinks.base import (
    RECORD_COLUMNS,
    RECORD_FIELDS,
    Column,
    SinkSpec,
    stored_value,
    typed_value,
)
from extractor.sinks.files import FileSink, GroupedScan, Scan, lines_with_offsets

ARTICLE_ID_INDEX = RECORD_FIELDS.index("article_id")


class CsvSink(FileSink):
    """Figure records as CSV, with a header row."""

    spec = SinkSpec("csv", ".csv", binary=False, holds_articles=False, transactional=False)

    def __init__(self, target: str, *, records: bool = True, append: bool = False) -> None:
        super().__init__(target, records=True, append=append)  # CSV rows are always figure records

    def header(self) -> str:
        return _csv_text([list(RECORD_FIELDS)])

    def encode_items(self, items: Sequence[JSON]) -> str:
        rows = [[_cell(column, record[column.name]) for column in RECORD_COLUMNS] for record in items]
        self.items += len(rows)
        return _csv_text(rows)

    def scan(self, handle: BinaryIO) -> Scan:
        builder = GroupedScan(0, grouped=True)
        for end, row, complete in self._rows(handle):
            if not complete:
                return builder.torn()
            if row is None:  # the header
                builder = GroupedScan(end, grouped=True)
            else:
                builder.add(row[ARTICLE_ID_INDEX], end)
        return builder.scan

    def parse(self, handle: BinaryIO) -> Iterator[JSON]:
        for _end, row, complete in self._rows(handle):
            if not complete:
                return
            if row is not None:
                yield {
                    column.name: _value(column, cell)
                    for column, cell in zip(RECORD_COLUMNS, row, strict=True)
                }

    def _rows(self, handle: BinaryIO) -> Iterator[tuple[int, list[str] | None, bool]]:
        """(end offset, row or None for the header, whether the row is complete)."""
        position = [0]
        reader = csv.reader(_tracked_lines(handle, position))
        try:
            header = next(reader)
        except (StopIteration, csv.Error):
            raise SinkError(f"{self.target} is not a newsfacts CSV (no header)") from None
        if tuple(header) != RECORD_FIELDS:
            raise SinkError(f"{self.target} is not a newsfacts CSV: its columns differ")
        yield position[0], None, True
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:
                row = []
            if len(row) == len(RECORD_FIELDS) and position[1] == 1:
                yield position[0], row, True
                continue
            if not _at_end(reader):
                raise SinkError(f"{self.target}: a malformed row before byte {position[0]}")
            yield position[0], row, False  # torn by a crash: the file's last, unfinished row
            return


def _at_end(reader: Iterator[list[str]]) -> bool:
    try:
        next(reader)
    except (StopIteration, csv.Error):
        return True
    return False


def _tracked_lines(handle: BinaryIO, position: list[int]) -> Iterator[str]:
    """Decoded lines; ``position`` holds the byte offset read so far and whether it ended a line."""
    position.append(1)
    for end, line in lines_with_offsets(handle):
        position[0], position[1] = end, int(line.endswith(b"\n"))
        yield line.decode("utf-8", errors="replace")


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.type == "bool":
        return "true" if value else "false"
    return str(stored_value(column, value))


def _value(column: Column, cell: str) -> Any:
    if cell == "" and column.nullable:
        return None
    if column.type == "int":
        return int(cell)
    if column.type == "float":
        return typed_value(column, float(cell))
    if column.type == "bool":
        return cell == "true"
    return typed_value(column, cell)
