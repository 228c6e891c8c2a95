"""Extracted articles to review: newsfacts JSONL/JSON output files or facts databases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from extractor.errors import InputFormatError, UsageError
from extractor.records import JSON

DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def read_extracted(source: str) -> Iterator[JSON]:
    """The articles ``newsfacts extract`` wrote to ``source``: a ``.jsonl``/``.json`` file of
    articles, a SQLite file or a ``postgresql://`` URL."""
    if source.startswith(("postgresql://", "postgres://")) or source.endswith(DATABASE_SUFFIXES):
        yield from _from_database(source)
        return
    path = Path(source)
    if not path.is_file():
        raise UsageError(f"no such file: {source}")
    if path.suffix == ".json":
        items = json.loads(path.read_text(encoding="utf-8"))
        yield from (_article(item, source, number) for number, item in enumerate(items, 1))
        return
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield _article(_json(line, source, number), source, number)


def _json(line: str, source: str, number: int) -> object:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputFormatError(f"{source}:{number}", f"not JSON: {exc.msg}") from exc


def _article(item: object, source: str, number: int) -> JSON:
    if not isinstance(item, dict) or "text" not in item or "figures" not in item:
        raise InputFormatError(
            f"{source}:{number}",
            "not an extracted article (run 'newsfacts extract' first; records lack the text)",
        )
    return item


def _from_database(target: str) -> Iterator[JSON]:
    from extractor.sinks import open_sink  # the database drivers: only when a database is read

    if not target.startswith("postgres") and not Path(target).is_file():
        raise UsageError(f"no such database: {target}")
    with open_sink(target, append=True) as sink:
        yield from sink.read_articles()
