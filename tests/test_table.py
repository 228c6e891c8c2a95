"""``newsfacts extract`` on a terminal prints a table of the linked records; into a pipe, JSONL."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from extractor.cli.table import article_lines, snippet
from extractor.records import Article, Figure, FigureSource, PageMetadata

TEXT = "The port handled 41 ships in May, the port office said. Traffic fell 8% on the year."
STORY = "Exports rose 5% in the second quarter of 2020, the ministry said on Tuesday.\n"
NEWSFACTS = str(Path(sys.executable).parent / "newsfacts")


def _figure(value: str, summary: str, source: FigureSource | None) -> Figure:
    start = TEXT.index(value)
    return Figure(
        (start, start + len(value)), value, 0.0, None, "count", None, "=", (0, len(TEXT)), summary=summary,
        source=source,
    )  # fmt: skip


def test_each_figure_is_a_row_with_summary_source_and_where() -> None:
    said = FigureSource("the port office", (34, 49), "said", inherited=False)
    figures = [
        _figure("41 ships", "41 ships, May", said),
        _figure("8%", "8%, −8%", FigureSource("Port Weekly", None, None, inherited=True)),
    ]
    meta = PageMetadata(title="Busy month at the port", published="2021-06-02")
    article = Article(id="port", text=TEXT, meta=meta, figures=figures)
    lines = article_lines(article, 100)
    assert lines[0] == "port · Busy month at the port · 2021-06-02"
    assert lines[1].split() == ["FIGURE", "SOURCE", "WHERE"]
    assert lines[2].startswith("  41 ships, May") and "the port office (said)" in lines[2]
    assert "17–25 " in lines[2] and "handled 41 ships in May" in lines[2]
    assert "Port Weekly (inherited)" in lines[3]
    assert all(len(line) <= 100 for line in lines)


def test_narrow_terminal_cuts_cells_with_an_ellipsis() -> None:
    figure = _figure("41 ships", "41 ships in the port of the city, May 2021", None)
    lines = article_lines(Article(id="port", text=TEXT, figures=[figure]), 72)
    assert all(len(line) <= 72 for line in lines)
    assert "…" in lines[2] and "—" in lines[2]  # the summary is cut; no source


def test_articles_without_figures_or_with_an_error_say_so() -> None:
    assert article_lines(Article(id="a", text="Nothing to count."), 80)[1] == "  no figures found"
    failed = Article(id="b", text="", errors=["clean: the page has no text"])
    assert article_lines(failed, 80)[1] == "  failed: clean: the page has no text"


def test_snippet_is_centred_on_the_span() -> None:
    start = TEXT.index("8%")
    assert snippet(TEXT, start, start + 2, 12) == "…ell 8% on…"  # 4 characters a side, "…" beside


def _run_on_a_terminal(*argv: str) -> str:
    """The CLI's standard output when it is a terminal (a pseudo-terminal, 100 columns)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100"}
    with subprocess.Popen([NEWSFACTS, *argv], stdout=follower, stderr=subprocess.PIPE, env=env) as child:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            chunks.append(chunk)
        child.wait()
    os.close(leader)
    assert child.returncode == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_terminal_gets_a_table_and_a_pipe_gets_jsonl(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    shown = _run_on_a_terminal("extract", str(story), "--published", "2020-07-01")
    lines = shown.splitlines()
    assert lines[0].startswith("story.txt · ") and lines[1].split() == ["FIGURE", "SOURCE", "WHERE"]
    assert lines[2].split()[0] == "5%," and "the ministry (said)" in lines[2]
    piped = subprocess.run(
        [NEWSFACTS, "extract", str(story), "--published", "2020-07-01"], capture_output=True, text=True
    )
    article = json.loads(piped.stdout)
    assert article["id"] == "story.txt" and article["figures"][0]["summary"] in lines[2]
