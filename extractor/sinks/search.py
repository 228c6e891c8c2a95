"""The search indexes ``newsfacts check`` queries, beside the tables of ``sql.py``.

* a full-text index over the figures' sentences (with their unit and source words): an FTS5
  table ``figures_fts`` in SQLite (external content: the text stays in ``figures``, triggers
  keep the index in step with every insert, update and delete), a GIN index over a
  ``to_tsvector('english', ...)`` expression in PostgreSQL;
* btree indexes on the number, the unit and the period, to find figures by value.

SQLite numbers the rows of ``figures`` itself: after a ``VACUUM`` rebuild the index with
``INSERT INTO figures_fts(figures_fts) VALUES('rebuild')``.
"""

from __future__ import annotations

# The figure columns the full-text index covers, in this order.
SEARCH_COLUMNS = ("sentence_text", "unit", "source_text")
SQLITE_FTS_TABLE = "figures_fts"

VALUE_INDEXES = (
    "CREATE INDEX IF NOT EXISTS figures_value ON figures (value)",
    "CREATE INDEX IF NOT EXISTS figures_unit_value ON figures (unit, value)",
    "CREATE INDEX IF NOT EXISTS figures_period_value ON figures (period_value)",
)


def _columns(prefix: str = "") -> str:
    return ", ".join(f"{prefix}{name}" for name in SEARCH_COLUMNS)


def sqlite_search_statements() -> list[str]:
    """The FTS5 table over figure sentences, the triggers that keep it current, the value indexes."""
    fts = SQLITE_FTS_TABLE
    insert_new = f"INSERT INTO {fts}(rowid, {_columns()}) VALUES (new.rowid, {_columns('new.')});"
    delete_old = (
        f"INSERT INTO {fts}({fts}, rowid, {_columns()}) VALUES ('delete', old.rowid, {_columns('old.')});"
    )
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({_columns()}, content=[figures], "
        "content_rowid=[rowid], tokenize='porter unicode61')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON figures BEGIN {insert_new} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON figures BEGIN {delete_old} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE ON figures "
        f"BEGIN {delete_old} {insert_new} END",
        *VALUE_INDEXES,
    ]


def sqlite_rebuild_statement() -> str:
    """Fills the FTS5 table from ``figures`` (for a database written before the index existed)."""
    return f"INSERT INTO {SQLITE_FTS_TABLE}({SQLITE_FTS_TABLE}) VALUES ('rebuild')"


# The PostgreSQL document of one figure; queries must spell the same expression to use the index.
POSTGRES_SEARCH_DOCUMENT = (
    "to_tsvector('english', " + " || ' ' || ".join(f"coalesce({name}, '')" for name in SEARCH_COLUMNS) + ")"
)


def postgres_search_statements() -> list[str]:
    """A GIN index over the figures' search document, and the value indexes."""
    return [
        f"CREATE INDEX IF NOT EXISTS figures_search ON figures USING GIN ({POSTGRES_SEARCH_DOCUMENT})",
        *VALUE_INDEXES,
    ]
