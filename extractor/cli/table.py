"""What ``newsfacts extract`` prints on a terminal: each article's linked figure records as a table
a person can read (summary, source, where in the text), instead of one long JSON line.

    story-1 · Exports climb as demand returns · 2020-07-01 · Reuters
      FIGURE                  SOURCE                     WHERE
      7.4%, Feb 2020, +7.4%   the ministry (said)        99–111 …exports rose 7.4% in Febr…
      SGD 3.2 billion, +21%   Reuters (inherited)        280–287 …shipments of SGD 3.2 bil…

WHERE is the figure's character span in the article text and the text around it, as much as
the terminal's width allows.

JSON lines remain the output whenever standard output is a file or a pipe.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from extractor.errors import SinkError
from extractor.records import JSON, Article, Figure
from extractor.sinks.base import Sink, SinkSpec, WriteResult
from extractor.support.characters import terminal_safe

COLUMNS = ("FIGURE", "SOURCE", "WHERE")
MIN_WIDTH = 72  # narrower terminals wrap the rows
SUMMARY_WIDTH, SOURCE_WIDTH = 30, 24  # at most


def source_cell(figure: Figure) -> str:
    """Who says it: the source, with its cue, or "(inherited)" for the article's main source."""
    if figure.source is None:
        return "—"
    if figure.source.inherited:
        return f"{figure.source.text} (inherited)"
    return f"{figure.source.text} ({figure.source.cue})" if figure.source.cue else figure.source.text


def where_cell(figure: Figure, text: str, width: int) -> str:
    """The figure's span, then the text around it: as much as ``width`` holds, centred on it."""
    start, end = figure.span
    label = f"{start}–{end} "
    return label + snippet(text, start, end, width - len(label))


def snippet(text: str, start: int, end: int, width: int) -> str:
    """``text[start:end]`` with text on each side, on one line, about ``width`` characters long;
    "…" marks where the text goes on."""
    context = max(0, (width - (end - start)) // 2 - 1)
    left, right = max(0, start - context), min(len(text), end + context)
    middle = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + middle + ("…" if right < len(text) else "")


def fit(cell: str, width: int) -> str:
    """A cell cut to ``width`` characters (a cut ends in "…"), padded to it."""
    if len(cell) > width:
        cell = cell[: max(width - 1, 0)] + "…"
    return cell.ljust(width)


def article_lines(article: Article, width: int) -> list[str]:
    """An article's heading, then one table row per figure (or why there is none)."""
    meta = article.meta
    heading = " · ".join(part for part in (article.id, meta.title, meta.published, meta.outlet) if part)
    lines = [fit(heading, width).rstrip()]
    if article.errors and not article.text:
        return [*lines, "  failed: " + "; ".join(article.errors)]
    if not article.figures:
        return [*lines, "  no figures found"]
    summaries = [figure.summary or figure.text for figure in article.figures]
    sources = [source_cell(figure) for figure in article.figures]
    summary_width = min(max(len(cell) for cell in [COLUMNS[0], *summaries]), SUMMARY_WIDTH)
    source_width = min(max(len(cell) for cell in [COLUMNS[1], *sources]), SOURCE_WIDTH)
    where_width = max(width, MIN_WIDTH) - 2 - summary_width - 2 - source_width - 2
    wheres = [where_cell(figure, article.text, where_width) for figure in article.figures]
    for summary, source, where in [COLUMNS, *zip(summaries, sources, wheres, strict=True)]:
        cells = (fit(summary, summary_width), fit(source, source_width), fit(where, where_width))
        lines.append(("  " + "  ".join(cells)).rstrip())
    return lines


class TableSink(Sink):
    """Writes articles as tables to a terminal; nothing can be read back from it."""

    spec = SinkSpec("table", "", binary=False, holds_articles=False, transactional=False)

    def __init__(self, stream: IO[str], width: int) -> None:
        super().__init__("-")
        self._stream = stream
        self._width = width
        self._articles = 0

    def open(self) -> None:
        self.is_open = True

    def write(self, batch: Sequence[Article]) -> WriteResult:
        self._require_open()
        try:
            for article in batch:
                if self._articles:
                    self._stream.write("\n")
                # A page's control characters (escape sequences) must not reach the terminal.
                self._stream.write(terminal_safe("\n".join(article_lines(article, self._width))) + "\n")
                self._articles += 1
            self._stream.flush()
        except OSError as exc:  # a closed pipe, a terminal gone: exit code 3, one line
            raise SinkError(f"cannot write to standard output: {exc.strerror or exc}") from exc
        return WriteResult(written=len(batch))

    def close(self) -> None:
        self.is_open = False

    def existing_ids(self) -> set[str]:
        return set()

    def forget_failed(self) -> set[str]:
        return set()  # nothing is kept

    def read_articles(self) -> list[JSON]:
        raise SinkError("a table printed on a terminal cannot be read back")
