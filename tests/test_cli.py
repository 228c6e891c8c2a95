"""The command line: help everywhere, output formats, exit codes and error reporting."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import build_parser, main

STORY = "Exports rose 5% in the second quarter of 2020, the ministry said on Tuesday.\n"


def _subcommands() -> list[str]:
    parser = build_parser()
    actions = [a for a in parser._subparsers._group_actions]  # type: ignore[union-attr]
    return sorted(actions[0].choices)  # type: ignore[attr-defined]


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert "extract" in _subcommands()
    for command in [[], *([name] for name in _subcommands())]:
        with pytest.raises(SystemExit) as exit_info:
            main([*command, "--help"])
        assert exit_info.value.code == 0
        assert "usage: newsfacts" in capsys.readouterr().out


def test_no_command_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err


def test_unknown_option_is_bad_usage() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "--no-such-option", "x.txt"])
    assert exit_info.value.code == 2


def test_unknown_model_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    assert main(["extract", str(story), "--model", "xx_no_such_pipeline"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("newsfacts: error: spaCy pipeline 'xx_no_such_pipeline' is not installed")
    assert "\n" not in err


def test_batch_with_broken_documents_writes_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps({"id": "good", "text": STORY, "published": "2020-07-01"})
        + "\n{not json\n"
        + json.dumps({"id": "empty", "text": "   "})
        + "\n"
        + json.dumps({"id": "good2", "text": "About 2,400 people arrived in 2010."})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(docs), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "newsfacts: empty: " in err and "docs.jsonl:2: malformed JSON" in err
    articles = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ids = [a["id"] for a in articles]
    assert ids[0] == "good" and ids[1].endswith("docs.jsonl:2") and ids[2:] == ["empty", "good2"]
    by_id = {a["id"]: a for a in articles}
    assert by_id["good"]["errors"] == [] and by_id["good"]["figures"]
    assert by_id["empty"]["errors"] and by_id["empty"]["text"] == ""
    assert by_id["good"]["schema_version"] == "1" and by_id["good"]["published"] == "2020-07-01"


def test_json_array_output_and_published_option(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["extract", str(story), "-o", str(out), "--published", "2020-07-01"]) == 0
    [article] = json.loads(out.read_text(encoding="utf-8"))
    assert article["id"] == "story.txt" and article["text"] == STORY
    assert article["published"] == "2020-07-01"
    tuesday = [d for d in article["dates"] if d["text"] == "Tuesday"]
    assert tuesday and tuesday[0]["value"] == "2020-06-30"


def test_console_script_reads_stdin(tmp_path: Path) -> None:
    line = json.dumps({"id": "s1", "text": STORY, "published": "2020-07-01"}) + "\n"
    done = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", "-"],
        input=line,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [article] = [json.loads(x) for x in done.stdout.splitlines()]
    assert article["id"] == "s1" and any(f["unit"] == "%" for f in article["figures"])


def test_unreadable_publication_date_fails_that_document_by_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps({"id": "odd-date", "text": STORY, "published": "last Tuesday"})
        + "\n"
        + json.dumps({"id": "fine", "text": STORY, "published": "2020-07-01"})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(docs), "-o", str(out)]) == 1
    assert "newsfacts: odd-date: not an ISO 8601 date: 'last Tuesday'" in capsys.readouterr().err
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["odd-date", "fine"]
