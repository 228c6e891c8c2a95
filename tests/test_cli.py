"""The command line: help everywhere, output formats, exit codes and error reporting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import build_parser, main
from extractor.records import SCHEMA_VERSION

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
    assert by_id["good"]["schema_version"] == SCHEMA_VERSION and by_id["good"]["published"] == "2020-07-01"


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


def test_progress_bar_shows_a_known_total(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stories = tmp_path / "stories"
    stories.mkdir()
    for name in ("a", "b", "c"):
        (stories / f"{name}.txt").write_text(STORY, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(stories / "a.txt"), str(stories), "-o", str(out), "--progress"]) == 0
    err = capsys.readouterr().err
    assert "4/4" in err  # a.txt, then the directory's three files


def test_extract_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    help_text = capsys.readouterr().out
    assert "examples:\n  newsfacts extract story.html" in help_text


# --- outputs that cannot be written, and what the run tells -------------------------------------


def _story(tmp_path: Path) -> Path:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    return story


def test_an_output_that_cannot_be_opened_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["extract", str(_story(tmp_path)), "-o", str(tmp_path / "no" / "such" / "dir" / "out.jsonl")])
    err = capsys.readouterr().err
    assert code == 3 and err.startswith("newsfacts: error: cannot write") and err.count("\n") == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("option", ["-o", "--failures"])
def test_a_full_disk_is_one_line_and_exit_3(
    tmp_path: Path, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text('{"id": "empty", "text": " "}\n', encoding="utf-8")  # a failure to report
    out = ["-o", str(tmp_path / "out.jsonl")] if option == "--failures" else []
    assert main(["extract", str(docs), *out, option, "/dev/full"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("newsfacts: error: cannot write") and "No space left on device" in err[-1]
    assert not any("Traceback" in line for line in err)


@pytest.mark.parametrize("target", ["s3://bucket/facts.parquet", "file:///tmp/x.jsonl", "ftp://host/x.csv"])
def test_an_unknown_output_url_scheme_is_refused(
    tmp_path: Path, target: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["extract", str(_story(tmp_path)), "-o", target]) == 2
    err = capsys.readouterr().err
    assert "unsupported output URL scheme" in err and "postgresql://" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]  # no s3:/ folder made


def _cli(*argv: str) -> list[str]:
    return [sys.executable, "-m", "extractor", *argv]


def test_a_closed_standard_output_is_an_output_error(tmp_path: Path) -> None:
    done = subprocess.run(
        _cli("extract", str(_story(tmp_path))),
        preexec_fn=lambda: os.close(1),  # the child starts with its standard output closed
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 3
    assert done.stderr.strip() == "newsfacts: error: cannot write to standard output: it is closed"


def test_a_reader_that_goes_away_is_one_line_and_exit_3(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    line = json.dumps({"text": STORY * 8, "published": "2020-07-01"})
    docs.write_text(
        "".join(line.replace("{", f'{{"id": "d{n}", ', 1) + "\n" for n in range(300)), encoding="utf-8"
    )
    with subprocess.Popen(
        _cli("extract", str(docs), "--no-progress"), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as run:
        assert run.stdout is not None and run.stderr is not None
        first = run.stdout.readline()
        run.stdout.close()  # like `| head -1`
        err = run.stderr.read().decode()
        code = run.wait(timeout=300)
    assert json.loads(first)["id"] == "d0"
    assert (
        code == 3
        and err.strip().splitlines()[-1] == "newsfacts: error: cannot write to standard output: Broken pipe"
    )
    assert "Traceback" not in err and "Exception ignored" not in err


def test_the_run_ends_with_a_summary_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps({"id": "ok", "text": STORY})
        + "\n{broken\n"
        + json.dumps({"id": "blank", "text": "\u200b"})
        + "\n",
        encoding="utf-8",
    )
    assert main(["extract", str(docs), "-o", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "newsfacts: 3 documents: 1 written, 1 failed, 1 unreadable"


def test_verbose_says_what_is_done_and_debug_shows_a_failures_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _story(tmp_path)
    assert main(["extract", str(story), "-o", str(tmp_path / "a.jsonl"), "--verbose"]) == 0
    assert f"newsfacts: reading {story}" in capsys.readouterr().err

    def broken_linking(*args: object) -> None:
        raise ZeroDivisionError("a bug in linking")

    monkeypatch.setattr("extractor.pipeline.link_figures", broken_linking)
    assert main(["extract", str(story), "-o", str(tmp_path / "b.jsonl")]) == 1
    quiet = capsys.readouterr().err
    assert "newsfacts: story.txt: linking failed: ZeroDivisionError: a bug in linking" in quiet
    assert "Traceback" not in quiet
    assert main(["extract", str(story), "-o", str(tmp_path / "c.jsonl"), "--debug"]) == 1
    loud = capsys.readouterr().err
    assert "newsfacts: story.txt failed here:\nTraceback (most recent call last):" in loud
    assert 'raise ZeroDivisionError("a bug in linking")' in loud


def test_a_url_that_fails_is_reported_by_its_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from http_server import LocalServer, html_reply

    with LocalServer() as server:
        server.route("/empty", html_reply("<html><body></body></html>"))
        url = server.url("/empty")
        out = tmp_path / "out.jsonl"
        code = main(
            ["extract", url, "-o", str(out), "--allow-address", "127.0.0.1", "--rate", "0", "--ignore-robots"]
        )
    assert code == 1
    assert f"newsfacts: {url}: " in capsys.readouterr().err
    [article] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert article["url"] == url and article["errors"]
