"""Heavy modules load only in the code path that needs them (checked in fresh interpreters).

The speed itself is measured by ``benchmarks/startup.py``, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.settings import DEFAULT_MODEL

HEAVY = (
    "spacy",
    "thinc",
    "numpy",
    "requests",
    "urllib3",
    "lxml",
    "bs4",
    "feedparser",
    "warcio",
    "dask",
    "distributed",
    "pyarrow",
    "psycopg",
    "dateparser",
    "tqdm",
    "charset_normalizer",
)
# Only fetching needs these, only a bar needs tqdm (spaCy itself may load some: those are allowed).
NETWORK_AND_BATCH = ("requests", "urllib3", "feedparser", "warcio", "dask", "pyarrow", "psycopg", "tqdm")


def _loaded_after(code: str) -> list[str]:
    """The top-level packages a fresh interpreter holds after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def _main(*argv: str) -> str:
    quiet = "contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit)"
    return f"import contextlib, io\nfrom extractor.cli import main\nwith {quiet}:\n    main({list(argv)!r})"


@pytest.mark.parametrize(
    "code",
    [
        "import extractor",
        "import extractor.cli",
        "from extractor import Article, Document, NewsfactsError",
        _main("--version"),
        _main("--help"),
        _main("extract", "--help"),
        _main("fetch", "--help"),
        _main("discover", "--help"),
    ],
)
def test_start_up_loads_no_heavy_module(code: str) -> None:
    assert sorted(set(_loaded_after(code)) & set(HEAVY)) == []


def test_extracting_a_text_file_loads_no_network_or_batch_module(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "Exports rose 5% in the second quarter, the ministry said on Tuesday.\n", encoding="utf-8"
    )
    loaded = set(
        _loaded_after(_main("extract", str(story), "-o", str(tmp_path / "out.jsonl"), "--no-progress"))
    )
    assert "spacy" in loaded and (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    by_spacy = set(_loaded_after(f"import spacy\nspacy.load({DEFAULT_MODEL!r})"))
    assert sorted((loaded - by_spacy) & set(NETWORK_AND_BATCH)) == []


def test_loading_another_spacy_pipeline_compiles_none_of_our_rules() -> None:
    # spaCy imports every installed spacy_factories entry point when it loads a pipeline.
    probe = (
        f"import spacy, sys\nspacy.load({DEFAULT_MODEL!r})\n"
        "print(sorted(m for m in sys.modules if m.startswith('extractor.')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    stages = ("extractor.timex", "extractor.figures", "extractor.attribution", "extractor.clean")
    loaded = done.stdout.splitlines()[-1]
    assert "extractor.components" in loaded and not any(f"'{stage}" in loaded for stage in stages)
