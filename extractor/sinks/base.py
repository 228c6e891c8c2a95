"""The writer interface every output format implements, and the figure-record flattening.

A sink is opened, given batches of ``Article`` values, and closed (it is a context manager)::

    with open_sink("out.sqlite") as sink:
        result = sink.write(articles)      # one transaction per batch where the format has them

``forget_failed`` removes the articles that record a failure (``--resume`` retries them).

Writes are keyed by ``Article.id`` (and ``Figure.id`` for figure rows): writing an article the
output already holds changes nothing, so a run can be repeated or resumed. An article that cannot
be written (a lone surrogate in its text, a figure without an id ...) is reported in the
``WriteResult`` and the rest of the batch lands. Every other failure raises ``SinkError``.

"Records for databases" (CONTRACT.md) are one flat row per figure, with the article's id, url,
title, published date and outlet, and the sentence text beside it: ``figure_records`` makes
them, ``figure_from_record`` turns one back into the figure's contract JSON. A nested value
(``change_reference``) stays a JSON object in a record; CSV and the databases store it as JSON
text (``stored_value``). ``period_via`` and ``source_via`` say why linking chose the period
and source ("none" when there is none).
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, ClassVar, Self

from extractor.errors import DocumentError, SinkError
from extractor.records import JSON, Article
from extractor.support.characters import sanitized


@dataclass(frozen=True, slots=True)
class SinkSpec:
    """What a sink is: its format name, file extension, and what it can do."""

    name: str
    extension: str  # "" for a database URL or standard output
    binary: bool  # writes bytes (parquet, sqlite) rather than text
    holds_articles: bool  # whole articles can be read back (False: figure records only)
    transactional: bool  # a batch lands whole or not at all, even if the process dies


@dataclass(slots=True)
class WriteResult:
    """What one ``Sink.write`` did with its batch."""

    written: int = 0
    skipped: list[str] = field(default_factory=list)  # ids the output already held: not written again
    failures: list[DocumentError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a flat table: its name, value type and whether it may be null."""

    name: str
    type: str  # "str", "int", "float", "bool" or "json" (a JSON value; text in CSV and databases)
    nullable: bool = True


# The CONTRACT "Records for databases" row: one figure, flattened, with its article beside it.
ARTICLE_RECORD_COLUMNS = (
    Column("article_id", "str", nullable=False),
    Column("url", "str"),
    Column("title", "str"),
    Column("published", "str"),
    Column("outlet", "str"),
)
FIGURE_COLUMNS = (
    Column("span_start", "int", nullable=False),
    Column("span_end", "int", nullable=False),
    Column("text", "str", nullable=False),
    Column("value", "float"),
    Column("value_max", "float"),
    Column("kind", "str", nullable=False),
    Column("unit", "str"),
    Column("bound", "str", nullable=False),
    Column("change_value", "float"),
    Column("change_value_max", "float"),  # the other end of a range of change
    Column("change_unit", "str"),
    Column("change_direction", "str"),
    Column("change_text", "str"),
    Column("change_start", "int"),
    Column("change_end", "int"),
    Column("change_reference", "json"),  # a Timex
    Column("period_start", "int"),
    Column("period_end", "int"),
    Column("period_text", "str"),
    Column("period_type", "str"),
    Column("period_value", "str"),
    Column("period_mod", "str"),
    Column("period_via", "str"),  # why this period: clause, sentence, paragraph ... none
    Column("source_text", "str"),
    Column("source_start", "int"),
    Column("source_end", "int"),
    Column("source_cue", "str"),
    Column("source_inherited", "bool"),
    Column("source_via", "str"),  # why this source: sentence, quote, article, none
    Column("sentence_start", "int", nullable=False),
    Column("sentence_end", "int", nullable=False),
    Column("sentence_text", "str", nullable=False),
    Column("summary", "str", nullable=False),
)
RECORD_COLUMNS = (Column("id", "str", nullable=False), *ARTICLE_RECORD_COLUMNS, *FIGURE_COLUMNS)
RECORD_FIELDS = tuple(column.name for column in RECORD_COLUMNS)


