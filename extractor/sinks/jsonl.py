"""JSON outputs: one article (or figure record) per line, or one JSON array of them.

The array is written one element per line, ``[`` and ``]`` on lines of their own, so that a run
that died can be resumed like JSON lines: the torn last element is cut off, then writing goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from extractor.errors import SinkError
from extractor.records import JSON
from extractor.sinks.base import SinkSpec, dumps
from extractor.sinks.files import FileSink, GroupedScan, Scan, lines_with_offsets


class JsonlSink(FileSink):
    """JSON lines (CONTRACT default output); ``records`` writes figure records instead."""

    spec = SinkSpec("jsonl", ".jsonl", binary=False, holds_articles=True, transactional=False)

    def encode_items(self, items: Sequence[JSON]) -> str:
        self.items += len(items)
        return "".join(dumps(item) + "\n" for item in items)

    def scan(self, handle: BinaryIO) -> Scan:
        builder = GroupedScan(0, grouped=self.records)
        for offset, line in lines_with_offsets(handle):
            if not line.endswith(b"\n"):
                return builder.torn()  # cut off on reopening
            if line.strip():
                builder.add(_article_id(_loads(line, self.target, offset)), offset)
            else:
                builder.scan.valid_length = offset
        return builder.scan

    def parse(self, handle: BinaryIO) -> Iterator[JSON]:
        for offset, line in lines_with_offsets(handle):
            if line.endswith(b"\n") and line.strip():
                yield _loads(line, self.target, offset)


class JsonArraySink(FileSink):
    """One JSON array of articles (or figure records), one element per line."""

    spec = SinkSpec("json", ".json", binary=False, holds_articles=True, transactional=False)

    def header(self) -> str:
        return "[\n"

    def footer(self) -> str:
        return "\n]\n" if self.items else "]\n"

    def encode_items(self, items: Sequence[JSON]) -> str:
        parts: list[str] = []
        for item in items:
            parts.append(("" if self.items == 0 else ",\n") + dumps(item))
            self.items += 1
        return "".join(parts)

    def scan(self, handle: BinaryIO) -> Scan:
        builder = GroupedScan(0, grouped=self.records)
        for end, item in self._elements(handle):
            if item is _TORN:
                return builder.torn()
            if item is _HEADER:
                builder = GroupedScan(end, grouped=self.records)
            else:
                builder.add(_article_id(item), end)
        if builder.scan.valid_length == 0:
            raise SinkError(f"{self.target} is not a JSON array written by newsfacts")
        return builder.scan

    def parse(self, handle: BinaryIO) -> Iterator[JSON]:
        for _end, item in self._elements(handle):
            if item is not _HEADER and item is not _TORN:
                yield item

    def _elements(self, handle: BinaryIO) -> Iterator[tuple[int, JSON]]:
        """(end of its intact part, element) for the ``[`` line, each element, a torn tail.

        An element line is ``<json>,\n`` or ``<json>\n``: its intact part ends with the JSON.
        The last element has no newline while the file is open, and none when torn by a crash.
        """
        start = 0
        for end, line in lines_with_offsets(handle):
            body = line.rstrip(b"\n").rstrip(b",")
            if start == 0:
                if body.strip() != b"[":
                    raise SinkError(f"{self.target} is not a JSON array written by newsfacts")
                yield end, _HEADER
            elif body.strip() == b"]":
                return
            elif line.endswith(b"\n"):
                yield start + len(body), _loads(body, self.target, end)
            else:
                element = _complete_element(body)
                yield start + len(body), _TORN if element is None else element
                return
            start = end


# Markers _elements yields besides elements (compared by identity).
_HEADER: JSON = {}
_TORN: JSON = {}


def _complete_element(body: bytes) -> JSON | None:
    try:
        item = json.loads(body)
    except ValueError:
        return None
    return item if isinstance(item, dict) else None


def _article_id(item: JSON) -> str:
    return str(item["article_id"] if "article_id" in item else item["id"])


def _loads(line: bytes, target: str, offset: int) -> JSON:
    try:
        item = json.loads(line)
    except ValueError as exc:
        raise SinkError(f"{target}: not newsfacts JSON near byte {offset}: {exc}") from exc
    if not isinstance(item, dict) or ("id" not in item and "article_id" not in item):
        raise SinkError(f"{target}: near byte {offset}: an item without an id")
    return item
