"""The code stays lint-clean (ruff) and type-checked (mypy --strict on the library)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


@pytest.mark.skipif(
    importlib.util.find_spec("ruff") is None, reason="ruff is not installed (pip install '.[test]')"
)
def test_ruff_is_clean() -> None:
    done = _run("ruff", "check", "extractor", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None, reason="mypy is not installed (pip install '.[test]')"
)
def test_mypy_is_clean_on_the_library() -> None:
    done = _run("mypy", "extractor")
    assert done.returncode == 0, done.stdout + done.stderr
