"""PostgreSQL output (``postgresql://user@host:port/db``) with psycopg 3.

The relational layout of ``sql.py``, with JSONB for the JSON columns. Put the tables in a
schema of their own with the libpq ``options`` parameter:
``postgresql://host/db?options=-csearch_path%3Dnews``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from extractor.errors import SinkError
from extractor.sinks.base import SinkSpec
from extractor.sinks.search import postgres_search_statements
from extractor.sinks.sql import DatabaseSink, Dialect

POSTGRES = Dialect(
    types={"str": "TEXT", "int": "BIGINT", "float": "DOUBLE PRECISION", "bool": "BOOLEAN", "json": "JSONB"},
    placeholder="%s",
    json_cast="::jsonb",
    json_read="::text",
    create_view="CREATE OR REPLACE VIEW",
)
CONNECT_TIMEOUT_SECONDS = 10


class PostgresSink(DatabaseSink):
    """Articles, figures, dates and sources in PostgreSQL; upserts, one transaction a batch."""

    spec = SinkSpec("postgres", "", binary=True, holds_articles=True, transactional=True)
    dialect = POSTGRES
    driver_errors = (psycopg.Error,)
    # NUL characters in text, values out of range, constraint violations: this article's data.
    article_errors = (psycopg.DataError, psycopg.IntegrityError, OverflowError)

    def __init__(self, target: str, *, records: bool = False, append: bool = False) -> None:
        if not target.startswith(("postgresql://", "postgres://")):
            raise SinkError(f"not a PostgreSQL URL: {target!r} (expected postgresql://...)")
        super().__init__(target, records=records, append=append)
        self._connection: psycopg.Connection[tuple[Any, ...]] | None = None

    def __repr__(self) -> str:
        return f"PostgresSink({_without_password(self.target)!r})"

    @property
    def connection(self) -> psycopg.Connection[tuple[Any, ...]]:
        if self._connection is None:
            raise psycopg.InterfaceError("the database is not open")
        return self._connection

    def _connect(self) -> None:
        # Autocommit: every batch is an explicit transaction block, every article a savepoint.
        self._connection = psycopg.connect(
            self.target, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS
        )

    def _create_search_indexes(self) -> None:
        for statement in postgres_search_statements():
            self._execute(statement)

    def _disconnect(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(sql.encode(), params or None)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(sql.encode(), rows)

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql.encode(), params or None).fetchall()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self.connection.transaction():
            yield

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        with self.connection.transaction():  # nested: a savepoint
            yield


def _without_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"
