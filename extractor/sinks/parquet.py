"""Parquet output: a directory of two tables, for pandas, DuckDB, Spark and friends.

``OUT.parquet/`` holds::

    articles/part-00000.parquet ...   one row per article; figures, dates and sources as nested lists
    figures/part-00000.parquet ...    one row per figure: the CONTRACT "Records for databases" columns

Each folder reads as one table: ``pyarrow.parquet.read_table("OUT.parquet/figures")``, or
``SELECT * FROM 'OUT.parquet/figures/*.parquet'`` in DuckDB. Articles are buffered and written
as numbered parts of ``rows_per_part`` articles (and the rest on close). A part is written to a
temporary name and renamed (figures first, then articles), so a killed run leaves only whole
parts; reopening with ``append`` drops any figures part whose articles part is missing.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extractor.errors import SinkError
from extractor.records import JSON, Article
from extractor.sinks.base import (
    RECORD_COLUMNS,
    BatchDeduplicator,
    Column,
    Sink,
    SinkSpec,
    WriteResult,
    dumps,
    figure_records,
    stored_value,
    typed_value,
)

_INTS = pa.list_(pa.int64())
TIMEX = pa.struct(
    [
        ("span", _INTS),
        ("text", pa.string()),
        ("type", pa.string()),
        ("value", pa.string()),
        ("mod", pa.string()),
        ("assumed", pa.string()),
        ("via", pa.string()),  # a figure's period only
    ]
)
CHANGE = pa.struct(
    [
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("direction", pa.string()),
        ("text", pa.string()),
        ("span", _INTS),
        ("reference", TIMEX),
        ("value_max", pa.float64()),  # optional: ranges of change only
    ]
)
FIGURE_SOURCE = pa.struct(
    [
        ("text", pa.string()),
        ("span", _INTS),
        ("cue", pa.string()),
        ("inherited", pa.bool_()),
        ("via", pa.string()),
    ]
)
FIGURE = pa.struct(
    [
        ("id", pa.string()),
        ("span", _INTS),
        ("text", pa.string()),
        ("value", pa.float64()),
        ("value_max", pa.float64()),
        ("kind", pa.string()),
        ("unit", pa.string()),
        ("bound", pa.string()),
        ("change", CHANGE),
        ("period", TIMEX),
        ("source", FIGURE_SOURCE),
        ("sentence", _INTS),
        ("summary", pa.string()),
    ]
)
MENTION = pa.struct([("span", _INTS), ("text", pa.string()), ("parts", pa.list_(_INTS))])
ATTRIBUTION = pa.struct(
    [("source", MENTION), ("cue", MENTION), ("content", MENTION), ("resolved", pa.string())]
)
ARTICLES_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        ("schema_version", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("authors", pa.list_(pa.string())),
        ("outlet", pa.string()),
        ("language", pa.string()),
        ("published", pa.string()),
        ("text", pa.string()),
        ("figures", pa.list_(FIGURE)),
        ("dates", pa.list_(TIMEX)),
        ("sources", pa.list_(ATTRIBUTION)),
        ("errors", pa.list_(pa.string())),
        ("extra", pa.string()),  # the optional CONTRACT fields (provenance, title_source ...), as JSON
    ]
)
_ARROW_TYPES = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "json": pa.string(),
}
FIGURES_SCHEMA = pa.schema(
    [pa.field(column.name, _ARROW_TYPES[column.type], nullable=column.nullable) for column in RECORD_COLUMNS]
)
CORE_FIELDS = frozenset(ARTICLES_SCHEMA.names) - {"extra"}
# Keys the CONTRACT JSON leaves out when empty; Arrow gives them back as null.
_OPTIONAL_KEYS = frozenset({"mod", "assumed", "via", "parts", "resolved"})
_PART = re.compile(r"^part-(\d{5})\.parquet$")


class ParquetSink(Sink):
    """Articles (nested) and figure records (flat) as two Parquet tables in one directory."""

    spec = SinkSpec("parquet", ".parquet", binary=True, holds_articles=True, transactional=True)

    def __init__(
        self, target: str, *, records: bool = False, append: bool = False, rows_per_part: int = 1000
    ) -> None:
        super().__init__(target, records=records, append=append)
        self.root = Path(target)
        self.rows_per_part = rows_per_part
        self._buffer: list[JSON] = []
        self._dedup = BatchDeduplicator()
        self._next_part = 0

    def open(self) -> None:
        if self.is_open:
            return
        if self.root.exists() and not self.root.is_dir():
            raise SinkError(f"{self.root} exists and is not a Parquet directory")
        try:
            for table in ("articles", "figures"):
                (self.root / table).mkdir(parents=True, exist_ok=True)
            self._tidy(keep_parts=self.append)
        except OSError as exc:
            raise SinkError(f"cannot write {self.root}: {exc.strerror or exc}") from exc
        self._dedup = BatchDeduplicator(self._read_ids() if self.append else ())
        numbers = self._part_numbers("articles")
        self._next_part = max(numbers) + 1 if numbers else 0
        self.is_open = True

    def write(self, batch: Sequence[Article]) -> WriteResult:
        self._require_open()
        result = WriteResult()
        chosen = self._dedup.select(batch, result)
        self._buffer.extend(data for _article, data in chosen)
        result.written = len(chosen)
        if len(self._buffer) >= self.rows_per_part:
            self._flush()
        return result

    def close(self) -> None:
        if not self.is_open:
            return
        self.is_open = False
        self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        articles, self._buffer = self._buffer, []
        name = f"part-{self._next_part:05d}.parquet"
        try:
            records = [_stored_record(record) for data in articles for record in figure_records(data)]
            figures = pa.Table.from_pylist(records, schema=FIGURES_SCHEMA)
            rows = pa.Table.from_pylist([_article_row(data) for data in articles], schema=ARTICLES_SCHEMA)
            self._write_atomically(figures, self.root / "figures" / name)
            self._write_atomically(rows, self.root / "articles" / name)
        except (OSError, pa.ArrowException) as exc:
            raise SinkError(f"cannot write {self.root / name}: {exc}") from exc
        self._next_part += 1

    @staticmethod
    def _write_atomically(table: pa.Table, path: Path) -> None:
        temporary = path.with_name(f".{path.name}.tmp")
        pq.write_table(table, temporary)
        os.replace(temporary, path)

    def _tidy(self, *, keep_parts: bool) -> None:
        """Remove temporary files, figures parts left without their articles part, or every part."""
        articles = set(self._part_numbers("articles")) if keep_parts else set()
        for table in ("articles", "figures"):
            for path in (self.root / table).iterdir():
                match = _PART.match(path.name)
                orphan = match is not None and not (table == "articles" or int(match[1]) in articles)
                if path.name.endswith(".tmp") or orphan or (match is not None and not keep_parts):
                    path.unlink()

    def forget_failed(self) -> set[str]:
        """Rewrite the articles parts that hold failed articles without them (a failed article
        has no figures, so the figures parts stay)."""
        self._require_open()
        self._flush()
        failed: set[str] = set()
        for number in self._part_numbers("articles"):
            path = self.root / "articles" / f"part-{number:05d}.parquet"
            try:
                table = pq.read_table(path)
                keep = [not errors for errors in table.column("errors").to_pylist()]
                if all(keep):
                    continue
                dropped = table.filter(pa.array([not k for k in keep])).column("id").to_pylist()
                self._write_atomically(table.filter(pa.array(keep)), path)
            except (OSError, pa.ArrowException) as exc:
                raise SinkError(f"cannot rewrite {path}: {exc}") from exc
            failed.update(str(doc_id) for doc_id in dropped)
        self._dedup.seen -= failed
        return failed

    def _part_numbers(self, table: str) -> list[int]:
        folder = self.root / table
        if not folder.is_dir():
            return []
        return sorted(int(m[1]) for m in (_PART.match(p.name) for p in folder.iterdir()) if m)

    def _read_table(self, table: str, columns: list[str] | None = None) -> pa.Table | None:
        self._flush()  # what was written is read back, even while the sink is open
        parts = [self.root / table / f"part-{n:05d}.parquet" for n in self._part_numbers(table)]
        if not parts:
            return None
        try:
            # Parts written by an older schema lack the newer fields: they read back as null.
            tables = [pq.read_table(part, columns=columns) for part in parts]
            return pa.concat_tables(tables, promote_options="default")
        except (OSError, pa.ArrowException) as exc:
            raise SinkError(f"cannot read {self.root / table}: {exc}") from exc

    def _read_ids(self) -> set[str]:
        table = self._read_table("articles", columns=["id"])
        return set() if table is None else {str(value) for value in table.column("id").to_pylist()}

    def existing_ids(self) -> set[str]:
        return set(self._dedup.seen) if self.is_open else self._read_ids()

    def read_articles(self) -> list[JSON]:
        table = self._read_table("articles")
        return [] if table is None else [_article_json(row) for row in table.to_pylist()]

    def read_records(self) -> list[JSON]:
        table = self._read_table("figures")
        if table is None:
            return []
        return [_record_json(row) for row in table.to_pylist()]


def _article_row(data: JSON) -> JSON:
    row = {key: value for key, value in data.items() if key in CORE_FIELDS}
    extra = {key: value for key, value in data.items() if key not in CORE_FIELDS}
    row["extra"] = dumps(extra) if extra else None
    return row


def _article_json(row: JSON) -> JSON:
    extra = row.pop("extra")
    data: JSON = _prune(row)
    data.update(json.loads(extra) if extra else {})
    for figure in data["figures"]:
        change = figure.get("change") or {}
        if change.get("value_max", 0) is None:
            del change["value_max"]  # optional in a change, unlike a figure's own value_max
        numbers = ((figure, "value"), (figure, "value_max"), (change, "value"), (change, "value_max"))
        for holder, key in numbers:
            if key in holder:
                holder[key] = typed_value(Column(key, "float"), holder[key])
    return data


def _prune(value: Any) -> Any:
    """Arrow rows back to CONTRACT JSON: drop the optional keys that came back null."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if not (k in _OPTIONAL_KEYS and v is None)}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def _stored_record(record: JSON) -> JSON:
    return {column.name: stored_value(column, record[column.name]) for column in RECORD_COLUMNS}


def _record_json(row: JSON) -> JSON:
    return {column.name: typed_value(column, row[column.name]) for column in RECORD_COLUMNS}
