"""Candidate facts for a claim, from the database ``newsfacts extract -o`` wrote.

Two questions are asked of the database, both answered by its indexes (``sinks/search.py``):
the figures whose sentence shares the most words with the claim (full-text index, best
first), and among the figures with a value near one of the claim's, those that share any
word with it (value index, then the full-text index). Each candidate comes back with its
article's title, url, outlet and publication date and the dates written in its sentence.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from extractor.errors import CheckError
from extractor.sinks.search import POSTGRES_SEARCH_DOCUMENT, SQLITE_FTS_TABLE

# The figure and article columns a candidate carries, as named in the database.
CANDIDATE_COLUMNS = (
    "id", "article_id", "text", "value", "value_max", "kind", "unit", "bound",
    "change_value", "change_unit", "change_direction", "change_text",
    "period_text", "period_value", "source_text", "source_cue",
    "span_start", "span_end", "sentence_start", "sentence_end", "sentence_text", "summary",
)  # fmt: skip
ARTICLE_COLUMNS = ("url", "title", "published", "outlet")


@dataclass(frozen=True, slots=True)
class ValueRange:
    """Figures of one kind whose value lies in ``[low, high]``."""

    kind: str
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class CandidateQuery:
    """What the store is asked: the claim's content words and the value ranges of its figures."""

    words: tuple[str, ...]
    values: tuple[ValueRange, ...] = ()
    limit: int = 60  # full-text candidates, best first
    value_limit: int = 40  # candidates per value range


@dataclass(slots=True)
class Candidate:
    """One stored figure with its article and the dates of its sentence."""

    record: dict[str, Any]
    sentence_dates: list[str] = field(default_factory=list)
    article_dates: list[str] = field(default_factory=list)  # every date the article writes

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @property
    def article_id(self) -> str:
        return str(self.record["article_id"])


class FactStore(ABC):
    """A read-only view of a facts database for the checker; a context manager."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]: ...

    @property
    @abstractmethod
    def _placeholder(self) -> str: ...

    @abstractmethod
    def _search_ids(self, words: Sequence[str], limit: int, within: ValueRange | None) -> list[str]:
        """Figure ids whose search document holds any of ``words``, best first."""

    def candidates(self, query: CandidateQuery) -> list[Candidate]:
        """The figures worth comparing with a claim (each once, best full-text match first)."""
        if not query.words:
            return []
        ids = self._search_ids(query.words, query.limit, None)
        for value_range in query.values:
            ids += self._search_ids(query.words, query.value_limit, value_range)
        unique = list(dict.fromkeys(ids))
        return self._load(unique) if unique else []

    def _load(self, ids: list[str]) -> list[Candidate]:
        marks = ", ".join([self._placeholder] * len(ids))
        columns = [f"f.{name}" for name in CANDIDATE_COLUMNS] + [f"a.{name}" for name in ARTICLE_COLUMNS]
        rows = self._fetch(
            f"SELECT {', '.join(columns)} FROM figures f JOIN articles a ON a.id = f.article_id "
            f"WHERE f.id IN ({marks})",
            ids,
        )
        names = CANDIDATE_COLUMNS + ARTICLE_COLUMNS
        by_id = {row[0]: Candidate(dict(zip(names, row, strict=True))) for row in rows}
        self._attach_dates(list(by_id.values()))
        return [by_id[figure_id] for figure_id in ids if figure_id in by_id]

    def _attach_dates(self, candidates: list[Candidate]) -> None:
        article_ids = sorted({candidate.article_id for candidate in candidates})
        marks = ", ".join([self._placeholder] * len(article_ids))
        dates: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for article_id, start, value in self._fetch(
            f"SELECT article_id, span_start, value FROM dates WHERE article_id IN ({marks})", article_ids
        ):
            dates[article_id].append((start, value))
        for candidate in candidates:
            start, end = candidate.record["sentence_start"], candidate.record["sentence_end"]
            candidate.article_dates = [value for _, value in dates[candidate.article_id]]
            candidate.sentence_dates = [
                value for at, value in dates[candidate.article_id] if start <= at < end
            ]


class SqliteFactStore(FactStore):
    """A SQLite facts file, opened read-only."""

    def __init__(self, path: str) -> None:
        if not Path(path).is_file():
            raise CheckError(
                f"no facts database at {path!r}: write one with 'newsfacts extract ... -o FILE.db'"
            )
        try:
            self._connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
            tables = {row[0] for row in self._connection.execute("SELECT name FROM sqlite_master")}
        except sqlite3.Error as exc:
            raise CheckError(f"cannot read {path!r} as a SQLite database: {exc}") from exc
        missing = {"figures", "articles", "dates", SQLITE_FTS_TABLE} - tables
        if missing:
            self._connection.close()
            raise CheckError(
                f"{path!r} is not a newsfacts facts database with search indexes (missing "
                f"{', '.join(sorted(missing))}); open it once with this newsfacts' extract to add them"
            )

    def close(self) -> None:
        self._connection.close()

    @property
    def _placeholder(self) -> str:
        return "?"

    def _fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        try:
            return list(self._connection.execute(sql, tuple(params)).fetchall())
        except sqlite3.Error as exc:
            raise CheckError(f"cannot query the facts database: {exc}") from exc

    def _search_ids(self, words: Sequence[str], limit: int, within: ValueRange | None) -> list[str]:
        match = " OR ".join('"' + word.replace('"', "") + '"' for word in words)
        sql = (
            f"SELECT f.id FROM {SQLITE_FTS_TABLE} s JOIN figures f ON f.rowid = s.rowid "
            f"WHERE {SQLITE_FTS_TABLE} MATCH ?"
        )
        params: list[Any] = [match]
        if within is not None:
            sql += " AND f.kind = ? AND f.value BETWEEN ? AND ?"
            params += [within.kind, within.low, within.high]
        rows = self._fetch(f"{sql} ORDER BY s.rank LIMIT ?", [*params, limit])
        return [row[0] for row in rows]


class PostgresFactStore(FactStore):
    """A PostgreSQL facts database (psycopg 3), read in one read-only transaction per query."""

    def __init__(self, url: str) -> None:
        import psycopg  # only PostgreSQL users pay for the import

        self._errors: tuple[type[Exception], ...] = (psycopg.Error,)
        try:
            self._connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise CheckError(f"cannot connect to the facts database: {exc}") from exc

    def close(self) -> None:
        self._connection.close()

    @property
    def _placeholder(self) -> str:
        return "%s"

    def _fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        try:
            return self._connection.execute(sql.encode(), tuple(params)).fetchall()
        except self._errors as exc:
            raise CheckError(f"cannot query the facts database: {exc}") from exc

    def _search_ids(self, words: Sequence[str], limit: int, within: ValueRange | None) -> list[str]:
        query = " | ".join(word.replace("'", "") for word in words)
        sql = f"SELECT id FROM figures, to_tsquery('english', %s) q WHERE {POSTGRES_SEARCH_DOCUMENT} @@ q"
        params: list[Any] = [query]
        if within is not None:
            sql += " AND kind = %s AND value BETWEEN %s AND %s"
            params += [within.kind, within.low, within.high]
        sql += f" ORDER BY ts_rank({POSTGRES_SEARCH_DOCUMENT}, q) DESC LIMIT %s"
        return [row[0] for row in self._fetch(sql, [*params, limit])]


def open_store(target: str) -> FactStore:
    """The facts database at ``target``: a SQLite file or a ``postgresql://`` URL."""
    if target.startswith(("postgresql://", "postgres://")):
        return PostgresFactStore(target)
    return SqliteFactStore(target)
