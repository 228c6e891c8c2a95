"""Input loading: every input kind, and a clear error for each kind of broken input."""

from __future__ import annotations

import gzip
import io
import json
import operator
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.errors import DocumentError, InputFormatError
from extractor.records import Document
from extractor.run.inputs import CountedDocuments, iter_documents, known_count

ROOT = Path(__file__).resolve().parent.parent


def _load(*items: str, stdin: str | None = None) -> list[Document | InputFormatError]:
    results = list(iter_documents(list(items), stdin=io.StringIO(stdin) if stdin is not None else None))
    assert all(isinstance(r, (Document, InputFormatError)) for r in results)
    return results  # type: ignore[return-value]


def test_text_file_is_kept_verbatim_with_its_name_as_id(tmp_path: Path) -> None:
    path = tmp_path / "story-1.txt"
    path.write_text("Line one.\n\nLine two, 12 cases.\n", encoding="utf-8")
    [doc] = _load(str(path))
    assert isinstance(doc, Document)
    assert doc.id == "story-1.txt"
    assert doc.text == "Line one.\n\nLine two, 12 cases.\n"
    assert doc.html is None


def test_html_and_gzipped_html(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<html><body><p>Hello</p></body></html>", encoding="utf-8")
    with gzip.open(tmp_path / "b.htm.gz", "wt", encoding="utf-8") as handle:
        handle.write("<html><body><p>Zipped</p></body></html>")
    docs = _load(str(tmp_path / "a.html"), str(tmp_path / "b.htm.gz"))
    assert [d.id for d in docs if isinstance(d, Document)] == ["a.html", "b.htm.gz"]
    assert all(isinstance(d, Document) and d.html and "<p>" in d.html for d in docs)


def test_html_in_a_legacy_charset_is_decoded(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир</p></body></html>'
    (tmp_path / "ru.html").write_bytes(page.encode("windows-1251"))
    [doc] = _load(str(tmp_path / "ru.html"))
    assert isinstance(doc, Document) and doc.html and "Привет, мир" in doc.html


def test_jsonl_documents_with_a_malformed_line_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "one", "text": "First.", "published": "2020-07-01"}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "three", "html": "<p>Third</p>", "url": "https://example.org/3"}),
        json.dumps({"id": "four"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = _load(str(path))
    assert isinstance(results[0], Document) and results[0].published == "2020-07-01"
    assert isinstance(results[1], InputFormatError)
    assert results[1].doc_id.endswith("docs.jsonl:2") and "malformed JSON" in results[1].reason
    assert isinstance(results[2], Document) and results[2].url == "https://example.org/3"
    assert isinstance(results[3], InputFormatError) and results[3].doc_id == "four"
    assert "text" in results[3].reason


def test_text_file_in_a_legacy_charset_is_decoded_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    text = "Le café a coûté 3 € de plus à Genève, a précisé l'éditeur du journal. " * 6
    path.write_bytes(text.encode("cp1252"))
    [doc] = _load(str(path))
    assert isinstance(doc, Document) and doc.id == "legacy.txt" and doc.text == text


def test_directory_is_walked_in_order_with_relative_ids(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("B", encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text("A", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    ids = [d.id for d in _load(str(tmp_path)) if isinstance(d, Document)]
    assert ids == ["b.txt", "sub/a.txt"]


def test_stdin_jsonl_and_missing_path() -> None:
    results = _load("-", "/no/such/file.txt", stdin='{"text": "Anonymous."}\n')
    assert isinstance(results[0], Document) and len(results[0].id) == 16
    assert isinstance(results[1], InputFormatError) and "no such file" in results[1].reason


def test_jsonl_lines_end_at_newline_only(tmp_path: Path) -> None:
    # U+2028, U+2029 and U+0085 are valid inside JSON strings; str.splitlines() would cut there.
    separators = ["\u2028", "\u2029", "\u0085"]
    lines = [
        json.dumps({"id": f"d{i}", "text": f"First part.{sep}Second part, 12 cases."}, ensure_ascii=False)
        for i, sep in enumerate(separators * 2)
    ]
    for name, opener in (("docs.jsonl", open), ("docs.jsonl.gz", gzip.open)):
        path = tmp_path / name
        with opener(path, "wt", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        docs = _load(str(path))
        assert [d.id for d in docs if isinstance(d, Document)] == [f"d{i}" for i in range(6)]
        assert all(isinstance(d, Document) and d.text and "Second part" in d.text for d in docs)


def test_a_jsonl_line_that_is_not_utf8_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "caf\xe9"}\n{"id": "c", "text": "ok"}\n'
    )
    results = _load(str(path))
    assert [r.id for r in results if isinstance(r, Document)] == ["a", "c"]
    [error] = [r for r in results if isinstance(r, InputFormatError)]
    assert "mixed.jsonl:2" in str(error) and "UTF-8" in str(error)


def test_known_count_without_reading_the_inputs(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.html", "sub/c.htm.gz"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    assert known_count([str(tmp_path), "https://news.example/1", str(tmp_path / "missing.txt")]) == 5
    (tmp_path / "more.jsonl").write_text("{}\n", encoding="utf-8")
    assert known_count([str(tmp_path)]) is None  # a JSONL file may hold any number
    assert known_count(["-"]) is None
    counted = CountedDocuments(iter_documents([str(tmp_path / "a.txt")]), 1)
    assert operator.length_hint(counted) == 1 and [d.id for d in counted] == ["a.txt"]  # type: ignore[union-attr]


def test_files_are_named_by_their_path_under_the_input_root(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / "site" / folder).mkdir(parents=True)
        (tmp_path / "site" / folder / "index.html").write_text(f"<p>{folder}</p>", encoding="utf-8")
    (tmp_path / "site" / "story.txt").write_text("A text.", encoding="utf-8")
    (tmp_path / "site" / "story.html").write_text("<p>A page.</p>", encoding="utf-8")
    ids = [d.id for d in _load(str(tmp_path / "site")) if isinstance(d, Document)]
    assert ids == ["a/index.html", "b/index.html", "story.html", "story.txt"]


def test_a_binary_file_is_refused_whatever_its_name(tmp_path: Path) -> None:
    (tmp_path / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    [error] = _load(str(tmp_path / "photo.html"))
    assert isinstance(error, InputFormatError) and "binary data, not text" in error.reason


def test_a_jsonl_line_over_the_size_limit_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("extractor.run.inputs.MAX_DOCUMENT_BYTES", 100)
    path = tmp_path / "docs.jsonl"
    lines = [{"id": "a", "text": "short"}, {"id": "huge", "text": "x" * 500}, {"id": "c", "text": "short"}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    results = _load(str(path))
    assert [r.id for r in results if isinstance(r, Document)] == ["a", "c"]
    [error] = [r for r in results if isinstance(r, InputFormatError)]
    assert error.doc_id.endswith("docs.jsonl:2") and "longer than the 100-byte limit" in error.reason


def test_a_url_input_is_reported_by_its_url() -> None:
    [error] = list(iter_documents(["https://news.example/story"]))  # no fetcher given
    assert isinstance(error, DocumentError) and error.url == "https://news.example/story"
    assert str(error) == "https://news.example/story: URL inputs need a fetcher"


_LIST_AS_UNPRIVILEGED = """
import json, sys
from extractor.run.inputs import iter_documents
print(json.dumps([[type(r).__name__, getattr(r, "id", None) or r.doc_id, getattr(r, "reason", None)]
                  for r in iter_documents([sys.argv[1]])]))
"""


def test_a_directory_that_cannot_be_read_is_reported(tmp_path: Path) -> None:
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.txt").write_text("Readable.", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("Hidden.", encoding="utf-8")
    locked.chmod(0)
    try:
        found = _run_unprivileged([sys.executable, "-c", _LIST_AS_UNPRIVILEGED, str(tmp_path)])
    finally:
        locked.chmod(0o755)
    assert found[0] == ["InputFormatError", str(locked), "cannot read directory: Permission denied"]
    assert found[1] == ["Document", "open/a.txt", None]


def _run_unprivileged(argv: list[str]) -> list[list[str | None]]:
    """Run ``argv`` without the power to read what its permissions forbid (root has it: drop it)."""
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        drop = "-dac_override,-dac_read_search"
        argv = [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}", *argv]
    done = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=ROOT, timeout=60)
    result: list[list[str | None]] = json.loads(done.stdout)
    return result
