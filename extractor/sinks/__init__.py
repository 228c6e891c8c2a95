"""Output sinks: where articles go, chosen by format or by the target's name.

    with open_sink("out.sqlite") as sink:
        sink.write(articles)

=================  =========================================================================
target / format    what is written
=================  =========================================================================
``-``, ``.jsonl``  JSON lines: one article per line (``records=True``: one figure record)
``.json``          one JSON array, one element per line
``.csv``           one figure per row: the CONTRACT "Records for databases" columns
``.parquet``       a directory: ``articles/`` (nested lists) and ``figures/`` (flat) part files
``.db``/``.sqlite`` SQLite: tables articles, figures, dates, sources, schema_version
``postgresql://``  PostgreSQL, the same tables (JSONB for JSON columns)
=================  =========================================================================

Databases upsert by id (the newest write of an article wins); file outputs keep the first and
skip ids they already hold. ``append=True`` keeps what a file output holds (for ``--resume``);
otherwise a file output is started anew.
"""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from extractor.errors import UsageError

if TYPE_CHECKING:
    from extractor.sinks.base import (
        RECORD_COLUMNS,
        RECORD_FIELDS,
        Column,
        Sink,
        SinkSpec,
        WriteResult,
        figure_from_record,
        figure_records,
    )

# Format name -> (module, class). Imported when used: pyarrow and psycopg take a while to load.
SINKS: dict[str, tuple[str, str]] = {
    "jsonl": ("jsonl", "JsonlSink"),
    "json": ("jsonl", "JsonArraySink"),
    "csv": ("csv", "CsvSink"),
    "parquet": ("parquet", "ParquetSink"),
    "sqlite": ("sqlite", "SqliteSink"),
    "postgres": ("postgres", "PostgresSink"),
}
FORMATS = tuple(SINKS)
_CLASSES = {name: module for module, name in SINKS.values()}
# The writer interface, imported on first use like the sinks: the command line's start-up needs
# only the format names.
_BASE_NAMES = frozenset(
    {"RECORD_COLUMNS", "RECORD_FIELDS", "Column", "Sink", "SinkSpec", "WriteResult"}
    | {"figure_from_record", "figure_records"}
)
_ALIASES = {"ndjson": "jsonl", "postgresql": "postgres", "db": "sqlite", "sqlite3": "sqlite"}
_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".parquet": "parquet",
    ".db": "sqlite",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
}
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")  # s3://, file://, http:// ...
_STREAMABLE = frozenset({"jsonl", "json", "csv"})  # formats that can go to standard output

__all__ = [
    "FORMATS",
    "RECORD_COLUMNS",
    "RECORD_FIELDS",
    "SINKS",
    "Column",
    "CsvSink",
    "JsonArraySink",
    "JsonlSink",
    "ParquetSink",
    "PostgresSink",
    "Sink",
    "SinkSpec",
    "SqliteSink",
    "WriteResult",
    "figure_from_record",
    "figure_records",
    "open_sink",
    "sink_class",
    "sink_format",
]


def sink_class(format: str) -> type[Sink]:
    """The sink class of a format name (a key of ``SINKS``)."""
    module, name = SINKS[format]
    cls: type[Sink] = getattr(import_module(f"{__name__}.{module}"), name)
    return cls


def __getattr__(name: str) -> Any:
    if name in _CLASSES:
        return getattr(import_module(f"{__name__}.{_CLASSES[name]}"), name)
    if name in _BASE_NAMES:
        return getattr(import_module(f"{__name__}.base"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def sink_format(target: str, format: str | None = None) -> str:
    """The output format for ``target``: ``format`` if given, else from the target's name.

    Raises ``UsageError`` for an unknown format, a URL of another scheme than PostgreSQL's
    (``s3://`` would otherwise make a local ``s3:`` folder), or a format the target cannot take.
    """
    scheme = _URL_SCHEME.match(target)
    if scheme and not target.startswith(_POSTGRES_SCHEMES):
        raise UsageError(
            f"unsupported output URL scheme {scheme.group(1)!r}: give a file path, - (standard output) "
            f"or a {' / '.join(_POSTGRES_SCHEMES)} URL"
        )
    if format is not None:
        name = _ALIASES.get(format.lower(), format.lower())
        if name not in SINKS:
            raise UsageError(f"unknown output format {format!r} (expected one of {', '.join(FORMATS)})")
    elif target.startswith(_POSTGRES_SCHEMES):
        name = "postgres"
    else:
        name = _SUFFIXES.get(PurePath(target).suffix.lower(), "jsonl")
    if target == "-" and name not in _STREAMABLE:
        raise UsageError(f"{name} output cannot go to standard output: give -o FILE")
    if (name == "postgres") != target.startswith(_POSTGRES_SCHEMES):
        raise UsageError(f"{name} output needs {'a postgresql:// URL' if name == 'postgres' else 'a file'}")
    return name


def open_sink(target: str, format: str | None = None, *, records: bool = False, append: bool = False) -> Sink:
    """The sink for ``target``, opened (use it in a ``with`` block so that it is closed).

    ``records`` writes figure records instead of articles (JSON formats; CSV always does).
    ``append`` keeps what a file output already holds, for resuming a run. Raises
    ``UsageError`` for a bad format or target, ``SinkError`` when the output cannot be opened.
    """
    sink = sink_class(sink_format(target, format))(target, records=records, append=append)
    sink.open()
    return sink