class Sink(ABC):
    """Where articles go. Subclasses set ``spec`` and implement the five abstract methods."""

    spec: ClassVar[SinkSpec]

    def __init__(self, target: str, *, records: bool = False, append: bool = False) -> None:
        self.target = target
        self.records = records  # write figure records instead of articles (where it is a choice)
        self.append = append  # keep what the output holds (resume) instead of starting it anew
        self.is_open = False

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.target!r}, records={self.records}, append={self.append})"

    @abstractmethod
    def open(self) -> None:
        """Create or attach to the output; a file is emptied unless ``append``."""

    @abstractmethod
    def write(self, batch: Sequence[Article]) -> WriteResult:
        """Write a batch of articles (skipping ids the output holds); see ``WriteResult``."""

    @abstractmethod
    def close(self) -> None:
        """Finish the output (footers, commits, connections). Safe to call twice."""

    @abstractmethod
    def existing_ids(self) -> set[str]:
        """The article ids the output already holds (for ``--resume``)."""

    @abstractmethod
    def forget_failed(self) -> set[str]:
        """Remove the articles that carry errors (documents that failed) from the output, so that
        a resumed run tries them again; returns their ids."""

    @abstractmethod
    def read_articles(self) -> list[JSON]:
        """Every article the output holds, as CONTRACT JSON; ``SinkError`` for record-only sinks."""

    def read_records(self) -> list[JSON]:
        """Every figure record the output holds (see ``figure_records``)."""
        return [record for article in self.read_articles() for record in figure_records(article)]

    @property
    def keeps_existing(self) -> bool:
        """Whether what the output held before ``open`` is kept (so ``--resume`` can skip it)."""
        return self.append

    def _require_open(self) -> None:
        if not self.is_open:
            raise SinkError(f"{self!r} is not open: use it as a context manager or call open()")


# --- encoding checks shared by every sink ----------------------------------------------------


def checked_json(article: Article) -> JSON:
    """The article's CONTRACT JSON, or ``DocumentError`` when no output format can hold it.

    Control characters (NUL ...) and lone surrogates are replaced first, one character for one
    (``support.characters``), so that every sink stores the same text and the spans still hold.
    Catches what would otherwise fail half way through a write: infinite numbers, and figures
    without a unique id (the database key).
    """
    data: JSON = sanitized(article.to_json())
    try:
        json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (ValueError, UnicodeError) as exc:
        raise DocumentError(article.id, f"cannot be written: {exc}", stage="sink") from exc
    seen: set[str] = set()
    for figure in data["figures"]:
        figure_id = figure["id"]
        if not figure_id:
            raise DocumentError(
                article.id, f"cannot be written: figure {figure['span']} has no id", stage="sink"
            )
        if figure_id in seen:
            raise DocumentError(
                article.id, f"cannot be written: duplicate figure id {figure_id}", stage="sink"
            )
        seen.add(figure_id)
    return data


def dumps(data: Any) -> str:
    """Compact JSON text as every sink writes it (UTF-8, no ASCII escapes)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False)


def canonical_json(data: Any) -> str:
    """JSON text with sorted keys, for JSON inside a column: databases reorder keys (JSONB)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, sort_keys=True)


class BatchDeduplicator:
    """Remembers the article ids written (or found on open), so no id is written twice."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self.seen: set[str] = set(known)

    def select(self, batch: Sequence[Article], result: WriteResult) -> list[tuple[Article, JSON]]:
        """The articles of ``batch`` to write, with their checked JSON; counts skips and failures."""
        chosen: list[tuple[Article, JSON]] = []
        for article in batch:
            if article.id in self.seen:
                result.skipped.append(article.id)
                continue
            try:
                data = checked_json(article)
            except DocumentError as exc:
                result.failures.append(exc)
                continue
            self.seen.add(article.id)
            chosen.append((article, data))
        return chosen


# --- figure records ----------------------------------------------------------------------------


def figure_records(article: JSON) -> list[JSON]:
    """The article's figures as CONTRACT "Records for databases" rows (keys ``RECORD_FIELDS``)."""
    head = {
        "article_id": article["id"],
        "url": article.get("url"),
        "title": article.get("title"),
        "published": article.get("published"),
        "outlet": article.get("outlet"),
    }
    text = article.get("text") or ""
    return [{"id": figure["id"], **head, **flatten_figure(figure, text)} for figure in article["figures"]]


def flatten_figure(figure: JSON, text: str) -> JSON:
    """One figure's own columns (``FIGURE_COLUMNS``); ``text`` is its article's text."""
    change = figure.get("change") or {}
    period = figure.get("period") or {}
    source = figure.get("source") or {}
    reference = change.get("reference")
    sentence = figure["sentence"]
    return {
        "span_start": figure["span"][0],
        "span_end": figure["span"][1],
        "text": figure["text"],
        "value": figure.get("value"),
        "value_max": figure.get("value_max"),
        "kind": figure["kind"],
        "unit": figure.get("unit"),
        "bound": figure["bound"],
        "change_value": change.get("value"),
        "change_value_max": change.get("value_max"),
        "change_unit": change.get("unit"),
        "change_direction": change.get("direction"),
        "change_text": change.get("text"),
        **_span_columns("change", change.get("span")),
        "change_reference": reference,
        **_span_columns("period", period.get("span")),
        "period_text": period.get("text"),
        "period_type": period.get("type"),
        "period_value": period.get("value"),
        "period_mod": period.get("mod"),
        "period_via": period.get("via") if period else "none",
        "source_text": source.get("text"),
        **_span_columns("source", source.get("span")),
        "source_cue": source.get("cue"),
        "source_inherited": source.get("inherited"),
        "source_via": source.get("via") if source else "none",
        "sentence_start": sentence[0],
        "sentence_end": sentence[1],
        "sentence_text": text[sentence[0] : sentence[1]],
        "summary": figure.get("summary", ""),
    }


def _span_columns(prefix: str, span: Sequence[int] | None) -> JSON:
    start, end = (span[0], span[1]) if span else (None, None)
    return {f"{prefix}_start": start, f"{prefix}_end": end}


def figure_from_record(record: JSON) -> JSON:
    """The CONTRACT figure JSON a flat record (or ``figures`` table row) was made from."""
    return {
        "id": record["id"],
        "span": [record["span_start"], record["span_end"]],
        "text": record["text"],
        "value": record["value"],
        "value_max": record["value_max"],
        "kind": record["kind"],
        "unit": record["unit"],
        "bound": record["bound"],
        "change": _change_from_record(record),
        "period": _period_from_record(record),
        "source": _source_from_record(record),
        "sentence": [record["sentence_start"], record["sentence_end"]],
        "summary": record["summary"],
    }


def _change_from_record(record: JSON) -> JSON | None:
    if record["change_start"] is None:
        return None
    change: JSON = {
        "value": record["change_value"],
        "unit": record["change_unit"],
        "direction": record["change_direction"],
        "text": record["change_text"],
        "span": [record["change_start"], record["change_end"]],
        "reference": record["change_reference"],
    }
    if record.get("change_value_max") is not None:  # optional in the JSON: ranges of change only
        change["value_max"] = record["change_value_max"]
    return change


def _period_from_record(record: JSON) -> JSON | None:
    if record["period_value"] is None:
        return None
    start = record["period_start"]
    period: JSON = {
        "span": [start, record["period_end"]] if start is not None else None,
        "text": record["period_text"],
        "type": record["period_type"],
        "value": record["period_value"],
    }
    for key in ("mod", "via"):
        if record[f"period_{key}"]:
            period[key] = record[f"period_{key}"]
    return period


def _source_from_record(record: JSON) -> JSON | None:
    if record["source_text"] is None:
        return None
    start = record["source_start"]
    source: JSON = {
        "text": record["source_text"],
        "span": [start, record["source_end"]] if start is not None else None,
        "cue": record["source_cue"],
        "inherited": bool(record["source_inherited"]),
    }
    if record["source_via"]:
        source["via"] = record["source_via"]
    return source


def stored_value(column: Column, value: Any) -> Any:
    """A record value as a column of text holds it: a JSON value becomes its (canonical) text."""
    if column.type == "json" and value is not None:
        return canonical_json(value)
    return value


def typed_value(column: Column, raw: Any) -> Any:
    """A stored value back in its column's Python type (databases return ints for booleans, JSON
    as text ...)."""
    if raw is None:
        return None
    if column.type == "bool":
        return bool(raw)
    if column.type == "json" and isinstance(raw, str):
        return json.loads(raw)
    if column.type == "float" and isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        return int(raw)  # the CONTRACT writes whole numbers without ".0"
    return raw
